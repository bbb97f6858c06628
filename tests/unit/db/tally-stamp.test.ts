// A build without the tally middleware (a tab that has not reloaded, a rolled-back build) still
// opens the database (Dexie 4 opens a higher installed version) and writes requests uncounted.
// Two guards: the tallies carry the build that counted them and another build recounts on open;
// and a tab whose schema another tab upgraded closes for good and asks for a reload.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { GelDb, type LocalPqrsd } from '../../../src/db/database';
import { localStores, SCHEMA_HISTORY, LOCAL_SCHEMA_VERSION } from '../../../src/db/local-schema';
import { isSuperseded } from '../../../src/db/superseded';
import { TALLY_STAMP_KEY } from '../../../src/db/tally/stamp';
import { recount, TALLIES } from '../../../src/db/tally/tallies';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { deadlineCounts, dependencias } from '../../../src/modules/pqrsd/queries';
import { describeError } from '../../../src/ui/common/form-error';
import { messages } from '../../../src/ui/i18n/es-CO';
import { uuidv7 } from '#shared/ids';
import { sampleFiling } from '../../helpers/fixtures';

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
const sorted = <T extends { dim: string; key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.dim + a.key).localeCompare(b.dim + b.key));

/** The build before the tallies (GelDb as of 71f5513): schema 9, no tally table, no middleware. */
function buildWithoutTallies(name: string): Dexie {
  const old = new Dexie(name);
  SCHEMA_HISTORY.forEach((stores, i) => old.version(i + 1).stores(stores));
  const { tally: _tally, ...v9 } = localStores();
  old.version(9).stores(v9);
  return old;
}

async function expectExact(db: GelDb) {
  expect(sorted(await db.tally.toArray())).toEqual(sorted(recount(TALLIES.pqrsd ?? [], await db.pqrsd.toArray())));
}

describe('the tally stamp', () => {
  it('a build without the tallies writes; the next other build to open recounts them', async () => {
    const name = `tally-old-${uuidv7()}`;
    const db = new GelDb(name, 'B1');
    await db.open();
    const r = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    const kept = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-03T15:00:00.000Z' }));
    db.close();

    const old = buildWithoutTallies(name);
    await old.open(); // installed: 10. Dexie 4 opens it anyway (VersionError -> open without a version).
    await old.table('pqrsd').delete(r.id); // e.g. a pull's removal
    await old.table('pqrsd').put({ ...kept, lifecycle: { ...kept.lifecycle, dependencia: 'Tesorería' } } satisfies LocalPqrsd);
    old.close();

    const again = new GelDb(name, 'B2');
    await again.open();
    try {
      expect(await again.pqrsd.count()).toBe(1);
      await expectExact(again);
      expect(await dependencias(again)).toContain('Tesorería');
      expect((await again.meta.get(TALLY_STAMP_KEY))?.value).toBe('B2');
      const counts = await deadlineCounts(again, '2027-12-01');
      expect(counts.overdue + counts.dueSoon).toBe(1);
    } finally {
      again.close();
      await again.delete();
    }
  });

  it('a rollback to an earlier build recounts with its own definitions, and so does the way forward', async () => {
    const name = `tally-roll-${uuidv7()}`;
    const b2 = new GelDb(name, 'B2');
    await b2.open();
    await fileRequest(b2, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    // B2 counted something B1 does not know: a stray row stands for a tally only B2 keeps.
    await b2.tally.put({ dim: 'pqrsd.onlyInB2', key: 'x', n: 1 });
    b2.close();
    for (const build of ['B1', 'B2']) {
      const db = new GelDb(name, build);
      await db.open();
      await expectExact(db);
      await db.tally.put({ dim: 'pqrsd.onlyInB2', key: 'x', n: 1 });
      db.close();
    }
    await Dexie.delete(name);
  });

  it('the same build opening again reads the stamp only (no recount at every start)', async () => {
    const name = `tally-same-${uuidv7()}`;
    const db = new GelDb(name, 'B1');
    await db.open();
    await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    await db.tally.put({ dim: 'pqrsd.marker', key: 'x', n: 1 }); // a recount would drop it
    db.close();
    const again = new GelDb(name, 'B1');
    await again.open();
    try {
      expect(await again.tally.get(['pqrsd.marker', 'x'])).toEqual({ dim: 'pqrsd.marker', key: 'x', n: 1 });
    } finally {
      again.close();
      await again.delete();
    }
  });
});

describe('a schema upgrade from another tab', () => {
  it('closes this tab for good: its writes fail in Spanish instead of reopening without the new schema', async () => {
    const name = `tally-vc-${uuidv7()}`;
    const tab = new GelDb(name, 'B1');
    await tab.open();
    const r = await fileRequest(tab, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    expect(isSuperseded()).toBe(false);

    // The newer build in another tab: one schema version more (not blocked by this tab).
    const newer = new Dexie(name);
    SCHEMA_HISTORY.forEach((stores, i) => newer.version(i + 1).stores(stores));
    newer.version(LOCAL_SCHEMA_VERSION.number + 1).stores({ ...localStores(), extra: 'id' });
    await newer.open();
    expect(newer.verno).toBe(LOCAL_SCHEMA_VERSION.number + 1);
    newer.close();

    expect(isSuperseded()).toBe(true);
    const err = await tab.pqrsd.put({ ...r, _openDue: '2026-06-01' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error | null)?.name).toBe('DatabaseClosedError');
    expect(describeError(err)).toBe(messages.update.supersededWrite);
    expect(tab.isOpen()).toBe(false);
    await Dexie.delete(name);
  });
});
