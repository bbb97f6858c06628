import { runInChunks, valuesOf, type Prepare } from '../store/sqlite-statements';
import { chainEntry, type AuditEntry, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';
import { AUDIT_COLUMNS, auditEntryOfRow, auditRowValues, type AuditRow } from './audit-row';

/** Appends one entry to `chain`; the caller holds the store mutex inside a transaction, so the chain cannot fork. */
export function sqliteAppendAudit(prep: Prepare, chain: string, entry: AuditEntry, key: AuditKey): StoredAuditEntry {
  const last = prep('SELECT seq, hash, key_id FROM audit_log WHERE chain = ? ORDER BY seq DESC LIMIT 1').get(chain) as
    | { seq: number; hash: string; key_id: string | null }
    | undefined;
  const e = chainEntry(last ? { seq: last.seq, hash: last.hash, keyId: last.key_id } : null, entry, key);
  prep(`INSERT INTO audit_log (chain, ${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(chain, ...auditRowValues(e));
  return e;
}

/** sqliteAppendAudit of several entries in order: one read of the chain's head, then the inserts. */
export function sqliteAppendAudits(prep: Prepare, chain: string, entries: readonly AuditEntry[], key: AuditKey): StoredAuditEntry[] {
  if (entries.length === 0) return [];
  const head = prep('SELECT seq, hash, key_id FROM audit_log WHERE chain = ? ORDER BY seq DESC LIMIT 1').get(chain) as
    | { seq: number; hash: string; key_id: string | null }
    | undefined;
  let last: { seq: number; hash: string; keyId: string | null } | null = head ? { seq: head.seq, hash: head.hash, keyId: head.key_id } : null;
  const stored = entries.map((entry) => {
    const e = chainEntry(last, entry, key);
    last = e;
    return e;
  });
  runInChunks(prep, (n) => `INSERT INTO audit_log (chain, ${AUDIT_COLUMNS}) ${valuesOf(n, 13)}`, stored.map((e) => [chain, ...auditRowValues(e)]));
  return stored;
}

export function sqliteAuditEntries(prep: Prepare, chain: string, afterSeq: number, limit: number): StoredAuditEntry[] {
  const rows = prep('SELECT * FROM audit_log WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?').all(chain, afterSeq, limit) as AuditRow[];
  return rows.map(auditEntryOfRow);
}
