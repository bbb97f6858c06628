import { LEGACY_AUDIT_CHAIN, type Store } from '../store/store';
import { auditHead } from './audit-anchor';
import { AUDIT_SEAL_ACTION, AuditChainError, otherKeyMessage, unsealedMessage, verifyAuditChain, type StoredAuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';

/** Reads one audit chain page by page (what verifyAuditChain and auditHead take). */
export const chainReader = (store: Store, chain: string) => (afterSeq: number, limit: number) => store.auditEntries(chain, afterSeq, limit);

/**
 * The server does not start on an audit log it cannot continue: one written with another key
 * (an instance with its own generated key, a lost key file), or one with only unkeyed entries.
 * The latter is an upgrade from before the key, or keyed entries removed and the rest rewritten:
 * only a person can tell, so a person seals it (`seal-audit`), never the server on its own.
 */
export async function assertAuditChainReady(store: Store, key: AuditKey): Promise<void> {
  for (const chain of await store.auditChains()) {
    const head = await auditHead(chainReader(store, chain));
    if (!head || head.keyId === key.id) continue;
    throw new AuditChainError(head.keyId === null ? unsealedMessage(head.seq) : otherKeyMessage(head.keyId, key));
  }
}

export type SealResult = { sealed: StoredAuditEntry } | { sealed: null; reason: string };

/**
 * Continues an unkeyed log (from before AUDIT_KEY) keyed: its plain chain is checked first (a
 * broken one is not vouched for), then a seal entry, keyed, links to its last entry, so from
 * now on rewriting any of the old entries breaks a link only the key can make. Only the legacy
 * chain (entries from before the partition by municipality) can hold unkeyed entries: a
 * municipality's chain starts keyed.
 */
export async function sealAuditChain(store: Store, key: AuditKey): Promise<SealResult> {
  const reader = (s: Store) => chainReader(s, LEGACY_AUDIT_CHAIN);
  const head = await auditHead(reader(store));
  if (!head) return { sealed: null, reason: 'The audit log is empty: there is nothing to seal, every entry will be keyed.' };
  if (head.keyId !== null) return { sealed: null, reason: `The audit log is already keyed (key id ${head.keyId}): there is nothing to seal.` };
  const verdict = await verifyAuditChain(reader(store), key, { requireKeyed: false });
  if (!verdict.ok) {
    throw new AuditChainError(`The audit log is broken at seq ${verdict.seq} (${verdict.reason}): sealing it would vouch for it. Keep this database as evidence.`);
  }
  const sealed = await store.appendAudit({
    at: new Date().toISOString(),
    municipality: LEGACY_AUDIT_CHAIN,
    userId: null,
    deviceId: null,
    action: AUDIT_SEAL_ACTION,
    kind: null,
    recordId: null,
    detail: { keyId: key.id, unkeyedEntries: verdict.count },
  });
  return { sealed };
}
