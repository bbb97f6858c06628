import { describe, expect, it } from 'vitest';
import { TX_TIMINGS_PREFIX, TxTimings } from '../../../sync-server/store/tx-timings';

describe('TxTimings', () => {
  it('splits each transaction into its phases and summarises them as percentiles', () => {
    const t = new TxTimings();
    // 100 transactions: queue i ms, connect 1, lock 0, work 10, commit 2.
    for (let i = 0; i < 100; i++) {
      const start = 1000 * i;
      const queue = start + i;
      t.add(start, { queue, connect: queue + 1, lock: queue + 1, work: queue + 11, commit: queue + 13 });
    }
    const s = t.summary();
    expect(s.count).toBe(100);
    expect(s.phases.queue).toEqual({ p50: 50, p99: 99, max: 99 });
    expect(s.phases.connect).toEqual({ p50: 1, p99: 1, max: 1 });
    expect(s.phases.lock).toEqual({ p50: 0, p99: 0, max: 0 });
    expect(s.phases.work).toEqual({ p50: 10, p99: 10, max: 10 });
    expect(s.phases.commit).toEqual({ p50: 2, p99: 2, max: 2 });
    expect(s.phases.total).toEqual({ p50: 63, p99: 112, max: 112 });
    expect(t.line().startsWith(TX_TIMINGS_PREFIX)).toBe(true);
    expect(JSON.parse(t.line().slice(TX_TIMINGS_PREFIX.length))).toEqual(s);
  });

  it('summarises nothing as zeros', () => {
    expect(new TxTimings().summary().phases.total).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
