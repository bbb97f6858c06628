import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '#shared/errors';
import { html } from '../portal/html';
import { portalPage } from '../portal/layout';
import { ACCESS_MATRIX, type AccessRule, type PublicLimit } from './access-matrix';
import { addressKey } from '../auth/address-key';
import { clientAddress, FixedWindow } from './rate-limit';

/** Requests per minute per client address, and the largest body a request of the route may carry. */
export interface LimitSize {
  perMinute: number;
  maxBodyBytes: number;
}
export type PublicLimits = Record<PublicLimit, LimitSize>;

// A whole town hall may share one address: the pages' budget is far above what people click, and
// the app's budget above a first load (about 40 files) plus its service worker's precache.
export const DEFAULT_PUBLIC_LIMITS: PublicLimits = {
  pages: { perMinute: 300, maxBodyBytes: 1024 },
  files: { perMinute: 600, maxBodyBytes: 1024 },
  app: { perMinute: 1200, maxBodyBytes: 1024 },
  lookup: { perMinute: 20, maxBodyBytes: 1024 },
  'sign-in': { perMinute: 120, maxBodyBytes: 4096 },
  api: { perMinute: 300, maxBodyBytes: 1024 },
};

const RULES = ACCESS_MATRIX as Record<string, AccessRule>;

/**
 * The matrix entry a request falls under: an exact route first, else the longest wildcard
 * (`/api/*` before the app's `/*`). Middlewares on `/api/*` share that key, which is harmless.
 */
export function matrixKeyOf(c: Context): string | null {
  const keys = [...new Set(matchedRoutes(c).map((r) => `${r.method} ${r.path}`))].filter((k) => k in RULES);
  const exact = keys.find((k) => !k.endsWith('*'));
  if (exact) return exact;
  return keys.sort((a, b) => b.length - a.length)[0] ?? null;
}

function tooMany(c: Context, retry: number): Response {
  c.header('Retry-After', String(retry));
  c.header('Cache-Control', 'no-store');
  if (c.req.path.startsWith('/api/')) {
    return c.json(new AppError('RATE_LIMITED', 'Too many requests; wait a moment', { retryAfterSeconds: retry }).toJSON(), 429);
  }
  // People read the portal: a page in Spanish rather than JSON.
  const body = html`<p role="alert">Recibimos demasiadas solicitudes desde su conexión en poco tiempo.</p>
<p>Espere ${retry} segundos y vuelva a intentarlo. <a href="/portal">Volver al inicio del portal</a></p>`;
  return c.html(portalPage({ site: null, title: 'Demasiadas solicitudes', body }), 429);
}

function tooLarge(c: Context, limit: number): Response {
  return c.json(new AppError('PAYLOAD_TOO_LARGE', `A body over ${limit} bytes is not accepted here`, { limit }).toJSON(), 413);
}

/**
 * Rate and body limits of every public route, from its `limit` in the access matrix (routes
 * outside the matrix — nothing answers them but a 404 — count as the app's files).
 */
export function publicLimits(sizes: Partial<PublicLimits> = {}): MiddlewareHandler {
  const all = { ...DEFAULT_PUBLIC_LIMITS, ...sizes };
  const windows = Object.fromEntries(
    Object.entries(all).map(([k, v]) => [k, new FixedWindow({ windowMs: 60_000, max: v.perMinute })]),
  ) as Record<PublicLimit, FixedWindow>;
  return async (c, next) => {
    const key = matrixKeyOf(c);
    const rule = key ? RULES[key] : undefined;
    if (rule && rule.who !== 'public') return next();
    const limit: PublicLimit = rule?.who === 'public' ? rule.limit : 'app';
    const size = all[limit];
    const declared = Number(c.req.header('content-length') ?? '0');
    const bodiless = c.req.method === 'GET' || c.req.method === 'HEAD';
    // A GET carries no body worth reading: one of unknown length (chunked) counts as too large.
    if (declared > size.maxBodyBytes || !Number.isFinite(declared) || (bodiless && c.req.header('transfer-encoding'))) {
      return tooLarge(c, size.maxBodyBytes);
    }
    // An IPv6 client counts by its /64: it could pick a new address in it for every request.
    const retry = windows[limit].hit(addressKey(clientAddress(c)));
    if (retry !== null) return tooMany(c, retry);
    return next();
  };
}
