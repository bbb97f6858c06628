import type { GelDb, OutboxEntry, SyncState } from '../db/database';
import { fileHashesIn } from '#shared/files/file-refs';
import { droppedFiles, settleUnlinkedFiles } from '../files/forget-files';
import { ANY_PARENT_KINDS, childKindsOf, isRecordKind, parentOf, type RecordKind } from '#shared/records';
import type { WireChange as Change } from '#shared/sync-protocol';
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

const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`;

/**
 * What a pulled page needs of the device, read set-wise (a page holds hundreds of records):
 * the unsent changes and quarantine of its records (which applying a page does not change),
 * their stored rows per kind, and the page's writes, kept here and written once per kind.
 */
async function readPageState(db: GelDb, changes: readonly Change[]) {
  const kept = changes.filter((ch) => isRecordKind(ch.kind) && !ch.removed);
  const keys = [...new Map(kept.map((ch) => [keyOf(ch.kind, ch.id), [ch.kind, ch.id]])).values()];
  const pending = new Map<string, OutboxEntry[]>();
  const rejected = new Set<string>();
  if (keys.length) {
    const waiting = await db.outbox.where('[kind+recordId]').anyOf(keys).toArray();
    for (const e of waiting.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) pending.set(keyOf(e.kind, e.recordId), [...(pending.get(keyOf(e.kind, e.recordId)) ?? []), e]);
    for (const [k, id] of (await db.quarantine.where('[kind+recordId]').anyOf(keys).keys()) as unknown as [string, string][]) rejected.add(keyOf(k, id));
  }
  const stored = new Map<string, unknown>();
  const loadAll = async () => {
    const byKind = new Map<string, Set<string>>();
    for (const ch of kept) byKind.set(ch.kind, (byKind.get(ch.kind) ?? new Set()).add(ch.id));
    for (const [kind, ids] of byKind) {
      const rows = await db.table(kind).bulkGet([...ids]);
      [...ids].forEach((id, i) => stored.set(keyOf(kind, id), rows[i]));
    }
  };
  await loadAll();
  let writes = new Map<string, Map<string, Record<string, unknown>>>();
  return {
    pending,
    rejected,
    /**
     * The record as it stands now: written earlier in this page, or stored. Synchronous on
     * purpose: hundreds of native awaits without a database request in between lose Dexie's
     * transaction zone (PrematureCommitError).
     */
    get(kind: string, id: string): unknown {
      return writes.get(kind)?.get(id) ?? stored.get(keyOf(kind, id));
    },
    put(kind: string, id: string, row: Record<string, unknown>): void {
      writes.set(kind, (writes.get(kind) ?? new Map<string, Record<string, unknown>>()).set(id, row));
    },
    async flush(): Promise<void> {
      for (const [kind, rows] of writes) await db.table(kind).bulkPut([...rows.values()]);
      writes = new Map();
    },
    /** After a removal (which takes records of other kinds along): stored rows are read again. */
    async reload(): Promise<void> {
      stored.clear();
      await loadAll();
    },
  };
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
    const page = await readPageState(db, changes);
    for (const ch of changes) {
      if (!isRecordKind(ch.kind)) continue; // a newer server may send kinds this build does not know yet
      if (ch.removed) {
        // Rare: written as before, after what the page wrote so far (a removal takes children along).
        await page.flush();
        fileHashesIn(await db.table(ch.kind).get(ch.id), unlinked);
        await removeRecord(db, ch.kind, ch.id);
        await page.reload();
        applied.push({ kind: ch.kind, id: ch.id, data: {}, removed: true });
        continue;
      }
      const key = keyOf(ch.kind, ch.id);
      const pending = page.pending.get(key) ?? [];
      const row = rebase(ch.data, pending);
      const state: SyncState = pending.length > 0 ? 'pending' : page.rejected.has(key) ? 'rejected' : 'synced';
      const local: Record<string, unknown> = { ...row, _rev: ch.rev, _sync: state };
      // Text typed here and autosaved but not yet in the outbox stays on top of the server's version.
      const existing = page.get(ch.kind, ch.id) as { _dirty?: string[] } | undefined;
      for (const h of droppedFiles(existing, local)) unlinked.add(h);
      if (existing?._dirty?.length) {
        for (const f of existing._dirty) local[f] = (existing as Record<string, unknown>)[f];
        local._dirty = existing._dirty;
        local._sync = 'pending';
      }
      page.put(ch.kind, ch.id, local);
      applied.push({ kind: ch.kind, id: ch.id, data: ch.data, fromServer: ch.data });
    }
    await page.flush();
    await events.emit('applied', db, applied);
    // A file the server unlinked (habeas data) leaves the device once nothing here points at it.
    await settleUnlinkedFiles(db, unlinked, !more);
    await db.meta.put({ key: 'cursor', value: cursor });
  });
}
