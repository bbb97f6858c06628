import type { QueryResultRow } from 'pg';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';
import { AUDIT_COLUMNS, auditEntryOfRow, auditRowValues, type AuditRow } from './audit-row';

type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Appends one entry. Must run inside a store transaction: it holds the single writer lock
 * (change_seq FOR UPDATE), so reading the last entry and inserting the next cannot race.
 */
export async function pgAppendAudit(query: Query, entry: AuditEntry, key: AuditKey): Promise<StoredAuditEntry> {
  const [last] = await query<{ seq: string; hash: string; key_id: string | null }>('SELECT seq, hash, key_id FROM audit_log ORDER BY seq DESC LIMIT 1');
  const e = chainEntry(last ? { seq: Number(last.seq), hash: last.hash, keyId: last.key_id } : null, entry, key);
  await query(
    `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    auditRowValues(e),
  );
  return e;
}

export async function pgAuditEntries(query: Query, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
  return rows.map(auditEntryOfRow);
}
