import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The caller's address: the one the trusted proxies forwarded (see `trustProxy`), else the
 * socket's, or 'unknown' off a Node socket (tests calling app.fetch directly).
 */
export function clientAddress(c: Context): string {
  const forwarded = (c.var as { clientAddress?: string }).clientAddress;
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Behind a load balancer or TLS proxy every request comes from the proxy's address, so limits
 * and lockouts per address would lump a whole department together. With `hops` trusted proxies
 * in front, the client is the entry they appended to X-Forwarded-For, counted from the right
 * (what a client writes there itself is further left and ignored). 0 trusts nobody.
 */
export function trustProxy(hops: number): MiddlewareHandler {
  return async (c, next) => {
    if (hops > 0) {
      const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const client = chain.length >= hops ? chain[chain.length - hops] : undefined;
      if (client) c.set('clientAddress' as never, client.slice(0, 64) as never);
    }
    await next();
  };
}

/** A fixed-window counter per key: `hit` answers the seconds to wait once over the budget, else null. */
export class FixedWindow {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly opts: { windowMs: number; max: number }) {}

  hit(key: string, now = Date.now()): number | null {
    // Bounded memory under a flood of addresses: drop the windows that are over.
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.opts.windowMs });
      return null;
    }
    if (++entry.count > this.opts.max) return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
    return null;
  }
}
