import type { GelDb } from '../db/database';
import { isRecordKind } from '#shared/records';
import type { SyncedRecord, SyncEvents } from './sync-events';

/**
 * A person decided a refused change is not wanted. A record the server never had is
 * removed with it; otherwise the local copy goes back to the server's state on next pull.
 */
export async function discardRejected(db: GelDb, events: SyncEvents, mutationId: string): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    const entry = await db.quarantine.get(mutationId);
    if (!entry) return;
    await db.quarantine.delete(mutationId);
    if (!isRecordKind(entry.kind)) return;
    const table = db.table(entry.kind);
    const local = (await table.get(entry.recordId)) as { _rev?: number } | undefined;
    if (local) {
      const pending = await db.outbox.where('[kind+recordId]').equals([entry.kind, entry.recordId]).count();
      const rejected = await db.quarantine.where('[kind+recordId]').equals([entry.kind, entry.recordId]).count();
      if ((local._rev ?? 0) === 0 && pending === 0 && rejected === 0) {
        await table.delete(entry.recordId);
      } else if ((local._rev ?? 0) > 0 && pending === 0 && rejected === 0) {
        // Ask the next pull to send this record again from the start, so the server's version wins.
        await table.update(entry.recordId, { _sync: 'synced' });
        await db.meta.put({ key: 'cursor', value: null });
      }
    }
    // What was shown with the change (a request's lifecycle with a refused step) is computed again.
    await events.emit('applied', db, [{ kind: entry.kind, id: entry.recordId, data: entry.mutation.data }]);
  });
}

/**
 * Changes set aside because the server kept failing on them go back to the outbox, in their
 * own places, once this device runs another version of the app: the update may carry the fix
 * (and the server was likely updated with it). Answers how many went back.
 */
export async function requeueSetAside(db: GelDb, events: SyncEvents, appVersion: string): Promise<number> {
  return db.transaction('rw', db.tables, async () => {
    const due = (await db.quarantine.toArray()).filter((q) => q.setAside && q.setAside.appVersion !== appVersion);
    const requeued: SyncedRecord[] = [];
    for (const q of due) {
      const { seq, createdAt, imported } = q.setAside as NonNullable<typeof q.setAside>;
      await db.quarantine.delete(q.mutationId);
      await db.outbox.put({ seq, mutationId: q.mutationId, kind: q.kind, recordId: q.recordId, mutation: q.mutation, createdAt, ...(imported ? { imported } : {}) });
      if (!isRecordKind(q.kind)) continue;
      await db.table(q.kind).update(q.recordId, { _sync: 'pending' });
      requeued.push({ kind: q.kind, id: q.recordId, data: q.mutation.data });
    }
    // What shows with those changes (a request's lifecycle with a step sent again) is computed again.
    await events.emit('applied', db, requeued);
    return due.length;
  });
}
