import { AppError } from '#shared/errors';
import type { Store } from '../store/store';
import type { WriteMeter } from './batch-tx';

/** Default bytes of changes one person may push per hour: weeks of a town hall's filings. */
export const DEFAULT_PUSH_BYTES_PER_HOUR = 20 * 1024 * 1024;
/** Default bytes of files one person may upload per hour: a hundred phone photos or scans. */
export const DEFAULT_UPLOAD_BYTES_PER_HOUR = 200 * 1024 * 1024;

const HOUR_MS = 3_600_000;

/** Each person's hourly allowances (PUSH_BUDGET_BYTES_PER_HOUR, UPLOAD_BUDGET_BYTES_PER_HOUR). */
export interface VolumeBudgets {
  pushBytesPerHour: number;
  uploadBytesPerHour: number;
}

/**
 * Each person's hourly volume budgets, kept in the store so that every instance on one database
 * draws from the same ones: changes (pushes and imports, and what they make the server write)
 * and files (the attachments channel). Separate, so photos never hold back a filing.
 */
export type Channel = 'push' | 'upload';

const CHANNELS = {
  push: { key: 'push', reason: 'PUSH_BUDGET_EXCEEDED', what: 'push volume' },
  upload: { key: 'blob', reason: 'UPLOAD_BUDGET_EXCEEDED', what: 'upload volume' },
} as const;

/**
 * Takes `bytes` from the person's budget of `channel`, or refuses with 429 RATE_LIMITED and the
 * whole seconds to wait (sent as Retry-After), taking nothing. One request never costs more than
 * the whole budget, so the largest one a body limit lets through can always go in time. Answers
 * what it took.
 */
export async function chargeBudget(store: Store, channel: Channel, userId: string, bytes: number, bytesPerHour: number, nowMs = Date.now()): Promise<number> {
  const c = CHANNELS[channel];
  const cost = Math.min(bytesPerHour, bytes);
  const waitMs = await store.spendBudget(`${c.key}:${userId}`, cost, { capacity: bytesPerHour, periodMs: HOUR_MS }, nowMs);
  if (waitMs === 0) return cost;
  const wait = Math.ceil(waitMs / 1000);
  throw new AppError('RATE_LIMITED', `This user's ${c.what} budget is spent; retry in ${wait} s`, { reason: c.reason, retryAfterSeconds: wait });
}

/**
 * After a batch of changes committed: what it made the server write beyond what was charged for
 * it (a conflict, history, receipts, audit entries) is owed, even past zero, so a small request
 * that writes much costs what it wrote and the person's next pushes wait for it.
 */
export async function chargeWritten(store: Store, userId: string, charged: number, meter: WriteMeter, bytesPerHour: number, nowMs = Date.now()): Promise<void> {
  const owed = meter.bytes - charged;
  if (owed <= 0) return;
  await store.spendBudget(`${CHANNELS.push.key}:${userId}`, owed, { capacity: bytesPerHour, periodMs: HOUR_MS }, nowMs, true);
}
