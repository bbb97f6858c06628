import type { GelDb } from '../db/database';
import { isRecordKind } from '../shared/records';
import type { SyncEvents } from './sync-events';

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
