/**
 * Where a store transaction's time goes, phase by phase (a diagnostic for the benchmark's push
 * tail, STORE_TX_TIMINGS=1): waiting in this instance's queue of the municipality, for a pooled
 * connection, for the municipality's writer lock (another instance holding it), the work, and
 * COMMIT (its WAL flush). Summarised as percentiles when the store closes.
 */
export const TX_PHASES = ['queue', 'connect', 'lock', 'work', 'commit'] as const;
export type TxPhase = (typeof TX_PHASES)[number];

/** The line's prefix, for whoever reads the server's output. */
export const TX_TIMINGS_PREFIX = 'store-tx-timings ';

export class TxTimings {
  private readonly samples = new Map<TxPhase, number[]>(TX_PHASES.map((p) => [p, []]));
  private total: number[] = [];

  /** One transaction: the moments it reached each phase's end, from `start` (performance.now()). */
  add(start: number, ends: Record<TxPhase, number>): void {
    let at = start;
    for (const p of TX_PHASES) {
      this.samples.get(p)?.push(ends[p] - at);
      at = ends[p];
    }
    this.total.push(at - start);
  }

  /** p50 / p99 / max of each phase and of the whole, in ms. */
  summary(): { count: number; phases: Record<TxPhase | 'total', { p50: number; p99: number; max: number }> } {
    const pick = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (q: number) => Math.round((s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))] ?? 0) * 10) / 10;
      return { p50: at(50), p99: at(99), max: Math.round((s.at(-1) ?? 0) * 10) / 10 };
    };
    const phases = Object.fromEntries([...TX_PHASES.map((p) => [p, pick(this.samples.get(p) ?? [])]), ['total', pick(this.total)]]) as Record<
      TxPhase | 'total',
      { p50: number; p99: number; max: number }
    >;
    return { count: this.total.length, phases };
  }

  line(): string {
    return `${TX_TIMINGS_PREFIX}${JSON.stringify(this.summary())}`;
  }
}
