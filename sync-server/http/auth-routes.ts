import { Hono } from 'hono';
import { z } from 'zod/mini';
import {
  loginRequestSchema,
  passwordChangeSchema,
  type LoginResponse,
  type LogoutResponse,
  type MeResponse,
  type RevokedResponse,
} from '#shared/auth';
import { issueSession, publicUser, signIn, type SignInPolicy } from '../auth/sign-in';
import { hashToken } from '../auth/tokens';
import { changeOwnPassword } from '../auth/user-admin';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';
import { clientAddress } from './rate-limit';

/** A user name and passwords fit in far less; checked on the bytes read, chunked or compressed. */
const CREDENTIALS_LIMITS: BodyLimits = { maxBodyBytes: 4096, maxInflatedBytes: 4096 };

const loginBodySchema = z.extend(loginRequestSchema, { deviceId: z.optional(z.string().check(z.minLength(8), z.maxLength(64))) });

// Answers are typed by the schemas in src/shared/auth.ts the app parses them with.
export function authRoutes(store: Store, policy?: SignInPolicy): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/login', guard(store, 'POST /api/auth/login'), async (c) => {
    const body = await readJson(c, loginBodySchema, CREDENTIALS_LIMITS);
    const result = await signIn(
      store,
      { username: body.username, password: body.password, deviceId: body.deviceId ?? null, clientAddress: clientAddress(c) },
      policy,
    );
    return c.json(result satisfies LoginResponse);
  });

  app.get('/me', guard(store, 'GET /api/auth/me'), (c) => c.json({ user: publicUser(c.get('user')) } satisfies MeResponse));

  app.post('/logout', guard(store, 'POST /api/auth/logout'), async (c) => {
    await store.revokeSession(hashToken(c.get('token')), new Date().toISOString());
    return c.json({ ok: true } satisfies LogoutResponse);
  });

  // A device online before its token expires swaps it for a fresh one (the old one stops working),
  // for the same device, with that device's keys (how a session older than the keys gets them).
  app.post('/refresh', guard(store, 'POST /api/auth/refresh'), async (c) => {
    const user = c.get('user');
    const next = await issueSession(store, user, c.get('deviceId'), policy);
    await store.revokeSession(hashToken(c.get('token')), new Date().toISOString());
    return c.json(next satisfies LoginResponse);
  });

  // Answers like a refresh: the new token replaces the one in use, every other session ends.
  app.post('/password', guard(store, 'POST /api/auth/password'), async (c) => {
    const body = await readJson(c, passwordChangeSchema, CREDENTIALS_LIMITS);
    const session: LoginResponse = await changeOwnPassword(store, c.get('user'), c.get('token'), body, clientAddress(c), policy);
    return c.json(session);
  });

  app.post('/logout-all', guard(store, 'POST /api/auth/logout-all'), async (c) => {
    return c.json({ revoked: await store.revokeUserSessions(c.get('user').id, new Date().toISOString()) } satisfies RevokedResponse);
  });

  return app;
}
