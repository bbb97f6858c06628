import type { GelDb } from '../db/database';
import { isRecordKind } from '../shared/records';
import { refreshRequestView } from '../modules/pqrsd/local-view';

/**
 * A person decided a refused change is not wanted. A record the server never had is
 * removed with it; otherwise the local copy goes back to the server's state on next pull.
 */
export async function discardRejected(db: GelDb, mutationId: string): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    const entry = await db.quarantine.get(mutationId);
    if (!entry) return;
    await db.quarantine.delete(mutationId);
    if (entry.kind === 'pqrsd_event') {
      await db.pqrsd_event.delete(entry.recordId);
      await refreshRequestView(db, String(entry.mutation.data.requestId));
      return;
    }
    if (!isRecordKind(entry.kind)) return;
    const table = db.table(entry.kind);
    const local = (await table.get(entry.recordId)) as { _rev?: number } | undefined;
    if (!local) return;
    const pending = await db.outbox.where('[kind+recordId]').equals([entry.kind, entry.recordId]).count();
    const rejected = await db.quarantine.where('[kind+recordId]').equals([entry.kind, entry.recordId]).count();
    if ((local._rev ?? 0) === 0 && pending === 0 && rejected === 0) {
      await table.delete(entry.recordId);
    } else if ((local._rev ?? 0) > 0 && pending === 0 && rejected === 0) {
      // Ask the next pull to send this record again from the start, so the server's version wins.
      await table.update(entry.recordId, { _sync: 'synced' });
      await db.meta.put({ key: 'cursor', value: null });
    }
  });
}

/**
 * Changes set aside because the server kept failing on them go back to the outbox, in their
 * own places, once this device runs another version of the app: the update may carry the fix
 * (and the server was likely updated with it). Answers how many went back.
 */
export async function requeueSetAside(db: GelDb, appVersion: string): Promise<number> {
  return db.transaction('rw', db.tables, async () => {
    const due = (await db.quarantine.toArray()).filter((q) => q.setAside && q.setAside.appVersion !== appVersion);
    for (const q of due) {
      const { seq, createdAt } = q.setAside as NonNullable<typeof q.setAside>;
      await db.quarantine.delete(q.mutationId);
      await db.outbox.put({ seq, mutationId: q.mutationId, kind: q.kind, recordId: q.recordId, mutation: q.mutation, createdAt });
      if (isRecordKind(q.kind)) await db.table(q.kind).update(q.recordId, { _sync: 'pending' });
      const requestId = q.kind === 'pqrsd' ? q.recordId : q.kind === 'pqrsd_event' ? String(q.mutation.data.requestId) : null;
      if (requestId) await refreshRequestView(db, requestId);
    }
    return due.length;
  });
}
