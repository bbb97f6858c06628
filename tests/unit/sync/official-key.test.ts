import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { addOfficial } from '../../../src/modules/training/commands';
import { newSecretKey } from '#shared/crypto/hmac';
import { uuidv7 } from '#shared/ids';
import { officialIdFor } from '#shared/training/official-id';
import { applyPulledPage } from '../../../src/sync/apply-changes';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';

/** The app's module subscriptions. */
const events = new SyncEvents();
subscribeModules(events);

const KEY = newSecretKey();
const base = { deviceId: uuidv7(), userId: 'u-trainer', municipality: '95200' };
const person = { idType: 'CC', idNumber: '1.098.765.432', fullName: 'Diego Torres', dependencia: 'Gobierno', walkIn: true, active: true } as const;

let db: GelDb;
freshDeviceDbEachTest('official-key', (d) => (db = d));

describe('adding an official on the device', () => {
  it('without the municipality key, refuses in Spanish and writes nothing', async () => {
    const err = await addOfficial(db, { ...base, officialIdKey: null }, person).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'KEY_MISSING' });
    expect(await db.official.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('with it, the id is the keyed one: the same on any device of the municipality given the key', async () => {
    const o = await addOfficial(db, { ...base, officialIdKey: KEY }, person);
    expect(o.id).toBe(await officialIdFor(KEY, '95200', 'CC', '1098765432'));
    const other = new GelDb(`official-key-${uuidv7()}`);
    const again = await addOfficial(other, { ...base, deviceId: uuidv7(), officialIdKey: KEY }, { ...person, fullName: 'Diego A. Torres' });
    expect(again.id).toBe(o.id);
    other.close();
    await other.delete();
  });

  it('finds a person already held under an id made before the key (existing records keep their ids)', async () => {
    const legacyId = createHash('sha256').update('official|95200|CC|1098765432').digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    await applyPulledPage(
      db,
      events,
      [{ seq: 1, kind: 'official', id: legacyId, rev: 1, data: { ...person, idNumber: '1098765432', walkIn: false, id: legacyId, municipality: '95200', createdBy: 'u-admin', deviceId: 'old-device' } }],
      '1',
    );
    const found = await addOfficial(db, { ...base, officialIdKey: KEY }, person);
    expect(found.id).toBe(legacyId);
    expect(await db.official.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    // Without the key too: the person is known here already.
    expect((await addOfficial(db, { ...base, officialIdKey: null }, person)).id).toBe(legacyId);
  });
});
