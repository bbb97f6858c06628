import { AppError } from '../../src/shared/errors';
import type { NewRecordState, ReferenceField, StoreTx } from '../store/store';

const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

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

/** What identifies an open conflict: one per record, field and device that sent the value. */
export interface ConflictKey {
  municipality: string;
  kind: string;
  recordId: string;
  field: string;
  device: string;
}

const CONFLICT = 'conflict';

/**
 * The transaction a batch of changes (a push, an import) runs in, as the kinds' rules see it:
 * - every write of a record goes through the meter;
 * - conflicts are written once, at the end of the batch (or before anything reads conflicts):
 *   a batch that sends one field many conflicting values stores one version of its conflict,
 *   not one per change (PostgreSQL would keep every replaced version until vacuumed);
 * - what a savepoint undoes, it undoes here too (the meter's count, conflicts held).
 * Written out method by method, so a read or write added to StoreTx does not compile here until
 * it is metered and sees the conflicts held.
 */
export class BatchTx {
  readonly tx: StoreTx;
  private held = new Map<string, { state: NewRecordState; bytes: number }>();

  constructor(
    private readonly inner: StoreTx,
    readonly meter: WriteMeter,
  ) {
    const flushFor = async (kind: string) => {
      if (kind === CONFLICT) await this.flush();
    };
    this.tx = {
      municipality: inner.municipality,
      getReceipt: (id) => inner.getReceipt(id),
      putReceipt: (receipt) => inner.putReceipt(receipt),
      getRecord: async (municipality, kind, id) => {
        await flushFor(kind);
        return inner.getRecord(municipality, kind, id);
      },
      saveRecord: (state) => {
        if (!meter.isOwn(state)) {
          meter.add([state.data, state.fieldRevs]);
          meter.check(this.heldBytes());
        }
        return inner.saveRecord(state);
      },
      // A counter row per series and year: it never grows.
      nextInSeries: (municipality, series, year) => inner.nextInSeries(municipality, series, year),
      recordsOfKind: async (municipality, kind) => {
        await flushFor(kind);
        return inner.recordsOfKind(municipality, kind);
      },
      recordsReferencing: async (municipality, kind, field, value) => {
        await flushFor(kind);
        return inner.recordsReferencing(municipality, kind, field, value);
      },
      recordsMentioning: async (municipality, text, limit) => {
        await this.flush();
        return inner.recordsMentioning(municipality, text, limit);
      },
      deleteRecord: async (municipality, kind, id) => {
        await flushFor(kind);
        return inner.deleteRecord(municipality, kind, id);
      },
      enqueueOutbound: (entry) => {
        meter.add(entry.payload);
        meter.check(this.heldBytes());
        return inner.enqueueOutbound(entry);
      },
      // Conflicts point at no file (only kinds with a file field are indexed): nothing held counts.
      fileReferences: (municipality, hash, addedBy, limit) => inner.fileReferences(municipality, hash, addedBy, limit),
      receiptsMentioning: (municipality, texts, limit) => inner.receiptsMentioning(municipality, texts, limit),
      // Rewrites in place (habeas data redacting what is kept): nothing grows.
      setReceiptResult: (mutationId, result) => inner.setReceiptResult(mutationId, result),
      outboundPayloads: (municipality) => inner.outboundPayloads(municipality),
      setOutboundPayload: (id, payload) => inner.setOutboundPayload(id, payload),
      appendAudit: (entry) => inner.appendAudit(entry),
      officialIdKey: (municipality) => inner.officialIdKey(municipality),
      // What a savepoint undid was not kept: it costs nothing, and conflicts it held are not held.
      savepoint: async (fn) => {
        const [bytes, held] = [meter.bytes, new Map(this.held)];
        try {
          return await inner.savepoint(fn);
        } catch (err) {
          meter.bytes = bytes;
          this.held = held;
          throw err;
        }
      },
    };
  }

  /** The open conflict of `key`: the one held in this batch (`held`), else the stored one. */
  async openConflict(key: ConflictKey): Promise<{ state: NewRecordState; held: boolean } | null> {
    const matches = (d: Record<string, unknown>) =>
      d.kind === key.kind && d.recordId === key.recordId && d.field === key.field && d.clientDevice === key.device && d.resolved === false;
    for (const { state } of this.held.values()) if (state.municipality === key.municipality && matches(state.data)) return { state, held: true };
    // Read past the flush: a conflict held here is never also found stored under its key (its
    // key's fields do not change), so what is stored for this key is current.
    const stored = await this.inner.recordsReferencing(key.municipality, CONFLICT, 'recordId' satisfies ReferenceField, key.recordId);
    const found = stored.find((r) => matches(r.data));
    if (!found) return null;
    const { seq: _seq, ...state } = found;
    return { state, held: false };
  }

  /** A new state of a conflict, written when the batch ends or something reads conflicts. */
  holdConflict(state: NewRecordState): void {
    this.held.set(state.id, { state, bytes: sizeOf([state.data, state.fieldRevs]) });
    this.meter.check(this.heldBytes());
  }

  private heldBytes(): number {
    let n = 0;
    for (const h of this.held.values()) n += h.bytes;
    return n;
  }

  async flush(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    for (const { state, bytes } of held) {
      this.meter.bytes += bytes;
      await this.inner.saveRecord(state);
    }
  }
}
