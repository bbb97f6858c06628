import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from '../../src/shared/errors';

/** A fixed-window counter per client address, for public routes. */
export function rateLimit(opts: { windowMs: number; max: number }): MiddlewareHandler {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    let addr = 'unknown';
    try {
      addr = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // Not on a Node socket (tests calling app.fetch directly).
    }
    const now = Date.now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
    const entry = hits.get(addr);
    if (!entry || entry.resetAt <= now) {
      hits.set(addr, { count: 1, resetAt: now + opts.windowMs });
    } else if (++entry.count > opts.max) {
      const retry = Math.ceil((entry.resetAt - now) / 1000);
      c.header('Retry-After', String(retry));
      throw new AppError('RATE_LIMITED', 'Too many requests; wait a moment', { retryAfterSeconds: retry });
    }
    await next();
  };
}
