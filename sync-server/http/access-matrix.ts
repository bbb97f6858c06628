import type { MiddlewareHandler } from 'hono';
import { AppError } from '#shared/errors';
import type { Role } from '#shared/roles';
import type { Store } from '../store/store';
import { requireUser, type AppEnv } from './auth-middleware';

export type Who = 'public' | 'signed-in' | readonly Role[];

/** What else limits the answer beyond the role (for the reader of this table). */
export type Scope = 'none' | 'own-municipality' | 'own-session' | 'published-only' | 'radicado-and-code';

/** The per-address request budget of a public route (sizes in `http/public-limits.ts`). */
export type PublicLimit = 'pages' | 'files' | 'app' | 'lookup' | 'sign-in' | 'api';

// A public route must name its limit (the type and the matrix test both insist), so no public
// route exists without a rate and body limit.
export type AccessRule =
  | { who: 'public'; scope: Scope; limit: PublicLimit }
  | { who: Exclude<Who, 'public'>; scope: Scope; /** Still reachable while the user must change their password. */ duringPasswordChange?: true };

/**
 * Every route × who may call it × whose data it reaches. The server enforces it (`guard`),
 * and a test walks every route of the app against it: a route missing here fails the test.
 */
export const ACCESS_MATRIX = {
  'GET /api/health': { who: 'public', scope: 'none', limit: 'api' },
  'POST /api/auth/login': { who: 'public', scope: 'none', limit: 'sign-in' },
  'GET /api/auth/me': { who: 'signed-in', scope: 'own-session', duringPasswordChange: true },
  'POST /api/auth/logout': { who: 'signed-in', scope: 'own-session', duringPasswordChange: true },
  'POST /api/auth/logout-all': { who: 'signed-in', scope: 'own-session' },
  'POST /api/auth/refresh': { who: 'signed-in', scope: 'own-session', duringPasswordChange: true },
  'POST /api/auth/password': { who: 'signed-in', scope: 'own-session', duringPasswordChange: true },
  // Per record kind, the roles of RECORD_KINDS (read / write / update) apply on top, and an
  // official's citizen requests are those of their dependencia (src/shared/pqrsd/visibility.ts).
  'POST /api/sync/push': { who: 'signed-in', scope: 'own-municipality' },
  'POST /api/sync/pull': { who: 'signed-in', scope: 'own-municipality' },
  'GET /api/admin/users': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/users': { who: ['admin'], scope: 'own-municipality' },
  'PATCH /api/admin/users/:id': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/users/:id/reset-password': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/import': { who: ['admin'], scope: 'own-municipality' },
  'GET /api/admin/devices': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/admin/devices/:deviceId/revoke': { who: ['admin'], scope: 'own-municipality' },
  'PATCH /api/admin/devices/:deviceId': { who: ['admin'], scope: 'own-municipality' },
  // Habeas data (Ley 1581): the data-protection officer; every call audited.
  'POST /api/habeas/search': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/habeas/export': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/habeas/rectify': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/habeas/anonymise': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/habeas/redact': { who: ['admin'], scope: 'own-municipality' },
  'POST /api/blobs/:hash/start': { who: 'signed-in', scope: 'own-municipality' },
  'PUT /api/blobs/:hash': { who: 'signed-in', scope: 'own-municipality' },
  'GET /api/blobs/:hash': { who: 'signed-in', scope: 'own-municipality' },
  'ALL /api/*': { who: 'public', scope: 'none', limit: 'api' }, // unknown API routes: 404
  'GET /portal': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/portal.css': { who: 'public', scope: 'none', limit: 'pages' },
  'GET /portal/consulta': { who: 'public', scope: 'radicado-and-code', limit: 'lookup' },
  'GET /portal/transparencia': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/categoria/:key': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/contenido/:slug': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/buscar': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/secciones-al-dia': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/datos-abiertos': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/datos-abiertos/:file': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /portal/archivo/:hash': { who: 'public', scope: 'published-only', limit: 'files' },
  'GET /portal/feed.atom': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /sitemap.xml': { who: 'public', scope: 'published-only', limit: 'pages' },
  'GET /robots.txt': { who: 'public', scope: 'none', limit: 'pages' },
  'GET /*': { who: 'public', scope: 'none', limit: 'app' }, // the PWA's files
} as const satisfies Record<string, AccessRule>;

export type RouteKey = keyof typeof ACCESS_MATRIX;

/** The middleware a route runs first: the matrix entry for it, nothing written twice. */
export function guard(store: Store, key: RouteKey): MiddlewareHandler<AppEnv> {
  const rule: AccessRule = ACCESS_MATRIX[key];
  if (rule.who === 'public') return async (_c, next) => next();
  const roles = rule.who === 'signed-in' ? null : rule.who;
  const signedIn = requireUser(store);
  const duringPasswordChange = rule.duringPasswordChange === true;
  return (c, next) =>
    signedIn(c, async () => {
      const user = c.get('user');
      // After an admin reset, the temporary password only lets the user choose a new one.
      if (user.mustChangePassword && !duringPasswordChange) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Change the temporary password first (POST /api/auth/password)');
      }
      if (roles && !roles.includes(user.role)) {
        throw new AppError('FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`);
      }
      await next();
    });
}
