import type { QueryResultRow } from 'pg';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';

type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;

interface PgAuditRow {
  seq: string;
  at: string;
  municipality: string;
  user_id: string | null;
  device_id: string | null;
  action: string;
  kind: string | null;
  record_id: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/**
 * Appends one entry. Must run inside a store transaction: it holds the single writer lock
 * (change_seq FOR UPDATE), so reading the last entry and inserting the next cannot race.
 */
export async function pgAppendAudit(query: Query, entry: AuditEntry, key: AuditKey): Promise<StoredAuditEntry> {
  const [last] = await query<{ seq: string; hash: string; key_id: string | null }>('SELECT seq, hash, key_id FROM audit_log ORDER BY seq DESC LIMIT 1');
  const e = chainEntry(last ? { seq: Number(last.seq), hash: last.hash, keyId: last.key_id } : null, entry, key);
  await query(
    `INSERT INTO audit_log (seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [e.seq, e.at, e.municipality, e.userId, e.deviceId, e.action, e.kind, e.recordId, JSON.stringify(e.detail), e.prevHash, e.hash, e.keyId],
  );
  return e;
}

export async function pgAuditEntries(query: Query, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await query<PgAuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    municipality: r.municipality,
    userId: r.user_id,
    deviceId: r.device_id,
    action: r.action,
    kind: r.kind,
    recordId: r.record_id,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
    keyId: r.key_id,
  }));
}
