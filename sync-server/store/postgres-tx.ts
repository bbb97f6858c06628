import type { PoolClient, QueryResultRow } from 'pg';
import type { AuditKey } from '../audit/audit-key';
import { pgAppendAudit, pgAppendAudits } from '../audit/pg-audit';
import { pgOfficialIdKey } from './postgres-keys';
import {
  json,
  RECORD_COLUMNS,
  seqNumber,
  toReceipt,
  toRecord,
  type PgReceiptRow,
  type PgRecordRow,
} from './postgres-rows';
import { assertPartition, assertTakenSeq, type SeriesPosition, type AuditEntry, type FileReference, type NewRecordState, type OutboundEntry, type Receipt, type StoredAuditEntry, type StoredRecord, type StoreTx, type ReferenceField } from './store';

/**
 * A municipality's writer lock: its row of the change-sequence counters, locked FOR UPDATE as
 * the first statement of every store transaction of that municipality and held until
 * COMMIT/ROLLBACK. See postgres-store.ts for why one writer at a time per municipality.
 */
const TAKE_WRITER_LOCK = 'SELECT last FROM change_seqs WHERE municipality = $1 FOR UPDATE';

/** What one transaction does, on the one pooled client that runs its BEGIN … COMMIT. */
export class PgTx implements StoreTx {
  private depth = 0;
  private ended = false;
  /** The municipality's counter as this transaction moved it (written back before COMMIT). */
  private lastSeq = 0;
  private lockedSeq = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly auditKey: AuditKey,
    readonly municipality: string,
  ) {}

  /** Takes the municipality's writer lock; its counter row is made on its first transaction. */
  async lock(): Promise<void> {
    let [row] = await this.query<{ last: string }>(TAKE_WRITER_LOCK, [this.municipality]);
    if (!row) {
      await this.query('INSERT INTO change_seqs (municipality, last) VALUES ($1, 0) ON CONFLICT DO NOTHING', [this.municipality]);
      [row] = await this.query<{ last: string }>(TAKE_WRITER_LOCK, [this.municipality]);
    }
    if (!row) throw new Error(`change_seqs row of ${this.municipality} missing`);
    this.lastSeq = this.lockedSeq = seqNumber(row.last);
  }

  /**
   * Writes the counter back, still under the lock, just before COMMIT. A savepoint rolled back
   * does not give its numbers back: a gap in the sequence is harmless (pulls read `seq > n`).
   */
  async beforeCommit(): Promise<void> {
    if (this.lastSeq === this.lockedSeq) return;
    await this.query('UPDATE change_seqs SET last = $2 WHERE municipality = $1', [this.municipality, this.lastSeq]);
  }

  /** After COMMIT/ROLLBACK: a tx that escaped its callback must not touch a returned client. */
  end(): void {
    this.ended = true;
  }

  private async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (this.ended) throw new Error('StoreTx used after its transaction ended');
    return (await this.client.query<R>(sql, params)).rows;
  }

  async getReceipt(mutationId: string): Promise<Receipt | null> {
    // Runs after the writer lock was granted, as its own statement: under READ COMMITTED it sees
    // every receipt committed before, including one another instance wrote for this same id
    // while this transaction waited for the lock.
    const [row] = await this.query<PgReceiptRow>(
      'SELECT mutation_id, device_id, user_id, result, at FROM receipts WHERE mutation_id = $1',
      [mutationId],
    );
    return row ? toReceipt(row) : null;
  }

  async getReceipts(mutationIds: readonly string[]): Promise<Receipt[]> {
    if (mutationIds.length === 0) return [];
    const rows = await this.query<PgReceiptRow>('SELECT mutation_id, device_id, user_id, result, at FROM receipts WHERE mutation_id = ANY($1::text[])', [[...mutationIds]]);
    return rows.map(toReceipt);
  }

  async putReceipts(receipts: readonly Receipt[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.query(
      `INSERT INTO receipts (mutation_id, device_id, user_id, result, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
      [receipts.map((r) => r.mutationId), receipts.map((r) => r.deviceId), receipts.map((r) => r.userId), receipts.map((r) => json(r.result)), receipts.map((r) => r.at)],
    );
  }

  async getRecords(municipality: string, keys: readonly { kind: string; id: string }[]): Promise<StoredRecord[]> {
    if (keys.length === 0) return [];
    const cols = RECORD_COLUMNS.split(',').map((c) => `r.${c.trim()}`).join(', ');
    const rows = await this.query<PgRecordRow>(
      `SELECT ${cols} FROM unnest($2::text[], $3::text[]) AS k(kind, id)
       JOIN records AS r ON r.municipality = $1 AND r.kind = k.kind AND r.id = k.id`,
      [municipality, keys.map((k) => k.kind), keys.map((k) => k.id)],
    );
    return rows.map(toRecord);
  }

  async putReceipt(r: Receipt): Promise<void> {
    // A plain INSERT: the primary key is the last guard; a duplicate fails the mutation's
    // savepoint, which undoes everything it applied.
    await this.query('INSERT INTO receipts (mutation_id, device_id, user_id, result, at) VALUES ($1, $2, $3, $4, $5)', [
      r.mutationId,
      r.deviceId,
      r.userId,
      json(r.result),
      r.at,
    ]);
  }

  async getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null> {
    const [row] = await this.query<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = $2 AND id = $3`,
      [municipality, kind, id],
    );
    return row ? toRecord(row) : null;
  }

  async saveRecord(s: NewRecordState, origin?: string | null): Promise<number> {
    assertPartition(this, s.municipality, 'A record');
    const seq = ++this.lastSeq;
    await this.query(
      `INSERT INTO records (${RECORD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (municipality, kind, id) DO UPDATE SET
         rev = excluded.rev, seq = excluded.seq, data = excluded.data, field_revs = excluded.field_revs,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, origin_device = excluded.origin_device`,
      [s.municipality, s.kind, s.id, s.rev, seq, json(s.data), json(s.fieldRevs), s.updatedAt, s.updatedBy, origin ?? null],
    );
    return seq;
  }

  takeSeq(): number {
    return ++this.lastSeq;
  }

  async writeRecords(records: readonly StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    for (const r of records) {
      assertPartition(this, r.municipality, 'A record');
      assertTakenSeq(r.seq, this.lockedSeq, this.lastSeq);
    }
    const col = <T>(f: (r: StoredRecord) => T) => records.map(f);
    // One statement whatever the batch's size: arrays travel as one parameter each.
    await this.query(
      `INSERT INTO records (${RECORD_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])
       ON CONFLICT (municipality, kind, id) DO UPDATE SET
         rev = excluded.rev, seq = excluded.seq, data = excluded.data, field_revs = excluded.field_revs,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, origin_device = excluded.origin_device`,
      [
        col((r) => r.municipality),
        col((r) => r.kind),
        col((r) => r.id),
        col((r) => r.rev),
        col((r) => r.seq),
        col((r) => json(r.data)),
        col((r) => json(r.fieldRevs)),
        col((r) => r.updatedAt),
        col((r) => r.updatedBy),
        col((r) => r.origin ?? null),
      ],
    );
  }

  async seriesLast(municipality: string, name: string, year: number): Promise<number> {
    const [row] = await this.query<{ last: number }>('SELECT last FROM series WHERE municipality = $1 AND name = $2 AND year = $3', [municipality, name, year]);
    return row?.last ?? 0;
  }

  async writeSeries(rows: readonly SeriesPosition[]): Promise<void> {
    if (rows.length === 0) return;
    for (const r of rows) assertPartition(this, r.municipality, 'A series number');
    await this.query(
      `INSERT INTO series (municipality, name, year, last)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
       ON CONFLICT (municipality, name, year) DO UPDATE SET last = excluded.last`,
      [rows.map((r) => r.municipality), rows.map((r) => r.name), rows.map((r) => r.year), rows.map((r) => r.last)],
    );
  }

  async nextInSeries(municipality: string, name: string, year: number): Promise<number> {
    assertPartition(this, municipality, 'A series number');
    // The upsert locks the series row until COMMIT (and the writer lock already orders writers):
    // no two transactions get the same number, and a rolled-back one gives its number back.
    const [row] = await this.query<{ last: number }>(
      `INSERT INTO series (municipality, name, year, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (municipality, name, year) DO UPDATE SET last = series.last + 1
       RETURNING last`,
      [municipality, name, year],
    );
    if (!row) throw new Error('series upsert returned no row');
    return row.last;
  }

  async recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]> {
    const rows = await this.query<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = $2 ORDER BY seq`,
      [municipality, kind],
    );
    return rows.map(toRecord);
  }

  async recordsReferencing(municipality: string, kind: string, field: ReferenceField, value: string): Promise<StoredRecord[]> {
    const path = field === 'requestId' ? 'requestId' : 'recordId';
    const rows = await this.query<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = $2 AND data->>'${path}' = $3 ORDER BY seq`,
      [municipality, kind, value],
    );
    return rows.map(toRecord);
  }

  async recordsMentioning(municipality: string, text: string, limit: number): Promise<StoredRecord[]> {
    const rows = await this.query<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND strpos(data::text, $2) > 0 ORDER BY seq LIMIT $3`,
      [municipality, text, limit],
    );
    return rows.map(toRecord);
  }

  async deleteRecord(municipality: string, kind: string, id: string): Promise<void> {
    assertPartition(this, municipality, 'A deletion');
    await this.query('DELETE FROM records WHERE municipality = $1 AND kind = $2 AND id = $3', [municipality, kind, id]);
  }

  async enqueueOutbound(e: OutboundEntry): Promise<void> {
    await this.query('INSERT INTO outbound (id, municipality, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)', [
      e.id,
      e.municipality,
      json(e.payload),
      e.createdAt,
    ]);
  }

  fileReferences(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]> {
    return pgFileReferences((sql, params) => this.query(sql, params), municipality, hash, addedBy, limit);
  }

  async receiptsMentioning(municipality: string, texts: readonly string[], limit: number): Promise<Receipt[]> {
    if (texts.length === 0) return [];
    const rows = await this.query<PgReceiptRow>(
      `SELECT r.mutation_id, r.device_id, r.user_id, r.result, r.at FROM receipts AS r JOIN users AS u ON u.id = r.user_id
       WHERE u.municipality = $1 AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS t(text) WHERE strpos(r.result::text, t.text) > 0)
       LIMIT $3`,
      [municipality, texts, limit],
    );
    return rows.map(toReceipt);
  }

  async setReceiptResult(mutationId: string, result: Receipt['result']): Promise<void> {
    await this.query('UPDATE receipts SET result = $2 WHERE mutation_id = $1', [mutationId, json(result)]);
  }

  async outboundPayloads(municipality: string): Promise<{ id: string; payload: unknown }[]> {
    return this.query<{ id: string; payload: unknown }>('SELECT id, payload FROM outbound WHERE municipality = $1 ORDER BY created_at, id', [municipality]);
  }

  async setOutboundPayload(id: string, payload: unknown): Promise<void> {
    await this.query('UPDATE outbound SET payload = $2 WHERE id = $1', [id, json(payload)]);
  }

  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    // Takes the chain's lock (pg-audit.ts) after this transaction's writer lock.
    return pgAppendAudit((sql, params) => this.query(sql, params), this.municipality, entry, this.auditKey);
  }

  appendAudits(entries: readonly AuditEntry[]): Promise<StoredAuditEntry[]> {
    return pgAppendAudits((sql, params) => this.query(sql, params), this.municipality, entries, this.auditKey);
  }

  officialIdKey(municipality: string): Promise<string> {
    return pgOfficialIdKey((sql, params) => this.query(sql, params), municipality);
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${++this.depth}`;
    await this.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      // Also brings an aborted transaction (a failed statement) back to a usable state.
      await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }
}

type Query = <R extends QueryResultRow>(sql: string, params: unknown[]) => Promise<R[]>;

/** Records whose structured file fields point at `hash` (see Store.fileReferences). */
export async function pgFileReferences(query: Query, municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]> {
  if (addedBy !== null && addedBy.length === 0) return [];
  const cols = RECORD_COLUMNS.split(',').map((c) => `r.${c.trim()}`).join(', ');
  const rows = await query<PgRecordRow & { added_by: string }>(
    `SELECT ${cols}, f.added_by FROM record_files AS f
     JOIN records AS r ON r.municipality = f.municipality AND r.kind = f.kind AND r.id = f.id
     WHERE f.municipality = $1 AND f.hash = $2 AND ($3::text[] IS NULL OR f.added_by = ANY($3::text[]))
     ORDER BY r.seq LIMIT $4`,
    [municipality, hash, addedBy, limit],
  );
  return rows.map((r) => ({ record: toRecord(r), addedBy: r.added_by }));
}
