import { createHash } from 'node:crypto';

/**
 * The audit log (Ley 1581 security principle: who saw and who changed what). Append-only and
 * hash-chained: every entry stores the hash of the one before it, and its own hash is
 * sha256(prevHash + canonical JSON of the entry, seq included). Editing, removing or reordering
 * any entry breaks the chain from that entry on, which `verifyAuditChain` finds.
 */
export interface AuditEntry {
  at: string;
  municipality: string;
  userId: string | null;
  deviceId: string | null;
  /** 'create' | 'update' | 'conflict' | 'view-personal-data' | 'view-file' | … */
  action: string;
  kind: string | null;
  recordId: string | null;
  /** Identifiers and field names only, never personal data values. */
  detail: Record<string, unknown>;
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The prev_hash of the first entry. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so a value hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function auditHash(prevHash: string, seq: number, e: AuditEntry): string {
  const body = canonicalJson({
    seq,
    at: e.at,
    municipality: e.municipality,
    userId: e.userId,
    deviceId: e.deviceId,
    action: e.action,
    kind: e.kind,
    recordId: e.recordId,
    detail: e.detail,
  });
  return createHash('sha256').update(prevHash + body).digest('hex');
}

/** The next entry of the chain after `last` (null: the chain is empty). */
export function chainEntry(last: { seq: number; hash: string } | null, e: AuditEntry): StoredAuditEntry {
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  return { ...e, seq, prevHash, hash: auditHash(prevHash, seq, e) };
}

export type AuditVerdict = { ok: true; count: number } | { ok: false; count: number; seq: number; reason: string };

/** Reads the whole chain page by page and checks sequence, links and hashes. */
export async function verifyAuditChain(
  read: (afterSeq: number, limit: number) => Promise<StoredAuditEntry[]>,
  pageSize = 1000,
): Promise<AuditVerdict> {
  let prev: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS };
  let count = 0;
  for (;;) {
    const page = await read(prev.seq, pageSize);
    for (const e of page) {
      if (e.seq !== prev.seq + 1) {
        return { ok: false, count, seq: e.seq, reason: `expected seq ${prev.seq + 1} next, found ${e.seq} (entries removed)` };
      }
      if (e.prevHash !== prev.hash) {
        return { ok: false, count, seq: e.seq, reason: 'prev_hash does not match the previous entry (entry removed or reordered)' };
      }
      if (auditHash(e.prevHash, e.seq, e) !== e.hash) {
        return { ok: false, count, seq: e.seq, reason: 'hash does not match the entry (entry edited)' };
      }
      prev = e;
      count++;
    }
    if (page.length < pageSize) return { ok: true, count };
  }
}
