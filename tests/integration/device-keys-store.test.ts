// The store's side of device ownership and keys, on SQLite and on a throwaway PostgreSQL: a
// device row never moves to another user, a device key is the same until revoked and then
// renewed, and each municipality's official-id key is made once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceRow, Store, StoredUser } from '../../sync-server/store/store';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores } from '../helpers/stores';

const AT = '2026-03-10T15:00:00.000Z';
const cluster = postgresCluster();

const STORES = bothStores(cluster);

const user = (id: string, municipality = '95200'): StoredUser => ({
  id,
  username: id,
  displayName: id,
  role: 'official',
  municipality,
  passwordHash: 'scrypt$hash',
  active: true,
  createdAt: AT,
  dependencia: null,
  mustChangePassword: false,
});
const contact = (deviceId: string, userId: string, municipality = '95200', over: Partial<DeviceRow> = {}): DeviceRow => ({
  deviceId,
  userId,
  municipality,
  lastContactAt: AT,
  appVersion: '1.0.0',
  pendingReported: 2,
  ...over,
});

describe.each(STORES)('%s store', (_dialect, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.migrate();
    for (const [code, name] of [['95200', 'Miraflores'], ['95015', 'Calamar']] as const) await store.ensureMunicipality(code, name);
    for (const u of [user('ana'), user('beto'), user('carla', '95015')]) await store.createUser(u);
  });
  afterEach(async () => {
    await store.close();
  });

  it('a device row belongs to its first user: anyone else’s contact writes nothing', async () => {
    expect(await store.touchDevice(contact('dev-1', 'ana'))).toBe(true);
    expect(await store.touchDevice(contact('dev-1', 'beto', '95200', { lastContactAt: '2026-03-11T15:00:00.000Z', appVersion: '<b>evil</b>' }))).toBe(false);
    expect(await store.touchDevice(contact('dev-1', 'carla', '95015', { appVersion: 'evil' }))).toBe(false);
    expect(await store.listDevices('95015')).toEqual([]);
    expect(await store.listDevices('95200')).toEqual([{ ...contact('dev-1', 'ana'), name: null }]);
    // Its owner's next contact updates it; a contact that reports no version keeps the last one.
    expect(await store.touchDevice(contact('dev-1', 'ana', '95200', { lastContactAt: '2026-03-12T15:00:00.000Z', appVersion: null, pendingReported: null }))).toBe(true);
    expect(await store.listDevices('95200')).toEqual([{ ...contact('dev-1', 'ana', '95200', { lastContactAt: '2026-03-12T15:00:00.000Z' }), name: null }]);
  });

  it('a device is named once by its first contact that says a name, and renamed only within its municipality', async () => {
    expect(await store.touchDevice({ ...contact('dev-2', 'ana'), name: 'Chrome en Android · 10/03/2026' })).toBe(true);
    expect(await store.touchDevice({ ...contact('dev-2', 'ana'), name: 'Firefox en Windows · 11/03/2026' })).toBe(true);
    expect((await store.listDevices('95200')).find((d) => d.deviceId === 'dev-2')?.name).toBe('Chrome en Android · 10/03/2026');
    expect(await store.renameDevice('95015', 'dev-2', 'Robada')).toBe(false);
    expect(await store.renameDevice('95200', 'dev-9', 'Nadie')).toBe(false);
    expect(await store.renameDevice('95200', 'dev-2', 'Tableta de la ventanilla')).toBe(true);
    expect(await store.touchDevice({ ...contact('dev-2', 'ana'), name: 'Chrome en Android · 12/03/2026' })).toBe(true);
    expect((await store.listDevices('95200')).find((d) => d.deviceId === 'dev-2')?.name).toBe('Tableta de la ventanilla');
  });

  it('a device key is the same until an admin revokes the device, then a new one; never another user’s', async () => {
    const first = await store.issueDeviceKey({ deviceId: 'dev-1', userId: 'ana', municipality: '95200', secret: 'k1', createdAt: AT });
    expect(first).toMatchObject({ deviceId: 'dev-1', userId: 'ana', secret: 'k1', revokedAt: null });
    expect((await store.issueDeviceKey({ deviceId: 'dev-1', userId: 'ana', municipality: '95200', secret: 'k2', createdAt: AT }))?.secret).toBe('k1');
    expect(await store.issueDeviceKey({ deviceId: 'dev-1', userId: 'beto', municipality: '95200', secret: 'k3', createdAt: AT })).toBeNull();

    // Another municipality's admin cannot revoke it; its own can, and then the key stops counting.
    await store.revokeDeviceSessions('95015', 'dev-1', '2026-03-11T00:00:00.000Z');
    expect((await store.findDeviceKey('dev-1'))?.revokedAt).toBeNull();
    await store.revokeDeviceSessions('95200', 'dev-1', '2026-03-11T00:00:00.000Z');
    expect((await store.findDeviceKey('dev-1'))?.revokedAt).toBe('2026-03-11T00:00:00.000Z');
    expect(await store.issueDeviceKey({ deviceId: 'dev-1', userId: 'beto', municipality: '95200', secret: 'k3', createdAt: AT })).toBeNull();
    const renewed = await store.issueDeviceKey({ deviceId: 'dev-1', userId: 'ana', municipality: '95200', secret: 'k4', createdAt: AT });
    expect(renewed).toMatchObject({ userId: 'ana', secret: 'k4', revokedAt: null });
    expect(await store.findDeviceKey('dev-404')).toBeNull();
  });

  it("a password reset revokes every key of that user, and only theirs; each device's next key is new", async () => {
    const issue = (deviceId: string, userId: string, secret: string) => store.issueDeviceKey({ deviceId, userId, municipality: '95200', secret, createdAt: AT });
    await issue('ana-phone', 'ana', 'a1');
    await issue('ana-laptop', 'ana', 'a2');
    await issue('beto-phone', 'beto', 'b1');
    expect(await store.revokeUserDeviceKeys('ana', '2026-03-11T00:00:00.000Z')).toBe(2);
    expect(await store.revokeUserDeviceKeys('ana', '2026-03-12T00:00:00.000Z')).toBe(0);
    expect((await store.findDeviceKey('ana-phone'))?.revokedAt).toBe('2026-03-11T00:00:00.000Z');
    expect((await store.findDeviceKey('ana-laptop'))?.revokedAt).toBe('2026-03-11T00:00:00.000Z');
    expect((await store.findDeviceKey('beto-phone'))?.revokedAt).toBeNull();
    expect(await issue('ana-phone', 'ana', 'a3')).toMatchObject({ secret: 'a3', revokedAt: null });
    expect((await issue('beto-phone', 'beto', 'b2'))?.secret).toBe('b1');
  });

  it('each municipality gets its own official-id key, made once even when asked for at the same time', async () => {
    const [a, b] = await Promise.all([store.officialIdKey('95200'), store.transaction('95200', (tx) => tx.officialIdKey('95200'))]);
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(b).toBe(a);
    expect(await store.officialIdKey('95200')).toBe(a);
    const other = await store.officialIdKey('95015');
    expect(other).toMatch(/^[\w-]{43}$/);
    expect(other).not.toBe(a);
    await expect(store.officialIdKey('00000')).rejects.toThrow();
  });
});
