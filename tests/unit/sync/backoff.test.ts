import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/sync/backoff';

const policy = { baseMs: 1_000, maxMs: 60_000 };
const low = () => 0;
const high = () => 0.999999;

describe('backoffDelay', () => {
  it('stays within [ceiling/2, ceiling] where the ceiling doubles from baseMs', () => {
    for (let n = 1; n <= 6; n++) {
      const ceiling = policy.baseMs * 2 ** (n - 1);
      expect(backoffDelay(n, policy, low)).toBe(ceiling / 2);
      expect(backoffDelay(n, policy, high)).toBe(ceiling);
      expect(backoffDelay(n, policy, () => 0.5)).toBe(Math.round(ceiling * 0.75));
    }
  });

  it('grows with each failure', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, low));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never exceeds maxMs, even after very many failures', () => {
    for (const n of [7, 10, 50, 1_100, 10_000]) {
      const d = backoffDelay(n, policy, high);
      expect(Number.isFinite(d)).toBe(true);
      expect(d).toBeLessThanOrEqual(policy.maxMs);
      expect(backoffDelay(n, policy, low)).toBe(policy.maxMs / 2);
    }
  });

  it('treats zero or negative failures as the first one', () => {
    expect(backoffDelay(0, policy, low)).toBe(500);
    expect(backoffDelay(-3, policy, high)).toBe(1000);
  });

  it('spreads devices out: random draws give different delays within the bounds', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, policy);
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(8_000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it('defaults to 2 s doubling up to 5 min', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 2_000, maxMs: 300_000 });
    expect(backoffDelay(1, undefined, low)).toBe(1_000);
    expect(backoffDelay(1, undefined, high)).toBe(2_000);
    expect(backoffDelay(30, undefined, high)).toBe(300_000);
  });
});
