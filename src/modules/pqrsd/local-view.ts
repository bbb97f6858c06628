import type { GelDb, LocalPqrsd, SyncState } from '../../db/database';
import { applyEvent } from '#shared/pqrsd/lifecycle';
import type { PqrsdEventClient, PqrsdSettings } from '#shared/pqrsd/lifecycle-schema';
import { derivedFields } from './derived-fields';

/** The outbox's unsent steps of one request, oldest first. */
async function pendingSteps(db: GelDb, requestId: string): Promise<PqrsdEventClient[]> {
  const entries = await db.outbox.where('[kind+recordId]').between(['pqrsd_event', ''], ['pqrsd_event', '\uffff']).toArray();
  return entries
    .filter((e) => e.mutation.data.requestId === requestId)
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .map((e) => e.mutation.data as PqrsdEventClient);
}

/**
 * Recomputes what the device shows of a request: the server's lifecycle (`_base`) with
 * this device's unsent steps applied on top, its search words and its sync state.
 * Must run inside a transaction that covers pqrsd, outbox and quarantine; `settings` are the
 * municipality's (read before the transaction when it does not cover their table).
 */
export async function refreshRequestView(db: GelDb, requestId: string, settings: PqrsdSettings): Promise<void> {
  const r = await db.pqrsd.get(requestId);
  if (!r) return;
  const steps = await pendingSteps(db, requestId);
  let lifecycle = r._base;
  for (const s of steps) {
    const next = applyEvent(lifecycle, { date: s.date, action: s.action }, settings, { channel: r.channel });
    if (next.ok) lifecycle = next.lifecycle;
  }
  const own = await db.outbox.where('[kind+recordId]').equals(['pqrsd', requestId]).count();
  const rejected = await db.quarantine.where('[kind+recordId]').equals(['pqrsd', requestId]).count();
  const sync: SyncState = own + steps.length > 0 ? 'pending' : rejected > 0 ? 'rejected' : 'synced';
  const update: Partial<LocalPqrsd> = { lifecycle, _sync: sync, ...derivedFields(r, lifecycle) };
  await db.pqrsd.update(requestId, update);
}
