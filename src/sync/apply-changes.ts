import { APP_VERSION } from '../app-version';
import type { GelDb, OutboxEntry, SetAside, SyncState } from '../db/database';
import { fileHashesIn } from '#shared/files/file-refs';
import { droppedFiles, settleUnlinkedFiles } from '../files/forget-files';
import { ANY_PARENT_KINDS, childKindsOf, isRecordKind, parentOf, type RecordKind } from '#shared/records';
import { waitingDetailsSchema, type Change, type MutationResult } from '#shared/sync-protocol';
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

/** Times the server may fail applying a change before it is set aside. */
export const MAX_PUSH_ATTEMPTS = 5;

export interface PushPolicy {
  /** The running app's version, recorded on a change set aside (a new one sends it again). */
  appVersion: string;
  maxAttempts: number;
}


/**
 * Whether this device holds the record of every change in a batch: only then may the server
 * answer them settled (the device ends with the stored state from the answer alone). Changes
 * imported from another device's export name records this device has never held: the pull must
 * bring those.
 */
export async function holdsEveryRecord(db: GelDb, batch: readonly OutboxEntry[]): Promise<boolean> {
  const byKind = new Map<string, string[]>();
  for (const e of batch) {
    if (!isRecordKind(e.kind)) return false;
    byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e.recordId]);
  }
  for (const [kind, ids] of byKind) {
    const held = await db.table(kind).bulkGet(ids);
    if (held.some((r) => r === undefined)) return false;
  }
  return true;
}
/**
 * Applies a push's answers in one transaction: acknowledged entries leave the outbox,
 * refused ones move to quarantine with the server's reason, the rest stay to be retried.
 * A change the server fails on (INTERNAL) counts an attempt; after `maxAttempts` it is set
 * aside in the quarantine, with the reason, so that one server bug never stops the outbox.
 * Answers the ids of the entries kept for a retry.
 */
export async function applyPushResults(
  db: GelDb,
  events: SyncEvents,
  sent: readonly OutboxEntry[],
  results: readonly MutationResult[],
  now: Date = new Date(),
  policy: PushPolicy = { appVersion: APP_VERSION, maxAttempts: MAX_PUSH_ATTEMPTS },
): Promise<{ retry: number; kept: string[] }> {
  const kept: string[] = [];
  await db.transaction('rw', allTables(db), async () => {
    const applied: SyncedRecord[] = [];
    for (const [i, entry] of sent.entries()) {
      const r = results[i];
      if (!r || (r.mutationId !== null && r.mutationId !== entry.mutationId)) {
        kept.push(entry.mutationId);
        continue;
      }
      let setAside: SetAside | undefined;
      if (r.status === 'rejected' && r.error.code === 'INTERNAL') {
        // Not attempted, behind a failed change of its record: no attempt of its own.
        if (waitingDetailsSchema.safeParse(r.error.details).success) {
          kept.push(entry.mutationId);
          continue;
        }
        const attempts = (entry.attempts ?? 0) + 1;
        if (attempts < policy.maxAttempts) {
          await db.outbox.update(entry.seq as number, { attempts });
          kept.push(entry.mutationId);
          continue;
        }
        setAside = { attempts, appVersion: policy.appVersion, seq: entry.seq as number, createdAt: entry.createdAt };
      }
      await db.outbox.delete(entry.seq as number);
      if (r.status === 'rejected') {
        await db.quarantine.put({
          mutationId: entry.mutationId,
          kind: entry.kind,
          recordId: entry.recordId,
          mutation: entry.mutation,
          error: r.error,
          at: now.toISOString(),
          ...(setAside ? { setAside } : {}),
        });
      }
      if (!isRecordKind(entry.kind)) continue;
      const synced: SyncedRecord = { kind: entry.kind, id: entry.recordId, data: entry.mutation.data };
      applied.push(synced);
      const table = db.table(entry.kind);
      const local = (await table.get(entry.recordId)) as Record<string, unknown> | undefined;
      if (!local) continue;
      const later = await db.outbox.where('[kind+recordId]').equals([entry.kind, entry.recordId]).toArray();
      const update: Record<string, unknown> = { _sync: await syncStateOf(db, entry.kind, entry.recordId, later.length) };
      // A late answer (a replay) must not undo a newer version this device already pulled.
      if (r.status !== 'rejected' && Number(local._rev ?? 0) < r.rev) {
        // Server-assigned facts show at once, under what this device changed since (still to send, or typed).
        const mine = new Set([...later.flatMap((e) => Object.keys(e.mutation.data)), ...((local._dirty as string[] | undefined) ?? [])]);
        const fields = Object.fromEntries(Object.entries(r.serverFields).filter(([f]) => !mine.has(f)));
        Object.assign(update, fields);
        synced.fromServer = fields;
        // Settled: the server's state at r.rev is this record as it stands here (see the protocol),
        // so the revision moves now and the pull leaves the record out. Otherwise the revision
        // moves only with the pull, which brings what others changed too.
        if (r.status === 'applied' && r.settled) update._rev = r.rev;
      }
      await table.update(entry.recordId, update);
    }
    await events.emit('applied', db, applied);
  });
  return { retry: kept.length, kept };
}
