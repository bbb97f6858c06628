import { AppError } from '#shared/errors';
import type { NewRecordState } from '../store/store';

export const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** A batch that would write more than its limit: refused whole, 413 (the device sends smaller ones). */
export class WritesOverBudget extends AppError {
  constructor(limit: number) {
    super('PAYLOAD_TOO_LARGE', `These changes would make the server write more than ${limit} bytes (an hour's volume budget): send fewer at a time`, {
      reason: 'WRITES_OVER_BUDGET',
      limit,
    });
  }
}

/**
 * Bytes a batch of changes made the store write beyond the records its changes name: conflicts,
 * history entries, records the server derives (a draft a step publishes), publications queued.
 * A change's own record is what the request carried (and is rewritten in place); receipts and
 * audit entries are a few hundred bytes per change whatever it holds (field names, never
 * values), so they grow with what was sent. What is counted here is what one small request can
 * multiply (a large stored value copied into many rows), so it is charged to its user's volume
 * budget (see push-budget.ts).
 */
export class WriteMeter {
  bytes = 0;
  /** The record the change being applied names: its own new state is not counted. */
  current: { kind: string; id: string } | null = null;

  /**
   * `limit`: the most one batch may write so (a push: its user's whole hourly budget). Past it
   * the batch is refused whole (nothing kept): one request never writes more than an hour's
   * budget, whatever the records it touches hold. The device sends it again in smaller pushes.
   */
  constructor(readonly limit = Number.POSITIVE_INFINITY) {}

  add(value: unknown): void {
    this.bytes += sizeOf(value);
  }

  /** Refuses the batch when what it wrote, and what it holds to write, passes the limit. */
  check(held = 0): void {
    if (this.bytes + held > this.limit) throw new WritesOverBudget(this.limit);
  }

  isOwn(s: NewRecordState): boolean {
    return this.current !== null && this.current.kind === s.kind && this.current.id.toLowerCase() === s.id.toLowerCase();
  }
}
