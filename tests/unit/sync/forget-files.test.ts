// A device drops its copy of a file once no record it holds points at it (habeas data: the
// server emptied a suppressed request's scans), across a multi-page reset too, but never a
// file it has not uploaded yet.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { addLocalFile } from '../../../src/files/local-files';
import { uuidv7 } from '#shared/ids';
import type { Change } from '#shared/sync-protocol';
import { applyPulledPage } from '../../../src/sync/apply-changes';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';

/** The app's module subscriptions. */
const events = new SyncEvents();
subscribeModules(events);

let db: GelDb;
freshDeviceDbEachTest('forget', (d) => (db = d));

// A real PNG signature: the device stores only files whose content is an allowed type.
const bytes = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n, n, n]);
const draft = (id: string, seq: number, images: { hash: string }[]): Change => ({
  seq,
  kind: 'portal_draft',
  id,
  rev: seq,
  data: { id, title: 't', summary: '', body: '', category: 'noticias', tags: [], images: images.map((i) => ({ id: uuidv7(), name: 'x.png', alt: '', ...i })), eventDate: null },
});

describe('forgetting files no record points at', () => {
  it('drops a cached file the pulled record stopped pointing at; keeps one another record uses and one not yet sent', async () => {
    const [a, b, c] = [await addLocalFile(db, { name: 'a.png', type: 'image/png', bytes: bytes(1) }), await addLocalFile(db, { name: 'b.png', type: 'image/png', bytes: bytes(2) }), await addLocalFile(db, { name: 'c.png', type: 'image/png', bytes: bytes(3) })];
    await db.file.where('hash').anyOf(a.hash, b.hash).modify({ state: 'sent' });
    const [one, two] = [uuidv7(), uuidv7()];
    await applyPulledPage(db, events, [draft(one, 1, [a, b, c]), draft(two, 2, [b])], '2.x');
    expect(await db.file.count()).toBe(3);
    await applyPulledPage(db, events, [draft(one, 3, [])], '3.x');
    // a: gone; b: the other draft still shows it; c: never uploaded, so it stays to be sent.
    expect((await db.file.toArray()).map((f) => f.hash).sort()).toEqual([b.hash, c.hash].sort());
  });

  it('waits for the last page of a reset before deciding', async () => {
    const a = await addLocalFile(db, { name: 'a.png', type: 'image/png', bytes: bytes(4) });
    await db.file.update(a.hash, { state: 'sent' });
    const id = uuidv7();
    await applyPulledPage(db, events, [draft(id, 1, [a])], '1.x');
    // The reset drops the server copies; the record comes back on the second page.
    await applyPulledPage(db, events, [], '0.y', true, true);
    expect(await db.file.get(a.hash)).toBeDefined();
    await applyPulledPage(db, events, [draft(id, 1, [a])], '1.y', false, false);
    expect(await db.file.get(a.hash)).toBeDefined();
    // A later reset that does not bring it back lets it go.
    await applyPulledPage(db, events, [], '1.z', true, false);
    expect(await db.file.get(a.hash)).toBeUndefined();
  });
});
