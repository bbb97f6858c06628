import type { QueryResultRow } from 'pg';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';
import { AUDIT_COLUMNS, auditEntryOfRow, auditRowValues, type AuditRow } from './audit-row';

type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Appends one entry to `chain`. Must run inside a store transaction of that chain's
 * municipality: it holds the municipality's writer lock, so reading the chain's last entry and
 * inserting the next cannot race.
 */
export async function pgAppendAudit(query: Query, chain: string, entry: AuditEntry, key: AuditKey): Promise<StoredAuditEntry> {
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
