import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/sign-in';
import type { Store, StoredUser } from '../store/store';

export type AppEnv = { Variables: { user: StoredUser; token: string } };

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

export function requireUser(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    c.set('user', await authenticate(store, token));
    c.set('token', token as string);
    await next();
  };
}
