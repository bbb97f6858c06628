import { createHash } from 'node:crypto';
import { MAX_REVISIONS_PER_DRAFT, REVISION_COALESCE_MS, type RevisionChange, type RevisionLog } from '#shared/portal/portal-schema';
import { makeChange, wholeBefore } from '#shared/portal/revision-changes';
import type { Actor } from '../../reconcile/reconcile-mutation';
import { sameValue } from '../../reconcile/same-value';
import type { StoredRecord, StoreTx } from '../../store/store';

// A draft's history is bounded by construction, whatever a push holds: edits by one person in
// a row (within REVISION_COALESCE_MS) join one entry, entries live in MAX_REVISIONS_PER_DRAFT
// slots with fixed ids (the oldest is overwritten), and a long text keeps only its changed part.
// What was approved and published is kept whole on the draft itself (approval, publication).

/** History keeps image names, not their bytes. */
const historyValue = (field: string, v: unknown) =>
  field === 'images' && Array.isArray(v) ? v.map((i: { name?: string }) => i.name ?? '') : v;

/** The fixed id of a history slot of a draft (a UUID, version 8, derived from both). */
export function revisionSlotId(draftId: string, slot: number): string {
  const h = createHash('sha256').update(`portal_revision|${draftId}|${slot}`).digest('hex');
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Where the entry of an edit goes, decided before the draft is saved (the log travels on it):
 * the latest entry when this person made it, nothing else changed the draft since and the
 * entry began less than REVISION_COALESCE_MS ago; otherwise a new entry.
 */
export function nextRevisionLog(log: RevisionLog | undefined, draftRev: number, actor: Actor, at: string): RevisionLog {
  const elapsed = log ? Date.parse(at) - Date.parse(log.since) : NaN;
  const joins = log !== undefined && log.by === actor.userId && log.rev === draftRev && elapsed >= 0 && elapsed <= REVISION_COALESCE_MS;
  return joins ? { ...log, rev: draftRev + 1 } : { count: (log?.count ?? 0) + 1, rev: draftRev + 1, by: actor.userId, since: at };
}

/** The entry's changes once this edit joins it: each field from where the entry began to now. */
function joinChanges(prior: readonly RevisionChange[], before: Record<string, unknown>, after: Record<string, unknown>, changed: readonly string[]): RevisionChange[] {
  const fields = [...new Set([...prior.map((c) => c.field), ...changed])];
  const out: RevisionChange[] = [];
  for (const field of fields) {
    const p = prior.find((c) => c.field === field);
    if (!changed.includes(field)) {
      if (p) out.push(p);
      continue;
    }
    const previous = historyValue(field, before[field]);
    const now = historyValue(field, after[field]);
    const start = p ? (wholeBefore(p, previous)?.value ?? previous) : previous;
    if (!sameValue(start, now)) out.push(makeChange(field, start, now));
  }
  return out;
}

/** Writes the history entry of a stored edit of a draft (after the draft itself). */
export async function writeRevision(
  tx: StoreTx,
  before: StoredRecord,
  after: Record<string, unknown>,
  changed: string[],
  rev: number,
  actor: Actor,
  at: string,
): Promise<void> {
  const log = after.revisionLog as RevisionLog | undefined;
  if (!log) throw new Error(`portal draft ${before.id} saved without its revision log`);
  const id = revisionSlotId(before.id, (log.count - 1) % MAX_REVISIONS_PER_DRAFT);
  const existing = await tx.getRecord(actor.municipality, 'portal_revision', id);
  const joins = (before.data.revisionLog as RevisionLog | undefined)?.count === log.count && existing?.data.draftId === before.id;
  const prior = joins ? ((existing?.data.changes ?? []) as RevisionChange[]) : [];
  await tx.saveRecord({
    municipality: actor.municipality,
    kind: 'portal_revision',
    id,
    rev: (existing?.rev ?? 0) + 1,
    data: {
      id,
      municipality: actor.municipality,
      draftId: before.id,
      rev,
      by: actor.userId,
      at,
      since: log.since,
      changes: joinChanges(prior, before.data, after, changed),
    },
    fieldRevs: {},
    updatedAt: at,
    updatedBy: actor.userId,
  });
}
