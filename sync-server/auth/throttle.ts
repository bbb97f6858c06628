import { AppError } from '../../src/shared/errors';
import type { RetryAfterDetails } from '../../src/shared/auth';
import type { FailureTally, Store } from '../store/store';

/**
 * How password guessing is slowed down. Failures count per (username, address) and, with a much
 * higher allowance, per address alone (one address trying many usernames); never per username
 * alone, so nobody elsewhere can keep a person out. Each failure stops counting after the window.
 */
export interface ThrottlePolicy {
  /** Failures of one username from one address before each further try must wait. */
  freeAttempts: number;
  /** Failures from one address under any usernames: higher, as a whole town hall may share one connection. */
  freeAttemptsPerAddress: number;
  /** The first wait; it doubles with every further failure, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A failure older than this no longer counts. */
  failureWindowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  freeAttemptsPerAddress: 50,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  failureWindowMs: 60 * 60_000,
};

/** When the next try may come after these failures (ms since the epoch); 0: now. */
function allowedFrom(t: FailureTally, free: number, p: ThrottlePolicy): number {
  if (t.count < free || !t.lastAt) return 0;
  return Date.parse(t.lastAt) + Math.min(p.baseDelayMs * 2 ** (t.count - free), p.maxDelayMs);
}

/**
 * Runs one password check under the throttle (`check` answers null for a failure). The attempt is written down as a failure before
 * the check (so guesses sent in parallel each see the ones before them) and wiped if the check
 * succeeds; one refused for waiting is not counted at all. A success clears that username's
 * failures from that address only. Unknown usernames go through exactly the same steps.
 */
export async function throttledCheck<T>(
  store: Store,
  who: { username: string; address: string },
  policy: ThrottlePolicy,
  now: Date,
  check: () => Promise<T | null>,
): Promise<T | null> {
  const since = new Date(now.getTime() - policy.failureWindowMs).toISOString();
  const { id, pair, address } = await store.recordSignInFailure({ username: who.username, address: who.address, at: now.toISOString() }, since);
  const from = Math.max(allowedFrom(pair, policy.freeAttempts, policy), allowedFrom(address, policy.freeAttemptsPerAddress, policy));
  if (from > now.getTime()) {
    await store.forgetSignInFailure(id);
    const details: RetryAfterDetails = { retryAfterSeconds: Math.ceil((from - now.getTime()) / 1000) };
    throw new AppError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins; try again later', details);
  }
  const passed = await check();
  if (passed !== null) await store.clearSignInFailures(who.username, who.address);
  return passed;
}
