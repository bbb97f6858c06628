import type { QueryResultRow } from 'pg';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';
import { AUDIT_COLUMNS, auditEntryOfRow, auditRowValues, type AuditRow } from './audit-row';

type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;

/** Key space (first int of two-int advisory locks) of the audit chains' locks. */
const AUDIT_LOCK_SPACE = 0x6e2;

/**
 * The chain's own lock, held to the end of the transaction: appending reads the chain's head and
 * inserts the next entry, which must not race another append of that chain. A lock of its own
 * rather than the municipality's writer lock, so an entry that answers for no change (a pull
 * page's habeas-data entry, a search) never queues behind the municipality's pushes. A writer
 * transaction takes it after its writer lock (never the other way round: no deadlock). Its own
 * statement, before the head is read: under READ COMMITTED the read then sees the entry of
 * whoever held the lock before.
 */
async function lockChain(query: Query, chain: string): Promise<void> {
  await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_LOCK_SPACE, chain]);
}

/** Appends one entry to `chain`, in a transaction (the chain's lock is held until it ends). */
export async function pgAppendAudit(query: Query, chain: string, entry: AuditEntry, key: AuditKey): Promise<StoredAuditEntry> {
  await lockChain(query, chain);
  const [last] = await query<{ seq: string; hash: string; key_id: string | null }>('SELECT seq, hash, key_id FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1', [chain]);
  const e = chainEntry(last ? { seq: Number(last.seq), hash: last.hash, keyId: last.key_id } : null, entry, key);
  await query(
    `INSERT INTO audit_log (chain, ${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [chain, ...auditRowValues(e)],
  );
  return e;
}

/** pgAppendAudit of several entries in order: one read of the chain's head, one multi-row insert. */
export async function pgAppendAudits(query: Query, chain: string, entries: readonly AuditEntry[], key: AuditKey): Promise<StoredAuditEntry[]> {
  if (entries.length === 0) return [];
  await lockChain(query, chain);
  const [head] = await query<{ seq: string; hash: string; key_id: string | null }>('SELECT seq, hash, key_id FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1', [chain]);
  let last: { seq: number; hash: string; keyId: string | null } | null = head ? { seq: Number(head.seq), hash: head.hash, keyId: head.key_id } : null;
  const chained = entries.map((entry) => {
    const e = chainEntry(last, entry, key);
    last = e;
    return e;
  });
  const col = <T>(f: (e: StoredAuditEntry) => T) => chained.map(f);
  await query(
    `INSERT INTO audit_log (chain, seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id)
     SELECT $1::text, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[], $13::text[])`,
    [
      chain,
      col((e) => e.seq),
      col((e) => e.at),
      col((e) => e.municipality),
      col((e) => e.userId),
      col((e) => e.deviceId),
      col((e) => e.action),
      col((e) => e.kind),
      col((e) => e.recordId),
      col((e) => JSON.stringify(e.detail)),
      col((e) => e.prevHash),
      col((e) => e.hash),
      col((e) => e.keyId),
    ],
  );
  return chained;
}

export async function pgAuditEntries(query: Query, chain: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await query<AuditRow>('SELECT * FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3', [chain, afterSeq, limit]);
  return rows.map(auditEntryOfRow);
}
