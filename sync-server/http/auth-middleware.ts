import type { Context, MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/sign-in';
import type { Store, StoredUser } from '../store/store';

/**
 * `deviceId` is the device the session was opened on: what audit entries and pushes name.
 * A header the client sends naming a device is never trusted for it.
 */
export type AppEnv = { Variables: { user: StoredUser; token: string; deviceId: string | null } };

/** Who makes the request, as services take it: the signed-in user and their session's device. */
export const callerOf = (c: Context<AppEnv>): { user: StoredUser; deviceId: string | null } => ({ user: c.get('user'), deviceId: c.get('deviceId') });

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

export function requireUser(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const who = await authenticate(store, token);
    c.set('user', who.user);
    c.set('deviceId', who.deviceId);
    c.set('token', token as string);
    await next();
  };
}
