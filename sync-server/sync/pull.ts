import { kindsReadableBy, RECORD_KINDS, isRecordKind } from '../../src/shared/records';
import { ALL_REQUESTS_ROLES, canSeeRequest, mayHaveHeld, visibilityScope, type RequestViewer } from '../../src/shared/pqrsd/visibility';
import { PULL_FEATURES, SYNC_LIMITS, type Change, type PullResponse } from '../../src/shared/sync-protocol';
import type { Role } from '../../src/shared/roles';
import type { Store, StoredRecord } from '../store/store';
import { auditPersonalDataPull, type Viewer } from '../audit/audit-views';
import { resyncTag } from './resync';

export type Puller = RequestViewer & Viewer;

/** `<seq>` (devices before scopes) or `<seq>.<scope>`. */
function parseCursor(cursor: string | null): { seq: number; scope: string | null } {
  if (cursor === null) return { seq: 0, scope: null };
  const [seq, scope] = cursor.split('.');
  return { seq: Number(seq), scope: scope ?? null };
}

/** Decides, per changed record, what an official whose view is limited may receive. */
function requestGate(store: Store, who: Puller) {
  const requests = new Map<string, StoredRecord | null>();
  const request = async (id: string): Promise<StoredRecord | null> => {
    if (!requests.has(id)) requests.set(id, await store.getRecord(who.municipality, 'pqrsd', id));
    return requests.get(id) ?? null;
  };
  const visible = async (requestId: unknown) => {
    const r = typeof requestId === 'string' ? await request(requestId) : null;
    return r !== null && canSeeRequest(who, r.data);
  };
  return async (row: StoredRecord): Promise<'send' | 'skip' | 'remove'> => {
    if (row.kind === 'pqrsd') {
      requests.set(row.id, row);
      if (canSeeRequest(who, row.data)) return 'send';
      // Only a device that may hold a copy hears of it: others learn nothing, not even the id.
      return mayHaveHeld(who, row.data) ? 'remove' : 'skip';
    }
    if (row.kind === 'pqrsd_event') return (await visible(row.data.requestId)) ? 'send' : 'skip';
    // Events are never updated, so only a request itself can be in conflict.
    if (row.kind === 'conflict' && row.data.kind === 'pqrsd') return (await visible(row.data.recordId)) ? 'send' : 'skip';
    return 'send';
  };
}

/** One page of the server-wide change sequence, limited to what this person may see. */
export async function pullChanges(
  store: Store,
  who: Puller,
  cursor: string | null,
  limit: number = SYNC_LIMITS.pullPageDefault,
  /** What the device understands (`removals`: deleting records that left its view). */
  features: readonly string[] = PULL_FEATURES,
): Promise<PullResponse> {
  const kinds = kindsReadableBy(who.role);
  // A record deleted for good on the server (sync/resync.ts) changes the tag too.
  const scope = visibilityScope(who) + (await resyncTag(store, who.municipality, kinds));
  const parsed = parseCursor(cursor);
  // A first pull, a cursor from before scopes, or a role or dependencia changed since the last
  // pull: the device drops its server copies and starts over with what it may see now.
  const reset = parsed.scope !== scope;
  const after = reset ? 0 : parsed.seq;
  const rows = await store.changesSince(who.municipality, kinds, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const limited = !ALL_REQUESTS_ROLES.includes(who.role);
  const gate = limited ? requestGate(store, who) : null;
  const changes: Change[] = [];
  const sent: StoredRecord[] = [];
  for (const r of page) {
    if (r.kind === 'conflict') {
      const of = String(r.data.kind);
      if (!isRecordKind(of) || !(RECORD_KINDS[of].read as readonly Role[]).includes(who.role)) continue;
    }
    const verdict = gate ? await gate(r) : 'send';
    if (verdict === 'send') {
      changes.push({ seq: r.seq, kind: r.kind, id: r.id, rev: r.rev, data: r.data });
      sent.push(r);
    } else if (verdict === 'remove' && after > 0 && features.includes('removals')) {
      // Only the id goes out; a device starting from zero holds nothing to remove.
      changes.push({ seq: r.seq, kind: r.kind, id: r.id, rev: r.rev, data: {}, removed: true });
    }
  }
  const last = page.at(-1);
  // Audit (Ley 1581): who received which citizen requests.
  await auditPersonalDataPull(store, who, sent);
  const nextSeq = last ? last.seq : after;
  return {
    changes,
    cursor: last || cursor !== null ? `${nextSeq}.${scope}` : null,
    hasMore,
    ...(reset ? { reset: true } : {}),
  };
}
