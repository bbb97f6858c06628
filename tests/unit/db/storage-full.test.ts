import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { AppError } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { exportPending, importPending } from '../../../src/sync/pending-transfer';
import { addLocalFile } from '../../../src/files/local-files';
import { newSecretKey } from '#shared/crypto/hmac';
import { sealVerifies } from '#shared/transfer/seal';
import { sampleFiling } from '../../helpers/fixtures';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';

/** The app's module subscriptions (derived request views, drafts flushed before a push). */
const events = new SyncEvents();
subscribeModules(events);

let db: GelDb;
const ctx = { deviceId: uuidv7(), userId: 'u-1', municipality: '95200' };
freshDeviceDbEachTest('full', (d) => (db = d));

describe('a full device', () => {
  it('says so in Spanish and writes nothing of the record', async () => {
    // The outbox write hits the quota after the record was written in the same transaction.
    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const err = await fileRequest(db, ctx, sampleFiling()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORAGE_FULL');
    expect((err as AppError).message).toMatch(/No hay espacio en este dispositivo: no se guardó nada/);
    expect(await db.pqrsd.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get('provisionalCounter')).toBeUndefined();
  });
});

describe('"Exportar pendientes"', () => {
  it('carries every unsynced change and file, and importing it twice adds them once', async () => {
    await fileRequest(db, ctx, sampleFiling());
    await fileRequest(db, ctx, sampleFiling({ subject: 'Segunda solicitud' }));
    await addLocalFile(db, { name: 'foto.jpg', type: 'image/jpeg', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]) });
    const deviceKey = newSecretKey();
    const data = await exportPending(db, events, { deviceId: ctx.deviceId, deviceKey, user: { id: 'u-1', username: 'funcionario', municipality: '95200' } });
    expect(data.mutations).toHaveLength(2);
    expect(data.files).toHaveLength(1);
    if (data.version !== 2) throw new Error('a device with a key writes a sealed file');

    const other = new GelDb(`other-${uuidv7()}`);
    const roundTrip = JSON.parse(JSON.stringify(data));
    // The seal holds over the file as written and read back, and only with this device's key.
    expect(await sealVerifies(roundTrip, data.seal.mac, deviceKey)).toBe(true);
    expect(await sealVerifies(roundTrip, data.seal.mac, newSecretKey())).toBe(false);
    expect(await sealVerifies({ ...roundTrip, deviceId: 'another-device' }, data.seal.mac, deviceKey)).toBe(false);
    expect(await importPending(other, roundTrip)).toEqual({ mutations: 2, files: 1 });
    expect(await importPending(other, roundTrip)).toEqual({ mutations: 0, files: 0 });
    expect((await other.outbox.toArray()).map((e) => e.mutation)).toEqual(data.mutations);
    other.close();

    const tampered = JSON.parse(JSON.stringify(data));
    tampered.files[0].base64 = btoa('otra cosa');
    await expect(importPending(new GelDb(`t-${uuidv7()}`), tampered)).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    await expect(importPending(db, { format: 'otro' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('without a device key the file is unsealed (version 1), which another device still takes', async () => {
    await fileRequest(db, ctx, sampleFiling());
    const data = await exportPending(db, events, { deviceId: ctx.deviceId, deviceKey: null, user: { id: 'u-1', username: 'funcionario', municipality: '95200' } });
    expect(data.version).toBe(1);
    expect('seal' in data).toBe(false);
    const other = new GelDb(`other-${uuidv7()}`);
    expect(await importPending(other, JSON.parse(JSON.stringify(data)))).toEqual({ mutations: 1, files: 0 });
    other.close();
    await other.delete();
  });
});
