import type { GelDb, OutboxEntry, SyncState } from '../db/database';
import { fileHashesIn } from '#shared/files/file-refs';
import { droppedFiles, settleUnlinkedFiles } from '../files/forget-files';
import { ANY_PARENT_KINDS, childKindsOf, isRecordKind, parentOf, type RecordKind } from '#shared/records';
import type { Change } from '#shared/sync-protocol';
import type { SyncedRecord, SyncEvents } from './sync-events';

/** Local state = the server's version with this device's unsent changes replayed on top. */
export function rebase(
  server: Record<string, unknown>,
  pending: readonly OutboxEntry[],
): Record<string, unknown> {
  let row = { ...server };
  for (const p of pending) {
    if (p.mutation.op === 'update') row = { ...row, ...p.mutation.data };
  }
  return row;
}

async function syncStateOf(db: GelDb, kind: string, id: string, pending: number): Promise<SyncState> {
  if (pending > 0) return 'pending';
  const rejected = await db.quarantine.where('[kind+recordId]').equals([kind, id]).count();
  return rejected > 0 ? 'rejected' : 'synced';
}

const allTables = (db: GelDb) => db.tables;

/**
 * Records with nothing of this device's on them: the server's copies, which a reset pull
 * re-sends. Adds the files they pointed at to `unlinked` (kept if a re-sent record points again).
 */
async function dropServerCopies(db: GelDb, unlinked: Set<string>): Promise<void> {
  const ours = new Set<string>();
  for (const e of [...(await db.outbox.toArray()), ...(await db.quarantine.toArray())]) {
    ours.add(`${e.kind}/${e.recordId}`);
    // The record an unsent change belongs to stays too (a request with an unsent step: the step shows on it).
    const parent = isRecordKind(e.kind) ? parentOf(e.kind, e.mutation.data) : null;
    if (parent) ours.add(`${parent.kind}/${parent.id}`);
  }
  for (const table of db.tables) {
    if (!isRecordKind(table.name)) continue;
    const drop = table.filter((r: { id: string; _dirty?: string[] }) => !ours.has(`${table.name}/${r.id}`) && !r._dirty?.length);
    await drop.each((r: unknown) => void fileHashesIn(r, unlinked));
    await drop.delete();
  }
}

/** A record that left this person's view: it goes, with the records that belong to it (spec `parent`). */
async function removeRecord(db: GelDb, kind: RecordKind, id: string): Promise<void> {
  await db.table(kind).delete(id);
  for (const child of childKindsOf(kind)) await db.table(child.kind).where(child.idField).equals(id).delete();
  // A conflict holds the record's values too (a citizen's data, possibly).
  for (const any of ANY_PARENT_KINDS) {
    await db
      .table(any.kind)
      .where(any.idField)
      .equals(id)
      .filter((r: Record<string, unknown>) => r[any.kindField] === kind)
      .delete();
  }
}

/**
 * Applies one pulled page and advances the cursor, all in one transaction. On a reset (the
 * person's role or dependencia changed) the server re-sends everything they may now see, so
 * its old copies go first; unsent work stays and is pushed as usual. The modules' derived
 * state follows in the same transaction (`applied`).
 */
export async function applyPulledPage(
  db: GelDb,
  events: SyncEvents,
  changes: readonly Change[],
  cursor: string | null,
  reset = false,
  more = false,
): Promise<void> {
  await db.transaction('rw', allTables(db), async () => {
    const unlinked = new Set<string>();
    if (reset) await dropServerCopies(db, unlinked);
    const applied: SyncedRecord[] = [];
    for (const ch of changes) {
      if (!isRecordKind(ch.kind)) continue; // a newer server may send kinds this build does not know yet
      if (ch.removed) {
        fileHashesIn(await db.table(ch.kind).get(ch.id), unlinked);
        await removeRecord(db, ch.kind, ch.id);
        applied.push({ kind: ch.kind, id: ch.id, data: {}, removed: true });
        continue;
      }
      const pending = await db.outbox.where('[kind+recordId]').equals([ch.kind, ch.id]).sortBy('seq');
      const row = rebase(ch.data, pending);
      const local: Record<string, unknown> = { ...row, _rev: ch.rev, _sync: await syncStateOf(db, ch.kind, ch.id, pending.length) };
      // Text typed here and autosaved but not yet in the outbox stays on top of the server's version.
      const existing = (await db.table(ch.kind).get(ch.id)) as { _dirty?: string[] } | undefined;
      for (const h of droppedFiles(existing, local)) unlinked.add(h);
      if (existing?._dirty?.length) {
        for (const f of existing._dirty) local[f] = (existing as Record<string, unknown>)[f];
        local._dirty = existing._dirty;
        local._sync = 'pending';
      }
      await db.table(ch.kind).put(local);
      applied.push({ kind: ch.kind, id: ch.id, data: ch.data, fromServer: ch.data });
    }
    await events.emit('applied', db, applied);
    // A file the server unlinked (habeas data) leaves the device once nothing here points at it.
    await settleUnlinkedFiles(db, unlinked, !more);
    await db.meta.put({ key: 'cursor', value: cursor });
  });
}
