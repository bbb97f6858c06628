import type { GelDb, LocalPqrsd, SyncState } from '../../db/database';
import { applyEvent } from '#shared/pqrsd/lifecycle';
import type { Lifecycle, PqrsdEventClient, PqrsdSettings } from '#shared/pqrsd/lifecycle-schema';
import { derivedFields } from './derived-fields';

/** The outbox's unsent steps, per request, oldest first: one read whatever the number of requests. */
async function pendingSteps(db: GelDb): Promise<Map<string, PqrsdEventClient[]>> {
  const entries = await db.outbox.where('[kind+recordId]').between(['pqrsd_event', ''], ['pqrsd_event', '\uffff']).toArray();
  const byRequest = new Map<string, PqrsdEventClient[]>();
  for (const e of entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    const step = e.mutation.data as PqrsdEventClient;
    byRequest.set(step.requestId, [...(byRequest.get(step.requestId) ?? []), step]);
  }
  return byRequest;
}

/** How many index entries each request has under `[kind+recordId]` (its outbox or quarantine entries). */
function countById(keys: readonly unknown[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const k of keys as [string, string][]) n.set(k[1], (n.get(k[1]) ?? 0) + 1);
  return n;
}

/**
 * Recomputes what the device shows of a request: the server's lifecycle (`_base`) with
 * this device's unsent steps applied on top, its search words and its sync state.
 * Must run inside a transaction that covers pqrsd, outbox and quarantine; `settings` are the
 * municipality's (read before the transaction when it does not cover their table).
 */
export async function refreshRequestView(db: GelDb, requestId: string, settings: PqrsdSettings): Promise<void> {
  await refreshRequestViews(db, [requestId], settings);
}

/**
 * `refreshRequestView` for many requests at once (a sync answer of hundreds): one read and one
 * write per table. `base` holds a new server lifecycle (`_base`) for some of them, stored too.
 */
export async function refreshRequestViews(
  db: GelDb,
  requestIds: readonly string[],
  settings: PqrsdSettings,
  base: ReadonlyMap<string, Lifecycle> = new Map(),
): Promise<void> {
  const rows = (await db.pqrsd.bulkGet([...new Set(requestIds)])).filter((r): r is LocalPqrsd => r !== undefined);
  if (rows.length === 0) return;
  const keys = rows.map((r) => ['pqrsd', r.id]);
  const steps = await pendingSteps(db);
  const own = countById(await db.outbox.where('[kind+recordId]').anyOf(keys).keys());
  const rejected = countById(await db.quarantine.where('[kind+recordId]').anyOf(keys).keys());
  const updates = rows.map((r) => {
    const _base = base.get(r.id);
    let lifecycle = _base ?? r._base;
    const mine = steps.get(r.id) ?? [];
    for (const s of mine) {
      const next = applyEvent(lifecycle, { date: s.date, action: s.action }, settings, { channel: r.channel });
      if (next.ok) lifecycle = next.lifecycle;
    }
    const sync: SyncState = (own.get(r.id) ?? 0) + mine.length > 0 ? 'pending' : (rejected.get(r.id) ?? 0) > 0 ? 'rejected' : 'synced';
    const changes: Partial<LocalPqrsd> = { ...(_base ? { _base } : {}), lifecycle, _sync: sync, ...derivedFields(r, lifecycle) };
    return { key: r.id, changes };
  });
  // An update, not a put: an undefined `_openDue` (closed request) deletes the property.
  await db.pqrsd.bulkUpdate(updates);
}
