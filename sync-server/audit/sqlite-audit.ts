import type { Prepare } from '../store/sqlite-statements';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';

interface SqliteAuditRow {
  seq: number;
  at: string;
  municipality: string;
  user_id: string | null;
  device_id: string | null;
  action: string;
  kind: string | null;
  record_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/** Appends one entry to `chain`; the caller holds the store mutex inside a transaction, so the chain cannot fork. */
export function sqliteAppendAudit(prep: Prepare, chain: string, entry: AuditEntry, key: AuditKey): StoredAuditEntry {
  const last = prep('SELECT seq, hash, key_id FROM audit_log WHERE chain = ? ORDER BY seq DESC LIMIT 1').get(chain) as
    | { seq: number; hash: string; key_id: string | null }
    | undefined;
  const e = chainEntry(last ? { seq: last.seq, hash: last.hash, keyId: last.key_id } : null, entry, key);
  prep(
    `INSERT INTO audit_log (chain, seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(chain, e.seq, e.at, e.municipality, e.userId, e.deviceId, e.action, e.kind, e.recordId, JSON.stringify(e.detail), e.prevHash, e.hash, e.keyId);
  return e;
}

export function sqliteAuditEntries(prep: Prepare, chain: string, afterSeq: number, limit: number): StoredAuditEntry[] {
  const rows = prep('SELECT * FROM audit_log WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?').all(chain, afterSeq, limit) as SqliteAuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    municipality: r.municipality,
    userId: r.user_id,
    deviceId: r.device_id,
    action: r.action,
    kind: r.kind,
    recordId: r.record_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
    keyId: r.key_id,
  }));
}
