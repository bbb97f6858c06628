import { canSeeRecord, isRecordKind, kindsReadableBy, limitsViewer, parentOf, specOf, visibilityScope, type RecordKind, type RecordViewer } from '#shared/records';
import { PULL_FEATURES, SYNC_LIMITS, type Change, type PullResponse } from '#shared/sync-protocol';
import type { Store, StoredRecord } from '../store/store';
import { auditPersonalDataPull, type Viewer } from '../audit/audit-views';
import { resyncTag } from './resync';

export type Puller = RecordViewer & Viewer;

/** `<seq>` (devices before scopes), `<seq>.<scope>`, or `<seq>.<scope>.a` (a reset under way). */
function parseCursor(cursor: string | null): { seq: number; scope: string | null; resetting: boolean } {
  if (cursor === null) return { seq: 0, scope: null, resetting: false };
  const [seq, scope, flag] = cursor.split('.');
  return { seq: Number(seq), scope: scope ?? null, resetting: flag === 'a' };
}

/** Bumped when the meaning of a cursor's seq changes (2: one change sequence per municipality). */
const PARTITION_VERSION = 2;

/**
 * A cursor's seq counts in one municipality's change sequence, so the cursor carries its
 * partition: the scope tag hashes the municipality and the sequence's version with the viewer's
 * scope (the tag's alphabet and length stay as devices know them). A cursor from another
 * partition, or from before the partition (a server-wide seq), never matches: it is answered
 * with the reset, as after a role change.
 */
export function partitionScope(viewerScope: string, municipality: string): string {
  const text = `${viewerScope}|${municipality}|p${PARTITION_VERSION}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

type Verdict = 'send' | 'skip' | 'remove';

/**
 * Decides, per changed record, what this person may receive, from the kinds' specs: the roles
 * of `read`, each kind's row rule (`visibility`), and for a record that belongs to another
 * (`parent`: a request's step, a conflict) the same about that record.
 */
function visibilityGate(store: Store, who: Puller) {
  const seen = new Map<string, StoredRecord | null>();
  const record = async (kind: RecordKind, id: string): Promise<StoredRecord | null> => {
    const key = `${kind}/${id}`;
    if (!seen.has(key)) seen.set(key, await store.getRecord(who.municipality, kind, id));
    return seen.get(key) ?? null;
  };
  /** Whether the record a child belongs to is one this person may see (looked up only when a rule asks). */
  const parentVisible = async (kind: RecordKind, data: Record<string, unknown>, depth: number): Promise<boolean> => {
    const parent = parentOf(kind, data);
    if (!parent) return true;
    if (!isRecordKind(parent.kind) || depth > 3) return false;
    if (!limitsViewer(who, parent.kind)) return canSeeRecord(who, parent.kind, {});
    const row = await record(parent.kind, parent.id);
    return row !== null && canSeeRecord(who, parent.kind, row.data) && (await parentVisible(parent.kind, row.data, depth + 1));
  };
  return async (row: StoredRecord): Promise<Verdict> => {
    const kind = row.kind as RecordKind;
    seen.set(`${kind}/${row.id}`, row);
    if (!canSeeRecord(who, kind, row.data)) {
      // Only a device that may hold a copy hears of it: others learn nothing, not even the id.
      const rule = specOf(kind).visibility;
      return rule?.mayHaveHeld(who, row.data) ? 'remove' : 'skip';
    }
    return (await parentVisible(kind, row.data, 0)) ? 'send' : 'skip';
  };
}

/** One page of the municipality's change sequence, limited to what this person may see. */
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
  const scope = partitionScope(visibilityScope(who), who.municipality) + (await resyncTag(store, who.municipality, kinds));
  const parsed = parseCursor(cursor);
  // A first pull, a cursor from before scopes, or a role or dependencia changed since the last
  // pull: the device drops its server copies and starts over with what it may see now.
  const reset = parsed.scope !== scope;
  const after = reset ? 0 : parsed.seq;
  // The device's own settled changes stay out, except while a reset refills what it dropped:
  // from its first page until the page that brings it up to date.
  const resetting = reset || parsed.resetting;
  const leaveOut = !resetting && who.deviceId ? who.deviceId : null;
  const rows = await store.changesSince(who.municipality, kinds, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const gate = visibilityGate(store, who);
  const changes: Change[] = [];
  const sent: StoredRecord[] = [];
  for (const r of page) {
    const verdict = await gate(r);
    if (verdict === 'send') {
      // It holds this state already: its push answer carried it (a removal still goes out).
      if (leaveOut !== null && r.origin === leaveOut) continue;
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
    // Always a position, even on an empty first page: a later pull is then no reset, and leaves
    // out what this device settled meanwhile.
    cursor: `${nextSeq}.${scope}${resetting && hasMore ? '.a' : ''}`,
    hasMore,
    ...(reset ? { reset: true } : {}),
  };
}
