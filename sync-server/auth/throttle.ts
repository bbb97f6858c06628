import { AppError } from '#shared/errors';
import type { RetryAfterDetails } from '#shared/auth';
import type { FailureTally, Store } from '../store/store';
import { addressKey } from './address-key';

/**
 * How password guessing is slowed down. Failures count per (username, address) and, with a much
 * higher allowance, per address alone (one address trying many usernames); never per username
 * alone, so nobody elsewhere can keep a person out. The address-wide allowance slows down the
 * usernames failing there, never someone's first tries, so nobody sharing the address can keep
 * the others out either. Each failure stops counting after the window. IPv6 addresses count by
 * their /64 (see addressKey).
 */
export interface ThrottlePolicy {
  /** Failures of one username from one address before each further try must wait. */
  freeAttempts: number;
  /** Failures from one address under any usernames: higher, as a whole town hall may share one connection. */
  freeAttemptsPerAddress: number;
  /**
   * Over the address's allowance, a username with fewer failures of its own there than this
   * still gets its try (counted as usual): one mistyped password of a colleague does not lock
   * them out because someone else at the address sprays made-up usernames.
   */
  ownFailuresBeforeAddressWait: number;
  /** The first wait; it doubles with every further failure, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A failure older than this no longer counts. */
  failureWindowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  freeAttemptsPerAddress: 50,
  ownFailuresBeforeAddressWait: 2,
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
  const key = addressKey(who.address);
  const { id, pair, address } = await store.recordSignInFailure({ username: who.username, address: key, at: now.toISOString() }, since);
  // Same steps for known and unknown usernames: whether the address wait applies depends only
  // on this username's failures here, so it tells nothing about whether the account exists.
  const addressWait = pair.count >= Math.min(policy.ownFailuresBeforeAddressWait, policy.freeAttempts);
  const from = Math.max(allowedFrom(pair, policy.freeAttempts, policy), addressWait ? allowedFrom(address, policy.freeAttemptsPerAddress, policy) : 0);
  if (from > now.getTime()) {
    await store.forgetSignInFailure(id);
    const details: RetryAfterDetails = { retryAfterSeconds: Math.ceil((from - now.getTime()) / 1000) };
    throw new AppError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins; try again later', details);
  }
  const passed = await check();
  if (passed !== null) await store.clearSignInFailures(who.username, key);
  return passed;
}
