import { createHash, createHmac } from 'node:crypto';
import type { AuditKey } from './audit-key';

/**
 * The audit log (Ley 1581 security principle: who saw and who changed what). Append-only and
 * chained: every entry stores the hash of the one before it, and its own hash is
 * HMAC-SHA256(audit key, prevHash + canonical JSON of the entry, seq and key id included).
 * Editing, removing or reordering any entry breaks the chain from that entry on, which
 * `verifyAuditChain` finds; without the key, nobody can recompute the rest to hide it.
 * Entries written before the key existed (key id null) keep their plain SHA-256 links; a seal
 * entry, the first keyed one, covers them. The newest entries cut off leave a valid chain:
 * anchors (audit-anchor.ts) catch that.
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
  /** Id of the audit key that wrote it (AuditKey.id); null: written before the key existed, plain SHA-256. */
  keyId: string | null;
}

/** The prev_hash of the first entry. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so a value hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Built by concatenation, with no array per level: every push hashes one entry per change.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

function entryBody(seq: number, e: AuditEntry, keyId: string | null): string {
  return canonicalJson({
    seq,
    at: e.at,
    municipality: e.municipality,
    userId: e.userId,
    deviceId: e.deviceId,
    action: e.action,
    kind: e.kind,
    recordId: e.recordId,
    detail: e.detail,
    // Part of what the key signs, so an entry cannot be passed off as written with another key.
    ...(keyId === null ? {} : { keyId }),
  });
}

/** The link of an entry written before the audit key existed: a plain SHA-256. */
export function auditHash(prevHash: string, seq: number, e: AuditEntry): string {
  return createHash('sha256').update(prevHash + entryBody(seq, e, null)).digest('hex');
}

/** The link of a keyed entry: HMAC-SHA256 with the server's audit key. */
export function auditMac(key: AuditKey, prevHash: string, seq: number, e: AuditEntry): string {
  return createHmac('sha256', key.secret).update(prevHash + entryBody(seq, e, key.id)).digest('hex');
}

/** The entry that starts keying a log whose earlier entries were written without a key. */
export const AUDIT_SEAL_ACTION = 'audit-seal';

/** The audit log cannot be continued with this key (misconfiguration or tampering): nothing is written. */
export class AuditChainError extends Error {}

export const unsealedMessage = (lastSeq: number): string =>
  `The audit log holds ${lastSeq} entries written before the audit key existed and none since. If this database comes from a version without AUDIT_KEY, seal it once with \`npm run admin -- seal-audit\` (it checks the old chain, then continues it keyed). If it already had keyed entries, they were removed and the log rewritten: keep this database as evidence.`;

export const otherKeyMessage = (entryKeyId: string, key: AuditKey): string =>
  `The audit log was written with another audit key (id ${entryKeyId}; this server's key has id ${key.id}). Every instance needs the same AUDIT_KEY: restore the key from its backup.`;

/** The next entry of the chain after `last` (null: the chain is empty), keyed. */
export function chainEntry(last: { seq: number; hash: string; keyId: string | null } | null, e: AuditEntry, key: AuditKey): StoredAuditEntry {
  if (last && last.keyId === null && e.action !== AUDIT_SEAL_ACTION) throw new AuditChainError(unsealedMessage(last.seq));
  if (last && last.keyId !== null && last.keyId !== key.id) throw new AuditChainError(otherKeyMessage(last.keyId, key));
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  return { ...e, seq, prevHash, keyId: key.id, hash: auditMac(key, prevHash, seq, e) };
}

export type AuditVerdict =
  | { ok: true; count: number; unkeyed: number }
  | { ok: false; count: number; seq: number; reason: string };

/**
 * Reads the whole chain page by page and checks sequence, links and each link's hash: entries
 * from before the key by their plain SHA-256, every later one by its HMAC with `key`. Without
 * the key, deleting rows and recomputing the rest cannot produce a chain that passes: a plain
 * entry after a keyed one, a keyed one with a wrong MAC, or a log with no keyed entry at all
 * (`requireKeyed`, off only to check a log before sealing it) are all refused.
 */
export async function verifyAuditChain(
  read: (afterSeq: number, limit: number) => Promise<StoredAuditEntry[]>,
  key: AuditKey,
  { pageSize = 1000, requireKeyed = true }: { pageSize?: number; requireKeyed?: boolean } = {},
): Promise<AuditVerdict> {
  let prev: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS };
  let count = 0;
  let unkeyed = 0;
  let keyed = false;
  for (;;) {
    const page = await read(prev.seq, pageSize);
    for (const e of page) {
      const broken = (reason: string): AuditVerdict => ({ ok: false, count, seq: e.seq, reason });
      if (e.seq !== prev.seq + 1) return broken(`expected seq ${prev.seq + 1} next, found ${e.seq} (entries removed)`);
      if (e.prevHash !== prev.hash) return broken('prev_hash does not match the previous entry (entry removed or reordered)');
      if (e.keyId === null) {
        if (keyed) return broken('an entry without the audit key after keyed ones (the log was rewritten without the key)');
        if (auditHash(e.prevHash, e.seq, e) !== e.hash) return broken('hash does not match the entry (entry edited)');
        unkeyed++;
      } else {
        if (e.keyId !== key.id) return broken(`written with another audit key (id ${e.keyId}; the key given has id ${key.id})`);
        if (auditMac(key, e.prevHash, e.seq, e) !== e.hash) return broken('hash does not match the entry (entry edited, or the log rewritten without the key)');
        if (!keyed && unkeyed > 0 && e.action !== AUDIT_SEAL_ACTION) return broken(`keyed entries follow unkeyed ones without the seal (${AUDIT_SEAL_ACTION})`);
        keyed = true;
      }
      prev = e;
      count++;
    }
    if (page.length < pageSize) break;
  }
  if (requireKeyed && count > 0 && !keyed) {
    return { ok: false, count, seq: prev.seq, reason: 'no entry is keyed: the log was never sealed with the audit key (seal-audit), or its keyed entries were removed and the rest rewritten' };
  }
  return { ok: true, count, unkeyed };
}
