import type { Store } from '../store/store';

export interface OutboundOptions {
  url: string;
  intervalMs?: number;
  timeoutMs?: number;
  /** First retry delay; it doubles on every failure up to an hour. */
  retryBaseMs?: number;
  fetchImpl?: typeof fetch;
}

/** Delay before the next try: `baseMs` (5 s) doubling to at most an hour. */
export function outboundBackoffMs(attempts: number, baseMs = 5000): number {
  return Math.min(3600_000, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends queued publications to the external CMS. The queue lives in the database, written in
 * the same transaction as the publication, so a down portal or a server restart loses nothing;
 * failures are retried with growing delays until the CMS answers 2xx.
 */
export function startOutboundWorker(store: Store, opts: OutboundOptions): { stop(): void; runOnce(): Promise<number> } {
  const doFetch = opts.fetchImpl ?? fetch;
  let running = false;
  async function runOnce(): Promise<number> {
    if (running) return 0;
    running = true;
    let delivered = 0;
    try {
      for (const row of await store.dueOutbound(new Date().toISOString(), 20)) {
        try {
          const res = await doFetch(opts.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': row.id },
            body: JSON.stringify({ id: row.id, municipality: row.municipality, ...(row.payload as object) }),
            signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          await store.markOutbound(row.id, { deliveredAt: new Date().toISOString(), attempts: row.attempts + 1, lastError: null });
          delivered++;
        } catch (err) {
          const attempts = row.attempts + 1;
          await store.markOutbound(row.id, {
            attempts,
            lastError: err instanceof Error ? err.message : String(err),
            nextAttemptAt: new Date(Date.now() + outboundBackoffMs(attempts, opts.retryBaseMs)).toISOString(),
          });
        }
      }
    } finally {
      running = false;
    }
    return delivered;
  }
  const timer = setInterval(() => void runOnce().catch((e) => console.error('outbound', e)), opts.intervalMs ?? 5000);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
