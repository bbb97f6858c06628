import type { Store } from '../store/store';

/** Default bytes of changes one person may push per hour: weeks of a town hall's filings. */
export const DEFAULT_PUSH_BYTES_PER_HOUR = 20 * 1024 * 1024;

/**
 * Charges a push to its user's hourly volume budget (bytes of the changes as JSON), kept in the
 * store so that every instance on one database draws from the same budget. Answers null when
 * the push may go on, else the whole seconds to wait. One push never costs more than the whole
 * budget, so the largest push a body limit lets through can always go in time.
 */
export async function chargePush(store: Store, userId: string, mutations: readonly unknown[], bytesPerHour: number, nowMs = Date.now()): Promise<number | null> {
  const cost = Math.min(bytesPerHour, Buffer.byteLength(JSON.stringify(mutations)));
  const waitMs = await store.spendBudget(`push:${userId}`, cost, { capacity: bytesPerHour, periodMs: 3_600_000 }, nowMs);
  return waitMs === 0 ? null : Math.ceil(waitMs / 1000);
}
