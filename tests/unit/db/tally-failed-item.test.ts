// A bulk write whose later item IndexedDB refuses synchronously (a DataCloneError) must not leave
// the earlier items written and uncounted when the caller catches the error inside its
// transaction: the tally middleware aborts the transaction, so the write is all or nothing.
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { GelDb, type LocalPqrsd } from '../../../src/db/database';
import { recount, TALLIES } from '../../../src/db/tally/tallies';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { uuidv7 } from '#shared/ids';
import { sampleFiling } from '../../helpers/fixtures';

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
const sorted = <T extends { dim: string; key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.dim + a.key).localeCompare(b.dim + b.key));

it('a bulkPut with one item IndexedDB cannot store, caught inside the transaction, writes nothing', async () => {
  const db = new GelDb(`tally-fail-${uuidv7()}`);
  await db.open();
  try {
    const a = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    const b = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-03T15:00:00.000Z' }));
    const tx = db.transaction('rw', db.pqrsd, async () => {
      const moved: LocalPqrsd = { ...a, _openDue: '2026-06-01', lifecycle: { ...a.lifecycle, dependencia: 'Tesorería' } };
      const unstorable = { ...b, oops: () => 1 } as unknown as LocalPqrsd;
      const err = await db.pqrsd.bulkPut([moved, unstorable]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
    });
    // The transaction was aborted under the caller: it fails, whatever the caller caught.
    await expect(tx).rejects.toThrow();
    expect(await db.pqrsd.get(a.id)).toEqual(a); // the first item was not written either
    expect(await db.pqrsd.get(b.id)).toEqual(b);
    expect(sorted(await db.tally.toArray())).toEqual(sorted(recount(TALLIES.pqrsd ?? [], await db.pqrsd.toArray())));
    expect(await db.tally.count()).toBeGreaterThan(0);
  } finally {
    db.close();
    await db.delete();
  }
});
