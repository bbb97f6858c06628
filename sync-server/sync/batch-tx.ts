import { AppError } from '#shared/errors';
import type { AuditEntry, NewRecordState, Receipt, ReferenceField, StoredRecord, StoreTx } from '../store/store';

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
 * - what a savepoint undoes, it undoes here too (the meter's count, conflicts held);
 * - set-wise (issue 16): the batch's current records are read in one query up front (`prime`)
 *   and kept current as it writes them; its receipts and its own audit entries (`receiptLater`,
 *   `auditLater`) are written in one multi-row statement each, when the batch ends or before
 *   anything reads or appends them, so the chain's order and every read stay as if written at once.
 * Written out method by method, so a read or write added to StoreTx does not compile here until
 * it is metered and sees the conflicts held.
 */
export class BatchTx {
  readonly tx: StoreTx;
  private held = new Map<string, { state: NewRecordState; bytes: number }>();
  /** Current records read up front or written since (null: known not to exist); never conflicts. */
  private known = new Map<string, StoredRecord | null>();
  private receipts: Receipt[] = [];
  private audits: AuditEntry[] = [];

  constructor(
    private readonly inner: StoreTx,
    readonly meter: WriteMeter,
  ) {
    const flushFor = async (kind: string) => {
      if (kind === CONFLICT) await this.flush();
    };
    const keyOf = (municipality: string, kind: string, id: string) => `${municipality}\u0000${kind}\u0000${id}`;
    this.tx = {
      municipality: inner.municipality,
      getReceipt: async (id) => {
        await this.flushReceipts();
        return inner.getReceipt(id);
      },
      getReceipts: async (ids) => {
        await this.flushReceipts();
        return inner.getReceipts(ids);
      },
      putReceipt: async (receipt) => {
        await this.flushReceipts();
        return inner.putReceipt(receipt);
      },
      putReceipts: async (receipts) => {
        await this.flushReceipts();
        return inner.putReceipts(receipts);
      },
      getRecord: async (municipality, kind, id) => {
        await flushFor(kind);
        const key = keyOf(municipality, kind, id);
        if (this.known.has(key)) return this.known.get(key) ?? null;
        return inner.getRecord(municipality, kind, id);
      },
      getRecords: async (municipality, keys) => {
        if (keys.some((k) => k.kind === CONFLICT)) await this.flush();
        return inner.getRecords(municipality, keys);
      },
      saveRecord: async (state, origin) => {
        if (!meter.isOwn(state)) {
          meter.add([state.data, state.fieldRevs]);
          meter.check(this.heldBytes());
        }
        const seq = await inner.saveRecord(state, origin);
        if (state.kind !== CONFLICT) {
          // As the store would read it back: the origin is what this write named, never a copy's.
          const { origin: _copied, ...written } = state as StoredRecord;
          this.known.set(keyOf(state.municipality, state.kind, state.id), { ...written, seq, ...(origin ? { origin } : {}) });
        }
        return seq;
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
        this.known.delete(keyOf(municipality, kind, id));
        return inner.deleteRecord(municipality, kind, id);
      },
      enqueueOutbound: (entry) => {
        meter.add(entry.payload);
        meter.check(this.heldBytes());
        return inner.enqueueOutbound(entry);
      },
      // Conflicts point at no file (only kinds with a file field are indexed): nothing held counts.
      fileReferences: (municipality, hash, addedBy, limit) => inner.fileReferences(municipality, hash, addedBy, limit),
      receiptsMentioning: async (municipality, texts, limit) => {
        await this.flushReceipts();
        return inner.receiptsMentioning(municipality, texts, limit);
      },
      // Rewrites in place (habeas data redacting what is kept): nothing grows.
      setReceiptResult: async (mutationId, result) => {
        await this.flushReceipts();
        return inner.setReceiptResult(mutationId, result);
      },
      outboundPayloads: (municipality) => inner.outboundPayloads(municipality),
      setOutboundPayload: (id, payload) => inner.setOutboundPayload(id, payload),
      // Whatever a rule appends comes after the entries of the changes before it.
      appendAudit: async (entry) => {
        await this.flushAudits();
        return inner.appendAudit(entry);
      },
      appendAudits: async (entries) => {
        await this.flushAudits();
        return inner.appendAudits(entries);
      },
      officialIdKey: (municipality) => inner.officialIdKey(municipality),
      // What a savepoint undid was not kept: it costs nothing, and conflicts it held are not held.
      savepoint: async (fn) => {
        // Copies: what it flushed of earlier changes is undone with it, so held again.
        const [bytes, held, receipts, audits] = [meter.bytes, new Map(this.held), [...this.receipts], [...this.audits]];
        try {
          return await inner.savepoint(fn);
        } catch (err) {
          meter.bytes = bytes;
          this.held = held;
          this.receipts = receipts;
          this.audits = audits;
          // What it wrote is undone: read records from the store again.
          this.known.clear();
          throw err;
        }
      },
    };
  }

  /** Reads the batch's current records in one query: later getRecord calls for them need none. */
  async prime(municipality: string, keys: readonly { kind: string; id: string }[]): Promise<void> {
    const wanted = keys.filter((k) => k.kind !== CONFLICT);
    const found = await this.inner.getRecords(municipality, wanted);
    const keyOf = (kind: string, id: string) => `${municipality}\u0000${kind}\u0000${id}`;
    for (const k of wanted) this.known.set(keyOf(k.kind, k.id), null);
    for (const r of found) this.known.set(keyOf(r.kind, r.id), r);
  }

  /** A receipt written with the others when the batch ends (see the class comment). */
  receiptLater(receipt: Receipt): void {
    this.receipts.push(receipt);
  }

  /** An audit entry appended with the others when the batch ends (see the class comment). */
  auditLater(entry: AuditEntry): void {
    this.audits.push(entry);
  }

  private async flushReceipts(): Promise<void> {
    if (this.receipts.length === 0) return;
    const receipts = this.receipts;
    this.receipts = [];
    await this.inner.putReceipts(receipts);
  }

  private async flushAudits(): Promise<void> {
    if (this.audits.length === 0) return;
    const audits = this.audits;
    this.audits = [];
    await this.inner.appendAudits(audits);
  }

  /** Writes what the batch still holds: conflicts, then audit entries and receipts. */
  async end(): Promise<void> {
    this.meter.current = null;
    await this.flush();
    await this.flushAudits();
    await this.flushReceipts();
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
