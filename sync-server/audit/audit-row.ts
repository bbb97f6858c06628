// The audit_log row as both stores write and read it; only the drivers' types differ (PostgreSQL
// gives the BIGINT seq as text and the JSONB detail parsed, SQLite a number and text).
import type { StoredAuditEntry } from './audit-chain';

export interface AuditRow {
  seq: number | string;
  at: string;
  municipality: string;
  user_id: string | null;
  device_id: string | null;
  action: string;
  kind: string | null;
  record_id: string | null;
  detail: string | Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/** The columns of an INSERT, in the order of auditRowValues. */
export const AUDIT_COLUMNS = 'seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id';

export function auditRowValues(e: StoredAuditEntry): unknown[] {
  return [e.seq, e.at, e.municipality, e.userId, e.deviceId, e.action, e.kind, e.recordId, JSON.stringify(e.detail), e.prevHash, e.hash, e.keyId];
}

export function auditEntryOfRow(r: AuditRow): StoredAuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    municipality: r.municipality,
    userId: r.user_id,
    deviceId: r.device_id,
    action: r.action,
    kind: r.kind,
    recordId: r.record_id,
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
    keyId: r.key_id,
  };
}
