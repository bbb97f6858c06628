import type { AuditEntry, NewRecordState, Receipt, ReferenceField, SeriesPosition, StoredRecord, StoreTx } from '../store/store';
import { sizeOf, WriteMeter, WritesOverBudget } from './write-meter';

export { WriteMeter, WritesOverBudget };

/** What identifies an open conflict: one per record, field and device that sent the value. */
export interface ConflictKey {
  municipality: string;
  kind: string;
  recordId: string;
  field: string;
  device: string;
}

/**
 * A set-wise batch that cannot be undone in memory: a change that had written to the database
 * (something not deferred, or a flush it needed) failed, or a deferred write failed when
 * flushed. The transaction is rolled back whole and the batch applied again eagerly (a real
 * savepoint per change, rows written at once), so a failing change is refused alone as before.
 */
export class SetWiseFailed extends Error {
  constructor(cause: unknown) {
    super('A set-wise batch must be applied again change by change', { cause });
  }
}

const CONFLICT = 'conflict';

/**
 * A record as this write leaves it: its origin (the device that settled it) is the one this
 * write names, never one copied along from the stored record the state was made from.
 */
function written(state: NewRecordState, seq: number, origin?: string | null): StoredRecord {
  const { origin: _copied, ...rest } = state as StoredRecord;
  return { ...rest, seq, ...(origin ? { origin } : {}) };
}

const keyOf = (municipality: string, kind: string, id: string) => `${municipality}\u0000${kind}\u0000${id}`;

/** A logical savepoint of a set-wise batch: where its undo log started, and whether it wrote to the database. */
interface Frame {
  mark: number;
  bytes: number;
  touched: boolean;
}

/**
 * The transaction a batch of changes (a push, an import) runs in, as the kinds' rules see it:
 * - every write of a record goes through the meter;
 * - conflicts are written once, at the end of the batch (or before anything reads conflicts):
 *   a batch that sends one field many conflicting values stores one version of its conflict,
 *   not one per change (PostgreSQL would keep every replaced version until vacuumed);
 * - what a savepoint undoes, it undoes here too (the meter's count, conflicts held).
 *
 * Set-wise (issue 16, the default): the batch's current records are read in one query up front
 * (`prime`) and every record read is kept; records, series numbers, receipts and audit entries
 * are held in memory and written in multi-row statements when the batch ends, or before a read
 * that must see them. So a change costs no statement of its own, and a savepoint is an undo log
 * in memory, not SAVEPOINT/RELEASE: only a change that wrote to the database and then failed
 * needs the database to undo it, and that (rare) case reruns the batch eagerly (SetWiseFailed).
 * Eager (`setWise: false`): every write goes through at once and a savepoint is the database's.
 *
 * Written out method by method, so a read or write added to StoreTx does not compile here until
 * it is metered and sees what the batch holds.
 */
export class BatchTx {
  readonly tx: StoreTx;
  private held = new Map<string, { state: NewRecordState; bytes: number }>();
  /** Current records read or written so far (null: known not to exist); never conflicts. */
  private known = new Map<string, StoredRecord | null>();
  /** Set-wise: records written by the batch and not yet in the database, by key. */
  private pending = new Map<string, StoredRecord>();
  /** Set-wise: series counted on in memory (`dirty`: ahead of the database). */
  private series = new Map<string, SeriesPosition & { dirty: boolean }>();
  private receipts: Receipt[] = [];
  private audits: AuditEntry[] = [];
  private undo: (() => void)[] = [];
  private frames: Frame[] = [];

