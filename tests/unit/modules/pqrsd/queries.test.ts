import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { GelDb } from '../../../../src/db/database';
import { SCHEMA_HISTORY } from '../../../../src/db/local-schema';
import { fileRequest } from '../../../../src/modules/pqrsd/file-request';
import { deadlineCounts, listRequests, type ListFilter } from '../../../../src/modules/pqrsd/queries';
import { recordStep } from '../../../../src/modules/pqrsd/record-step';
import { addBusinessDays } from '#shared/calendar';
import { uuidv7 } from '#shared/ids';
import { openUpgraded } from '../../../helpers/device-db';
import { sampleFiling } from '../../../helpers/fixtures';

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
const me = { userId: 'user-1', username: 'ana' };
const opened: GelDb[] = [];

async function freshDb(): Promise<GelDb> {
  const db = new GelDb(`queries-test-${uuidv7()}`);
  opened.push(db);
  await db.open();
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const filter = (over: Partial<ListFilter> = {}): ListFilter => ({ scope: 'all', state: '', dependencia: '', query: '', ...over });

describe('deadline counts and lists on the open-due index', () => {
  it('count open requests only, and an answered request leaves the counts in the same step', async () => {
    const db = await freshDb();
    const a = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    const b = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-03T15:00:00.000Z' }));
    const dueA = a.lifecycle.dueDate as string;
    const dueB = b.lifecycle.dueDate as string;
    expect(dueA < dueB).toBe(true);
    expect(a._openDue).toBe(dueA);

    const late = addBusinessDays(dueB, 1);
    expect(await deadlineCounts(db, late)).toEqual({ overdue: 2, dueSoon: 0 });
    expect(await deadlineCounts(db, dueA)).toEqual({ overdue: 0, dueSoon: 2 });

    await recordStep(db, ctx, { requestId: a.id, date: dueA, note: '', action: { type: 'responder', answer: 'Respuesta de fondo', denied: false, documentName: null } });
    expect((await db.pqrsd.get(a.id))?._openDue).toBeUndefined();
    expect(await deadlineCounts(db, late)).toEqual({ overdue: 1, dueSoon: 0 });
    expect((await listRequests(db, filter({ scope: 'overdue' }), me, late)).map((r) => r.id)).toEqual([b.id]);
    // The answered request is still listed where closed ones belong.
    expect((await listRequests(db, filter(), me, late)).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('lists the overdue by due date, oldest first', async () => {
    const db = await freshDb();
    const later = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-05T15:00:00.000Z' }));
    const earlier = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    const today = addBusinessDays(later.lifecycle.dueDate as string, 2);
    expect((await listRequests(db, filter({ scope: 'overdue' }), me, today)).map((r) => r.id)).toEqual([earlier.id, later.id]);
  });

  it('fills the index on a device that held requests before it existed', async () => {
    const name = `queries-upgrade-${uuidv7()}`;
    const old = new Dexie(name);
    const v7 = Object.assign({}, ...SCHEMA_HISTORY) as Record<string, string>;
    v7.pqrsd = 'id, radicado, provisionalNumber, receivedAt, createdBy, citizen.idNumber, lifecycle.state, lifecycle.dueDate, lifecycle.dependencia, lifecycle.assignee, *_search';
    old.version(7).stores(v7);
    await old.open();
    await old.table('pqrsd').bulkPut([
      { id: 'open', receivedAt: '2026-03-02T15:00:00.000Z', _search: [], lifecycle: { state: 'radicada', dueDate: '2026-03-24' } },
      { id: 'closed', receivedAt: '2026-03-01T15:00:00.000Z', _search: [], lifecycle: { state: 'respondida', dueDate: '2026-03-20' } },
    ]);
    old.close();

    const db = await openUpgraded(name, opened);
    expect(await db.pqrsd.where('_openDue').below('2026-04-01').primaryKeys()).toEqual(['open']);
    expect(await deadlineCounts(db, '2026-04-01')).toEqual({ overdue: 1, dueSoon: 0 });
  });
});
