import { LEGACY_AUDIT_CHAIN } from '../store/store';
import type { StoredAuditEntry } from './audit-chain';

/**
 * The hash chain shows any edited or removed entry, except the newest ones: cut the tail and what
 * remains is still a valid chain. An anchor — one entry's seq and hash kept outside the system
 * (printed, in the published semiannual report) — closes that gap: the chain must still hold that
 * entry with that hash.
 */
export interface AuditAnchor {
  /** The chain (a municipality's, or the legacy one) the entry belongs to. */
  chain: string;
  seq: number;
  hash: string;
}

type Read = (afterSeq: number, limit: number) => Promise<StoredAuditEntry[]>;

/**
 * `<chain>/<seq>:<hash>` as `audit-head` prints it and `verify-audit --anchor` takes it. An
 * anchor printed before the partition by municipality (`<seq>:<hash>`) names the legacy chain.
 */
export function parseAnchor(text: string): AuditAnchor | null {
  const m = /^(?:([0-9A-Za-z*_-]{1,40})\/)?(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { chain: m[1] ?? LEGACY_AUDIT_CHAIN, seq: Number(m[2]), hash: (m[3] as string).toLowerCase() } : null;
}

export const formatAnchor = (a: AuditAnchor): string => `${a.chain}/${a.seq}:${a.hash}`;

/** The newest entry, found in O(log n) reads ("is there an entry after x?" only turns false once). */
export async function auditHead(read: Read): Promise<StoredAuditEntry | null> {
  const after = async (x: number) => (await read(x, 1))[0] ?? null;
  if (!(await after(0))) return null;
  let lo = 0; // some entry has seq > lo
  let hi = 1;
  while (await after(hi)) {
    lo = hi;
    hi *= 2;
  }
  // An entry after lo, none after hi.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await after(mid)) lo = mid;
    else hi = mid;
  }
  return after(lo);
}

export type AnchorVerdict = { ok: true } | { ok: false; reason: string };

/** Whether the chain still holds the anchored entry, unchanged. */
export async function checkAnchor(read: Read, anchor: AuditAnchor): Promise<AnchorVerdict> {
  const entry = (await read(anchor.seq - 1, 1))[0];
  if (!entry || entry.seq !== anchor.seq) {
    return { ok: false, reason: `entry ${anchor.seq} of the anchor is gone: the newest entries were removed (truncation)` };
  }
  if (entry.hash !== anchor.hash) {
    return { ok: false, reason: `entry ${anchor.seq} has another hash than the anchor: the log was rewritten from there` };
  }
  return { ok: true };
}
