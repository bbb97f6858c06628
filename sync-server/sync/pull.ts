import { canSeeRecord, isRecordKind, kindsReadableBy, limitsViewer, parentOf, specOf, visibilityScope, type RecordKind, type RecordViewer } from '#shared/records';
import { PULL_FEATURES, SYNC_LIMITS, type PullResponse } from '#shared/sync-protocol';
import type { PullRow, Store } from '../store/store';
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

/** A pulled row with its data parsed only when something asks for it. */
interface GateRow extends PullRow {
  data(): Record<string, unknown>;
}

function gateRow(row: PullRow): GateRow {
  let parsed: Record<string, unknown> | undefined;
  return { ...row, data: () => (parsed ??= JSON.parse(row.dataJson) as Record<string, unknown>) };
}

const NO_DATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Whether deciding on (or auditing) a record of `kind` for this person reads its data: a row rule
 * that limits them, a parent to look at, or personal data held through a parent (a conflict).
 * Every other record goes out as stored, its JSON never parsed.
 */
function readsData(who: RecordViewer, kind: RecordKind): boolean {
  const spec = specOf(kind);
  return (spec.visibility !== undefined && !spec.visibility.seesAll(who)) || spec.parent !== undefined || spec.personalData === 'parent';
}

/**
 * Decides, per changed record, what this person may receive, from the kinds' specs: the roles
 * of `read`, each kind's row rule (`visibility`), and for a record that belongs to another
 * (`parent`: a request's step, a conflict) the same about that record.
 */
function visibilityGate(store: Store, who: Puller) {
  // Parents already met (in this page, or looked up): read once.
  const seen = new Map<string, () => Record<string, unknown> | null>();
  const record = async (kind: RecordKind, id: string): Promise<Record<string, unknown> | null> => {
    const key = `${kind}/${id}`;
    if (!seen.has(key)) {
      const data = (await store.getRecord(who.municipality, kind, id))?.data ?? null;
      seen.set(key, () => data);
    }
    return seen.get(key)?.() ?? null;
  };
  /** Whether the record a child belongs to is one this person may see (looked up only when a rule asks). */
  const parentVisible = async (kind: RecordKind, data: Record<string, unknown>, depth: number): Promise<boolean> => {
    const parent = parentOf(kind, data);
    if (!parent) return true;
    if (!isRecordKind(parent.kind) || depth > 3) return false;
    if (!limitsViewer(who, parent.kind)) return canSeeRecord(who, parent.kind, {});
    const row = await record(parent.kind, parent.id);
    return row !== null && canSeeRecord(who, parent.kind, row) && (await parentVisible(parent.kind, row, depth + 1));
  };
  return async (row: GateRow): Promise<Verdict> => {
    const kind = row.kind as RecordKind;
    // Without a rule that reads it, canSeeRecord decides on the roles alone.
    seen.set(`${kind}/${row.id}`, row.data);
    const data = readsData(who, kind) ? row.data() : NO_DATA;
    if (!canSeeRecord(who, kind, data)) {
      // Only a device that may hold a copy hears of it: others learn nothing, not even the id.
      const rule = specOf(kind).visibility;
      return rule?.mayHaveHeld(who, data) ? 'remove' : 'skip';
    }
    return data === NO_DATA || (await parentVisible(kind, data, 0)) ? 'send' : 'skip';
  };
}

/**
 * One change as JSON text: the stored data spliced in as is (changeSchema's fields); without its
 * sequence number for a device that said `bare-id` (it moves by the page's cursor: sync-wire.ts).
 */
const changeJson = (r: PullRow, removed: boolean, bare = false): string =>
  `{${bare ? '' : `"seq":${r.seq},`}"kind":${JSON.stringify(r.kind)},"id":${JSON.stringify(r.id)},"rev":${r.rev},"data":${removed ? '{},"removed":true' : r.dataJson}}`;

/**
 * One page of the municipality's change sequence, limited to what this person may see, as the
 * JSON text of a PullResponse (what the routes send: stored data is never parsed and written
 * again just to be sent).
 */
export async function pullPageJson(
  store: Store,
  who: Puller,
  cursor: string | null,
  limit: number = SYNC_LIMITS.pullPageDefault,
  /** What the device understands (`removals`: deleting records that left its view). */
  features: readonly string[] = PULL_FEATURES,
): Promise<string> {
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
  const rows = await store.pullRowsSince(who.municipality, kinds, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const gate = visibilityGate(store, who);
  const changes: string[] = [];
  const bare = features.includes('bare-id');
  const sent: { kind: string; id: string; data?: Record<string, unknown> }[] = [];
  for (const r of page.map(gateRow)) {
    const verdict = await gate(r);
    if (verdict === 'send') {
      // It holds this state already: its push answer carried it (a removal still goes out).
      if (leaveOut !== null && r.origin === leaveOut) continue;
      changes.push(changeJson(r, false, bare));
      sent.push({ kind: r.kind, id: r.id, ...(isRecordKind(r.kind) && specOf(r.kind).personalData === 'parent' ? { data: r.data() } : {}) });
    } else if (verdict === 'remove' && after > 0 && features.includes('removals')) {
      // Only the id goes out; a device starting from zero holds nothing to remove.
      changes.push(changeJson(r, true, bare));
    }
  }
  const last = page.at(-1);
  // Audit (Ley 1581): who received which citizen requests, durable before the answer leaves.
  await auditPersonalDataPull(store, who, sent);
  const nextSeq = last ? last.seq : after;
  // Always a position, even on an empty first page: a later pull is then no reset, and leaves
  // out what this device settled meanwhile.
  const nextCursor = `${nextSeq}.${scope}${resetting && hasMore ? '.a' : ''}`;
  return `{"changes":[${changes.join(',')}],"cursor":${JSON.stringify(nextCursor)},"hasMore":${hasMore}${reset ? ',"reset":true' : ''}}`;
}

/** pullPageJson as an object (in-process callers: tests, tools); the same text, parsed. */
export async function pullChanges(
  store: Store,
  who: Puller,
  cursor: string | null,
  limit: number = SYNC_LIMITS.pullPageDefault,
  features: readonly string[] = PULL_FEATURES,
): Promise<PullResponse> {
  // Whole changes (their seq too) whatever the device said: in-process callers read PullResponse.
  const whole = features.filter((f) => f !== 'bare-id');
  return JSON.parse(await pullPageJson(store, who, cursor, limit, whole)) as PullResponse;
}
