import { randomUUID } from 'node:crypto';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../store/store';
import { saveDerived } from '../sync/hooks/types';
import { restartReadersOf } from '../sync/resync';

/** Every string in `value` with `from` replaced by `to`; and which top-level fields changed. */
function replaceEverywhere(data: Record<string, unknown>, from: string, to: string): { data: Record<string, unknown>; changed: string[] } {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(from) ? v.split(from).join(to) : v;
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  const next: Record<string, unknown> = {};
  const changed: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    next[k] = swap(v);
    if (JSON.stringify(next[k]) !== JSON.stringify(v)) changed.push(k);
  }
  return { data: next, changed };
}

/** The record under a new id (revision 1 there: a new record for every device); the old row goes. */
async function moveRecord(tx: StoreTx, actor: Actor, r: StoredRecord, id: string, data: Record<string, unknown>, at: string): Promise<void> {
  await tx.saveRecord({
    municipality: r.municipality,
    kind: r.kind,
    id,
    rev: 1,
    data: { ...data, id },
    fieldRevs: Object.fromEntries(Object.keys(data).map((f) => [f, { rev: 1, device: actor.deviceId }])),
    updatedAt: at,
    updatedBy: actor.userId,
  });
  await tx.deleteRecord(r.municipality, r.kind, r.id);
}

/** Their attendance marks and evaluations: append-only events that only ever name the official. */
const EVENTS_OF_OFFICIAL = ['attendance_mark', 'evaluation'] as const;

/**
 * Gives a suppressed official a fresh random id everywhere (the old one was derived from their
 * ID document): the entry moves to a random UUID, and so do their attendance marks and
 * evaluations (whose ids the audit log lists next to the official's in earlier searches); every
 * other record naming the old id (sessions they were called to, conflicts) is rewritten as a new
 * revision. The old rows are deleted for good, so the old id is in no record, and devices that
 * read the roster start their pull over (sync/resync.ts) to drop their copies.
 *
 * The audit log keeps the old ids in the entries written before (it is append-only and
 * chained); nothing written here links them to the new ones.
 */
export async function rekeyOfficial(tx: StoreTx, actor: Actor, official: StoredRecord, data: Record<string, unknown>, at: string): Promise<string> {
  const { municipality, id: oldId } = official;
  const newId = randomUUID();
  await moveRecord(tx, actor, official, newId, data, at);
  for (const kind of EVENTS_OF_OFFICIAL) {
    for (const e of (await tx.recordsOfKind(municipality, kind)).filter((x) => x.data.officialId === oldId)) {
      await moveRecord(tx, actor, e, randomUUID(), { ...e.data, officialId: newId }, at);
    }
  }
  // No limit that matters: the sessions one person was called to over years, and their conflicts.
  for (const r of await tx.recordsMentioning(municipality, oldId, 1_000_000)) {
    const { data: next, changed } = replaceEverywhere(r.data, oldId, newId);
    if (changed.length > 0) await saveDerived(tx, r, next, changed, actor, at);
  }
  await restartReadersOf(tx, municipality, ['official', ...EVENTS_OF_OFFICIAL], at, actor.userId);
  return newId;
}