  constructor(
    private readonly inner: StoreTx,
    readonly meter: WriteMeter,
    readonly setWise = true,
  ) {
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
        return this.write(() => inner.putReceipt(receipt));
      },
      putReceipts: async (receipts) => {
        await this.flushReceipts();
        return this.write(() => inner.putReceipts(receipts));
      },
      getRecord: async (municipality, kind, id) => {
        await this.flushFor(kind);
        const key = keyOf(municipality, kind, id);
        if (this.known.has(key)) return this.known.get(key) ?? null;
        const found = await inner.getRecord(municipality, kind, id);
        // Set-wise, a record read is kept: the batch's own writes keep it current.
        if (this.setWise && kind !== CONFLICT) this.known.set(key, found);
        return found;
      },
      getRecords: async (municipality, keys) => {
        if (keys.some((k) => k.kind === CONFLICT)) await this.flush();
        if (!this.setWise) return inner.getRecords(municipality, keys);
        const out: StoredRecord[] = [];
        const missing = keys.filter((k) => {
          const key = keyOf(municipality, k.kind, k.id);
          if (k.kind === CONFLICT || !this.known.has(key)) return true;
          const r = this.known.get(key);
          if (r) out.push(r);
          return false;
        });
        return missing.length === 0 ? out : [...out, ...(await inner.getRecords(municipality, missing))];
      },
      saveRecord: async (state, origin) => {
        if (!meter.isOwn(state)) {
          meter.add([state.data, state.fieldRevs]);
          meter.check(this.heldBytes());
        }
        if (!this.setWise) {
          const seq = await inner.saveRecord(state, origin);
          if (state.kind !== CONFLICT) this.known.set(keyOf(state.municipality, state.kind, state.id), written(state, seq, origin));
          return seq;
        }
        return this.hold(state, origin);
      },
      takeSeq: () => inner.takeSeq(),
      writeRecords: async (records) => {
        if (!this.setWise) return inner.writeRecords(records);
        for (const r of records) this.holdNumbered(r);
      },
      nextInSeries: async (municipality, name, year) => {
        if (!this.setWise) return inner.nextInSeries(municipality, name, year);
        const s = await this.seriesOf(municipality, name, year);
        const { last, dirty } = s;
        this.change(() => {
          s.last = last;
          s.dirty = dirty;
        });
        s.last += 1;
        s.dirty = true;
        return s.last;
      },
      seriesLast: async (municipality, name, year) => (this.setWise ? (await this.seriesOf(municipality, name, year)).last : inner.seriesLast(municipality, name, year)),
      writeSeries: async (rows) => {
        if (!this.setWise) return inner.writeSeries(rows);
        for (const r of rows) {
          const s = await this.seriesOf(r.municipality, r.name, r.year);
          const { last, dirty } = s;
          this.change(() => {
            s.last = last;
            s.dirty = dirty;
          });
          s.last = r.last;
          s.dirty = true;
        }
      },
      recordsOfKind: async (municipality, kind) => {
        await this.flushFor(kind, true);
        return inner.recordsOfKind(municipality, kind);
      },
      recordsReferencing: async (municipality, kind, field, value) => {
        await this.flushFor(kind, true);
        return inner.recordsReferencing(municipality, kind, field, value);
      },
      recordsMentioning: async (municipality, text, limit) => {
        await this.flush();
        await this.flushRecords();
        return inner.recordsMentioning(municipality, text, limit);
      },
      deleteRecord: async (municipality, kind, id) => {
        await this.flushFor(kind);
        const key = keyOf(municipality, kind, id);
        if (this.setWise) {
          const [had, was, pend] = [this.known.has(key), this.known.get(key), this.pending.get(key)];
          this.change(() => {
            if (had) this.known.set(key, was ?? null);
            else this.known.delete(key);
            if (pend) this.pending.set(key, pend);
          });
          this.pending.delete(key);
          if (kind !== CONFLICT) this.known.set(key, null);
        } else this.known.delete(key);
        return this.write(() => inner.deleteRecord(municipality, kind, id));
      },
      enqueueOutbound: (entry) => {
        meter.add(entry.payload);
        meter.check(this.heldBytes());
        return this.write(() => inner.enqueueOutbound(entry));
      },
      // Conflicts point at no file (only kinds with a file field are indexed): nothing held counts.
      fileReferences: async (municipality, hash, addedBy, limit) => {
        await this.flushRecords();
        return inner.fileReferences(municipality, hash, addedBy, limit);
      },
      receiptsMentioning: async (municipality, texts, limit) => {
        await this.flushReceipts();
        return inner.receiptsMentioning(municipality, texts, limit);
      },
      // Rewrites in place (habeas data redacting what is kept): nothing grows.
      setReceiptResult: async (mutationId, result) => {
        await this.flushReceipts();
        return this.write(() => inner.setReceiptResult(mutationId, result));
      },
      outboundPayloads: (municipality) => inner.outboundPayloads(municipality),
      setOutboundPayload: (id, payload) => this.write(() => inner.setOutboundPayload(id, payload)),
      // Whatever a rule appends comes after the entries of the changes before it.
      appendAudit: async (entry) => {
        await this.flushAudits();
        return this.write(() => inner.appendAudit(entry));
      },
      appendAudits: async (entries) => {
        await this.flushAudits();
        return this.write(() => inner.appendAudits(entries));
      },
      // Made (written) on first use.
      officialIdKey: (municipality) => this.write(() => inner.officialIdKey(municipality)),
      savepoint: (fn) => (this.setWise ? this.logicalSavepoint(fn) : this.realSavepoint(fn)),
    };
  }

  /** Eager: the database's savepoint; what it undid was not kept, so it costs nothing and holds nothing. */
  private async realSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    // Copies: what it flushed of earlier changes is undone with it, so held again.
    const [bytes, held, receipts, audits] = [this.meter.bytes, new Map(this.held), [...this.receipts], [...this.audits]];
    try {
      return await this.inner.savepoint(fn);
    } catch (err) {
      this.meter.bytes = bytes;
      this.held = held;
      this.receipts = receipts;
      this.audits = audits;
      // What it wrote is undone: read records from the store again.
      this.known.clear();
      throw err;
    }
  }

  /** Set-wise: undone in memory, unless it wrote to the database (then the batch reruns eagerly). */
  private async logicalSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    const frame: Frame = { mark: this.undo.length, bytes: this.meter.bytes, touched: false };
    this.frames.push(frame);
    try {
      const result = await fn();
      this.frames.pop();
      if (this.frames.length === 0) this.undo.length = 0;
      return result;
    } catch (err) {
      this.frames.pop();
      // A batch over its budget is refused whole anyway; a rerun is already on its way.
      if (err instanceof WritesOverBudget || err instanceof SetWiseFailed) throw err;
      if (frame.touched) throw new SetWiseFailed(err);
      while (this.undo.length > frame.mark) this.undo.pop()?.();
      this.meter.bytes = frame.bytes;
      throw err;
    }
  }

  /** Records how to undo a change of the batch's state, while a logical savepoint is open. */
  private change(undo: () => void): void {
    if (this.frames.length > 0) this.undo.push(undo);
  }

  /**
   * A write to the database. Set-wise, open logical savepoints can no longer be undone in
   * memory, and a failure is not this change's alone to answer: the batch reruns eagerly.
   */
  private async write<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.setWise) return fn();
    for (const f of this.frames) f.touched = true;
    try {
      return await fn();
    } catch (err) {
      throw err instanceof SetWiseFailed ? err : new SetWiseFailed(err);
    }
  }

  private hold(state: NewRecordState, origin?: string | null): number {
    const seq = this.inner.takeSeq();
    this.holdNumbered(written(state, seq, origin));
    return seq;
  }

  private holdNumbered(r: StoredRecord): void {
    const key = keyOf(r.municipality, r.kind, r.id);
    const [pend, had, was] = [this.pending.get(key), this.known.has(key), this.known.get(key)];
    this.change(() => {
      if (pend) this.pending.set(key, pend);
      else this.pending.delete(key);
      if (had) this.known.set(key, was ?? null);
      else this.known.delete(key);
    });
    // Re-inserted: the map's order stays the order of the last writes.
    this.pending.delete(key);
    this.pending.set(key, r);
    if (r.kind !== CONFLICT) this.known.set(key, r);
  }

  private async seriesOf(municipality: string, name: string, year: number): Promise<SeriesPosition & { dirty: boolean }> {
    const key = `${municipality}\u0000${name}\u0000${year}`;
    let s = this.series.get(key);
    if (!s) {
      s = { municipality, name, year, last: await this.inner.seriesLast(municipality, name, year), dirty: false };
      this.series.set(key, s);
    }
    return s;
  }

  /** Reads the batch's current records in one query: later getRecord calls for them need none. */
  async prime(municipality: string, keys: readonly { kind: string; id: string }[]): Promise<void> {
    const wanted = keys.filter((k) => k.kind !== CONFLICT);
    const found = await this.inner.getRecords(municipality, wanted);
    for (const k of wanted) this.known.set(keyOf(municipality, k.kind, k.id), null);
    for (const r of found) this.known.set(keyOf(r.municipality, r.kind, r.id), r);
  }

  /** A receipt written with the others when the batch ends (see the class comment). */
  receiptLater(receipt: Receipt): void {
    this.change(() => this.receipts.pop());
    this.receipts.push(receipt);
  }

  /** An audit entry appended with the others when the batch ends (see the class comment). */
  auditLater(entry: AuditEntry): void {
    this.change(() => this.audits.pop());
    this.audits.push(entry);
  }

  private async flushReceipts(): Promise<void> {
    if (this.receipts.length === 0) return;
    const receipts = this.receipts;
    this.receipts = [];
    await this.write(() => this.inner.putReceipts(receipts));
  }

  private async flushAudits(): Promise<void> {
    if (this.audits.length === 0) return;
    const audits = this.audits;
    this.audits = [];
    await this.write(() => this.inner.appendAudits(audits));
  }

  /** Set-wise: the records held, in one multi-row write. */
  private async flushRecords(): Promise<void> {
    if (this.pending.size === 0) return;
    const records = [...this.pending.values()];
    this.pending.clear();
    await this.write(() => this.inner.writeRecords(records));
  }

  private async flushSeries(): Promise<void> {
    const dirty = [...this.series.values()].filter((s) => s.dirty);
    if (dirty.length === 0) return;
    for (const s of dirty) s.dirty = false;
    await this.write(() => this.inner.writeSeries(dirty.map(({ municipality, name, year, last }) => ({ municipality, name, year, last }))));
  }

  /** Before a read of `kind` from the database: what the batch holds of that kind is written. */
  private async flushFor(kind: string, listing = false): Promise<void> {
    if (kind === CONFLICT) await this.flush();
    // A single record of another kind is answered from `known`; a listing needs the rows.
    if (kind === CONFLICT || listing) await this.flushPendingOf(kind);
  }

  private async flushPendingOf(kind: string): Promise<void> {
    for (const r of this.pending.values()) {
      if (r.kind === kind) return this.flushRecords();
    }
  }

  /** Writes what the batch still holds: conflicts and records, series, then audit entries and receipts. */
  async end(): Promise<void> {
    this.meter.current = null;
    await this.flush();
    await this.flushRecords();
    await this.flushSeries();
    await this.flushAudits();
    await this.flushReceipts();
  }

  /** The open conflict of `key`: the one held in this batch (`held`), else the stored one. */
  async openConflict(key: ConflictKey): Promise<{ state: NewRecordState; held: boolean } | null> {
    const matches = (d: Record<string, unknown>) =>
      d.kind === key.kind && d.recordId === key.recordId && d.field === key.field && d.clientDevice === key.device && d.resolved === false;
    for (const { state } of this.held.values()) if (state.municipality === key.municipality && matches(state.data)) return { state, held: true };
    // Conflicts a device decided in this batch are written first, so what is stored is current.
    await this.flushPendingOf(CONFLICT);
    // Read past the flush of held ones: a conflict held here is never also found stored under
    // its key (its key's fields do not change), so what is stored for this key is current.
    const stored = await this.inner.recordsReferencing(key.municipality, CONFLICT, 'recordId' satisfies ReferenceField, key.recordId);
    const found = stored.find((r) => matches(r.data));
    if (!found) return null;
    const { seq: _seq, ...state } = found;
    return { state, held: false };
  }

  /** A new state of a conflict, written when the batch ends or something reads conflicts. */
  holdConflict(state: NewRecordState): void {
    const prior = this.held.get(state.id);
    this.change(() => {
      if (prior) this.held.set(state.id, prior);
      else this.held.delete(state.id);
    });
    this.held.set(state.id, { state, bytes: sizeOf([state.data, state.fieldRevs]) });
    this.meter.check(this.heldBytes());
  }

  private heldBytes(): number {
    let n = 0;
    for (const h of this.held.values()) n += h.bytes;
    return n;
  }

  /** The conflicts held: written (eager) or added to the records held (set-wise). */
  async flush(): Promise<void> {
    const held = [...this.held.values()];
    if (held.length === 0) return;
    const before = this.held;
    this.change(() => {
      this.held = before;
    });
    this.held = new Map();
    for (const { state, bytes } of held) {
      this.meter.bytes += bytes;
      if (this.setWise) this.hold(state);
      else await this.inner.saveRecord(state);
    }
  }
}
