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
