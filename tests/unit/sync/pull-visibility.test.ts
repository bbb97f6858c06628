import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GelDb, getMeta, type LocalPqrsd } from '../../../src/db/database';
import { updateLocal } from '../../../src/modules/local-records';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { uuidv7 } from '#shared/ids';
import type { Change } from '#shared/sync-protocol';
import { applyPulledPage } from '../../../src/sync/apply-changes';
import { sampleFiling } from '../../helpers/fixtures';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';

/** The app's module subscriptions (derived request views, drafts flushed before a push). */
const events = new SyncEvents();
subscribeModules(events);

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
let db: GelDb;

freshDeviceDbEachTest('pull-visibility', (d) => (db = d));

/** A request as another device filed it, the way the server sends it. */
async function serverRequest(seq: number): Promise<Change> {
  const local = await fileRequest(db, ctx, sampleFiling());
  await db.outbox.where('[kind+recordId]').equals(['pqrsd', local.id]).delete();
  await db.pqrsd.delete(local.id);
  const { _rev, _sync, _base, _search, ...data } = local as LocalPqrsd;
  const id = uuidv7();
  return { seq, kind: 'pqrsd', id, rev: 1, data: { ...data, id, radicado: `95200-2026-${String(seq).padStart(6, '0')}` } };
}

const stepOf = (requestId: string, seq: number): Change => {
  const id = uuidv7();
  return {
    seq,
    kind: 'pqrsd_event',
    id,
    rev: 1,
    data: { id, requestId, municipality: '95200', createdBy: 'u', deviceId: 'd', date: '2026-03-11', note: '', action: { type: 'iniciar_tramite' } },
  };
};

describe('pulled records leaving this person’s view', () => {
  it('a removed request goes from the device with its steps; others stay', async () => {
    const moved = await serverRequest(1);
    const kept = await serverRequest(2);
    await applyPulledPage(db, events, [moved, kept, stepOf(moved.id, 3), stepOf(kept.id, 4)], '4.x');
    expect(await db.pqrsd.count()).toBe(2);
    const conflictOf = (recordId: string, id: string) => ({ id, recordId, kind: 'pqrsd', field: 'citizen', serverValue: moved.data.citizen, resolved: false });
    await db.conflict.bulkPut([conflictOf(moved.id, 'c-moved'), conflictOf(kept.id, 'c-kept')] as never[]);

    await applyPulledPage(db, events, [{ seq: 5, kind: 'pqrsd', id: moved.id, rev: 2, data: {}, removed: true }], '5.x');
    expect(await db.pqrsd.get(moved.id)).toBeUndefined();
    expect(await db.pqrsd_event.where('requestId').equals(moved.id).count()).toBe(0);
    expect(await db.pqrsd.get(kept.id)).toBeDefined();
    expect(await db.pqrsd_event.where('requestId').equals(kept.id).count()).toBe(1);
    // Its conflicts hold the citizen's data too: they go with it.
    expect((await db.conflict.toArray()).map((c) => c.id)).toEqual(['c-kept']);
    expect(await getMeta(db, 'cursor')).toBe('5.x');
  });

  it('a reset drops the server’s copies but never this device’s unsent work', async () => {
    const old = await serverRequest(1);
    const edited = await serverRequest(2);
    await applyPulledPage(db, events, [old, edited], '2.a');
    await updateLocal(db, 'pqrsd', edited.id, { subject: 'Cambio sin enviar' });
    const unsent = await fileRequest(db, ctx, sampleFiling({ subject: 'Radicada sin conexión' }));
    const fresh = await serverRequest(3);

    await applyPulledPage(db, events, [fresh], '3.b', true);
    expect(await db.pqrsd.get(old.id)).toBeUndefined(); // no longer sent: out of the new view
    expect(await db.pqrsd.get(fresh.id)).toMatchObject({ _sync: 'synced' });
    expect(await db.pqrsd.get(edited.id)).toMatchObject({ subject: 'Cambio sin enviar', _sync: 'pending' });
    expect(await db.pqrsd.get(unsent.id)).toMatchObject({ _sync: 'pending' });
    expect(await db.outbox.count()).toBe(2);
    expect(await getMeta(db, 'cursor')).toBe('3.b');
  });
});
