import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../src/shared/errors';
import type { Role } from '../../src/shared/roles';
import type { Store } from '../store/store';
import { requireUser, type AppEnv } from './auth-middleware';

export type Who = 'public' | 'signed-in' | readonly Role[];

export interface AccessRule {
  who: Who;
  /** What else limits the answer beyond the role (for the reader of this table). */
  scope: 'none' | 'own-municipality' | 'own-session' | 'published-only' | 'radicado-and-code';
}

/**
 * Every route × who may call it × whose data it reaches. The server enforces it (`guard`),
 * and a test walks every route of the app against it: a route missing here fails the test.
 */
export const ACCESS_MATRIX = {
  'GET /api/health': { who: 'public', scope: 'none' },
  'POST /api/auth/login': { who: 'public', scope: 'none' },
  'GET /api/auth/me': { who: 'signed-in', scope: 'own-session' },
  'POST /api/auth/logout': { who: 'signed-in', scope: 'own-session' },
  'POST /api/auth/logout-all': { who: 'signed-in', scope: 'own-session' },
  'POST /api/auth/refresh': { who: 'signed-in', scope: 'own-session' },
  // Per record kind, the roles of RECORD_KINDS (read / write / update) apply on top.
  'POST /api/sync/push': { who: 'signed-in', scope: 'own-municipality' },
  'POST /api/sync/pull': { who: 'signed-in', scope: 'own-municipality' },
  'GET /api/admin/users': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/users': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/import': { who: ['admin'], scope: 'own-municipality' },
  'GET /api/admin/devices': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/devices/:deviceId/revoke': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/blobs/:hash/start': { who: 'signed-in', scope: 'own-municipality' },
  'PUT /api/blobs/:hash': { who: 'signed-in', scope: 'own-municipality' },
  'GET /api/blobs/:hash': { who: 'signed-in', scope: 'own-municipality' },
  'ALL /api/*': { who: 'public', scope: 'none' }, // unknown API routes: 404
  'GET /portal': { who: 'public', scope: 'published-only' },
  'GET /portal/portal.css': { who: 'public', scope: 'none' },
  'GET /portal/consulta': { who: 'public', scope: 'radicado-and-code' },
  'GET /portal/transparencia': { who: 'public', scope: 'published-only' },
  'GET /portal/categoria/:key': { who: 'public', scope: 'published-only' },
  'GET /portal/contenido/:slug': { who: 'public', scope: 'published-only' },
  'GET /portal/buscar': { who: 'public', scope: 'published-only' },
  'GET /portal/secciones-al-dia': { who: 'public', scope: 'published-only' },
  'GET /portal/archivo/:hash': { who: 'public', scope: 'published-only' },
  'GET /portal/feed.atom': { who: 'public', scope: 'published-only' },
  'GET /sitemap.xml': { who: 'public', scope: 'published-only' },
  'GET /*': { who: 'public', scope: 'none' }, // the PWA's files
} as const satisfies Record<string, AccessRule>;

export type RouteKey = keyof typeof ACCESS_MATRIX;

/** The middleware a route runs first: the matrix entry for it, nothing written twice. */
export function guard(store: Store, key: RouteKey): MiddlewareHandler<AppEnv> {
  const rule: AccessRule = ACCESS_MATRIX[key];
  if (rule.who === 'public') return async (_c, next) => next();
  const roles = rule.who === 'signed-in' ? null : rule.who;
  const signedIn = requireUser(store);
  return (c, next) =>
    signedIn(c, async () => {
      if (roles && !roles.includes(c.get('user').role)) {
        throw new AppError('FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`);
      }
      await next();
    });
}
