import { Hono } from 'hono';
import { AppError } from '../../src/shared/errors';
import {
  createUserSchema,
  userUpdateSchema,
  type AdminUserResponse,
  type AdminUsersResponse,
  type DevicesResponse,
  type PasswordResetResponse,
  type RevokedResponse,
} from '../../src/shared/auth';
import { publicUser } from '../auth/sign-in';
import { createUser } from '../auth/users';
import { resetPassword, updateUserByAdmin, userOfMunicipality } from '../auth/user-admin';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

// Answers are typed by the schemas in src/shared/auth.ts the app parses them with.
export function adminRoutes(store: Store, limits: BodyLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/users', guard(store, 'GET /api/admin/users'), async (c) => {
    const users = await store.listUsers(c.get('user').municipality);
    return c.json({ users: users.map((u) => ({ ...publicUser(u), active: u.active })) } satisfies AdminUsersResponse);
  });

  app.post('/users', guard(store, 'POST /api/admin/users'), async (c) => {
    const body = await readJson(c, createUserSchema, limits);
    if (body.municipality !== c.get('user').municipality) {
      throw new AppError('FORBIDDEN', 'An admin creates users of their own municipality only');
    }
    // A new account is active.
    return c.json({ user: { ...(await createUser(store, body)), active: true } } satisfies AdminUserResponse, 201);
  });

  app.patch('/users/:id', guard(store, 'PATCH /api/admin/users/:id'), async (c) => {
    const body = await readJson(c, userUpdateSchema, limits);
    return c.json({ user: await updateUserByAdmin(store, c.get('user'), c.req.param('id').slice(0, 64), body) } satisfies AdminUserResponse);
  });

  // The temporary password is in this answer only: it is stored hashed like any other.
  app.post('/users/:id/reset-password', guard(store, 'POST /api/admin/users/:id/reset-password'), async (c) => {
    const admin = c.get('user');
    const target = await userOfMunicipality(store, admin.municipality, c.req.param('id').slice(0, 64));
    const result = await resetPassword(store, { userId: admin.id, municipality: admin.municipality, deviceId: c.get('deviceId') }, target);
    return c.json({ user: { ...publicUser({ ...target, mustChangePassword: true }), active: target.active }, ...result } satisfies PasswordResetResponse);
  });

  app.get('/devices', guard(store, 'GET /api/admin/devices'), async (c) => {
    const municipality = c.get('user').municipality;
    const users = new Map((await store.listUsers(municipality)).map((u) => [u.id, u]));
    const devices = await store.listDevices(municipality);
    return c.json({
      devices: devices.map((d) => ({
        ...d,
        username: users.get(d.userId)?.username ?? null,
        displayName: users.get(d.userId)?.displayName ?? null,
      })),
    } satisfies DevicesResponse);
  });

  app.post('/devices/:deviceId/revoke', guard(store, 'POST /api/admin/devices/:deviceId/revoke'), async (c) => {
    const revoked = await store.revokeDeviceSessions(c.get('user').municipality, c.req.param('deviceId').slice(0, 64), new Date().toISOString());
    return c.json({ revoked } satisfies RevokedResponse);
  });

  return app;
}
