// Issue 13 items 2 (second part), 11 and 5, over real HTTP against the real server process on
// SQLite and on a throwaway PostgreSQL: a device id belongs to the user who first used it (no
// push, sign-in or device-list takeover by anyone else); audit entries name the session's device,
// never the x-device-id header; an official's record id is an HMAC with the municipality's key,
// which every device of that municipality receives.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addOfficial } from '../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { officialIdFor } from '#shared/training/official-id';
import { hashToken, newToken } from '../../sync-server/auth/tokens';
import type { StoredAuditEntry } from '../../sync-server/store/store';
import { createMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { DEMO_PASSWORD, http, login, REPO_ROOT, serverOnDialectPerBlock } from '../helpers/server-process';
import { createCalamarAdmin } from '../helpers/admin-cli';

const CALAMAR_PASSWORD = 'tortuga-morichal-bajo-93';
const WALK_IN = { idType: 'CC', idNumber: '1.098.765.432', fullName: 'Diego Torres', dependencia: 'Gobierno', walkIn: true, active: true } as const;

const cluster = postgresCluster();

it('no server code reads the x-device-id header: the device is always the session’s', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  const readers = files(join(REPO_ROOT, 'sync-server')).filter((f) => /['"`]x-device-id['"`]/i.test(readFileSync(f, 'utf8')));
  expect(readers).toEqual([]);
});

describe.each(['sqlite', 'postgres'] as const)('%s store', (dialect) => {
  const block = serverOnDialectPerBlock(dialect, cluster);
  let adminToken: string;
  let calamarToken: string;
  const device = (username: string) => block.device(username);
  const audit = (afterSeq = 0): Promise<StoredAuditEntry[]> => block.withStore((s) => s.auditEntries('95200', afterSeq, 100_000));
  const auditHead = async () => (await audit()).at(-1)?.seq ?? 0;
  const push = (token: string, deviceId: string, mutations: unknown[], headers: Record<string, string> = {}) =>
    http<any>(block.server.url, '/api/sync/push', { token, body: { deviceId, mutations }, headers });
  const pull = (token: string, headers: Record<string, string> = {}) => http<any>(block.server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 }, headers });
  const devicesOf = async (token: string) => (await http<any>(block.server.url, '/api/admin/devices', { token })).body.devices as { deviceId: string }[];

  beforeAll(async () => {
    const dbUrl = block.databaseUrl;
    await createCalamarAdmin({ DATA_DIR: block.server.dataDir, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) }, CALAMAR_PASSWORD);
    adminToken = (await login(block.server.url, 'admin')).token;
    calamarToken = (await login(block.server.url, 'calamar', CALAMAR_PASSWORD)).token;
  }, 120_000);

  it('a device id belongs to the user who first used it: pushes and sign-ins of others are refused, the devices list unchanged', async () => {
    const phone = await device('funcionario');
    await phone.file();
    await phone.syncNow();
    expect((await push(phone.token, phone.deviceId, [], { 'x-app-version': '0.1.0', 'x-pending-count': '0' })).status).toBe(200);
    const before = (await devicesOf(adminToken)).find((d) => d.deviceId === phone.deviceId);
    expect(before).toMatchObject({ username: 'funcionario', appVersion: '0.1.0', pendingReported: 0 });

    const evil = { 'x-app-version': '<b>evil</b>', 'x-pending-count': '99' };
    const stolen = createMutation();
    // A colleague whose session names no device (a script), then one signed in on their own device.
    const script = await login(block.server.url, 'comite');
    expect(await push(script.token, phone.deviceId, [stolen], evil)).toMatchObject({ status: 409, body: { code: 'DEVICE_TAKEN' } });
    const signIn = await http<any>(block.server.url, '/api/auth/login', { body: { username: 'comite', password: DEMO_PASSWORD, deviceId: phone.deviceId } });
    expect(signIn).toMatchObject({ status: 409, body: { code: 'DEVICE_TAKEN' } });
    const own = await login(block.server.url, 'comite', DEMO_PASSWORD, `comite-own-${uuidv7()}`);
    expect(await push(own.token, phone.deviceId, [stolen], evil)).toMatchObject({ status: 403, body: { code: 'DEVICE_MISMATCH' } });
    // Another municipality's user: the same.
    expect(await push(calamarToken, phone.deviceId, [stolen], evil)).toMatchObject({ status: 409, body: { code: 'DEVICE_TAKEN' } });
    const foreign = await http<any>(block.server.url, '/api/auth/login', { body: { username: 'calamar', password: CALAMAR_PASSWORD, deviceId: phone.deviceId } });
    expect(foreign).toMatchObject({ status: 409, body: { code: 'DEVICE_TAKEN' } });
    // A pull naming it in the header is no contact of that device either.
    expect((await pull(script.token, { 'x-device-id': phone.deviceId, ...evil })).status).toBe(200);

    expect((await devicesOf(adminToken)).find((d) => d.deviceId === phone.deviceId)).toEqual(before);
    expect((await devicesOf(calamarToken)).map((d) => d.deviceId)).not.toContain(phone.deviceId);
    expect((await pull(adminToken)).body.changes.map((c: { id: string }) => c.id)).not.toContain(stolen.recordId);
    // The owner carries on.
    await phone.file();
    await phone.syncNow();
    expect(await phone.db.outbox.count()).toBe(0);
  });

  it('audit entries name the session’s device, never the x-device-id header', async () => {
    const deviceId = `admin-audit-${uuidv7()}`;
    const officer = await login(block.server.url, 'admin', DEMO_PASSWORD, deviceId);
    expect((await push(officer.token, deviceId, [createMutation()])).body.results[0].status).toBe('applied');
    const forged = { 'x-device-id': 'forged-device-01' };
    const mark = await auditHead();
    expect((await pull(officer.token, forged)).status).toBe(200);
    expect((await http(block.server.url, '/api/habeas/search', { token: officer.token, body: { idType: 'CC', idNumber: '1234567' }, headers: forged })).status).toBe(200);
    const entries = await audit(mark);
    expect(entries.map((e) => e.action)).toEqual(['view-personal-data', 'habeas.search']);
    for (const e of entries) expect(e).toMatchObject({ userId: officer.user.id, deviceId });

    // A session opened without naming a device records none, whatever the header says.
    const script = await login(block.server.url, 'admin');
    const next = await auditHead();
    await pull(script.token, forged);
    expect(await audit(next)).toEqual([expect.objectContaining({ action: 'view-personal-data', deviceId: null })]);
  });

  it('a session from before device keys gets its keys at its next refresh, for the device it was opened on', async () => {
    const token = newToken();
    const legacyDevice = `legacy-${uuidv7()}`;
    const funcionario = (await login(block.server.url, 'funcionario')).user;
    const now = new Date();
    await block.withStore((s) =>
      s.createSession({ tokenHash: hashToken(token), userId: funcionario.id, deviceId: legacyDevice, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), revokedAt: null }),
    );
    const refreshed = await http<any>(block.server.url, '/api/auth/refresh', { token, method: 'POST', headers: { 'x-device-id': 'forged-device-01' } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ deviceId: legacyDevice, deviceKey: expect.stringMatching(/^[\w-]{43}$/), officialIdKey: expect.stringMatching(/^[\w-]{43}$/) });
    // The key is this device's until an admin revokes it: signing in again hands the same one.
    const again = await login(block.server.url, 'funcionario', DEMO_PASSWORD, legacyDevice);
    expect(again.deviceKey).toBe(refreshed.body.deviceKey);
  });

  it("an official's id is an HMAC with the municipality's key: one id on two devices of a municipality, another elsewhere, never the unkeyed hash", async () => {
    const trainer = await device('capacitador');
    const admin = await device('admin');
    expect(trainer.ctx.officialIdKey).toMatch(/^[\w-]{43}$/);
    expect(admin.ctx.officialIdKey).toBe(trainer.ctx.officialIdKey);
    const key = trainer.ctx.officialIdKey as string;
    const calamar = await login(block.server.url, 'calamar', CALAMAR_PASSWORD);
    expect(calamar.officialIdKey).toMatch(/^[\w-]{43}$/);
    expect(calamar.officialIdKey).not.toBe(key);

    // The same walk-in added offline on two devices: one id, one record once both have synced.
    trainer.setOnline(false);
    admin.setOnline(false);
    const onTrainer = await addOfficial(trainer.db, trainer.ctx, WALK_IN);
    const onAdmin = await addOfficial(admin.db, admin.ctx, { ...WALK_IN, idNumber: '1098765432', fullName: 'Diego A. Torres' });
    expect(onAdmin.id).toBe(onTrainer.id);
    expect(onTrainer.id).toBe(await officialIdFor(key, '95200', 'CC', '1098765432'));
    const unkeyed = createHash('sha256').update('official|95200|CC|1098765432').digest('hex');
    expect(onTrainer.id.replace(/-/g, '').slice(0, 12)).not.toBe(unkeyed.slice(0, 12));
    trainer.setOnline(true);
    admin.setOnline(true);
    await trainer.syncNow();
    await admin.syncNow();
    expect(await trainer.db.quarantine.count()).toBe(0);
    expect(await admin.db.quarantine.count()).toBe(0);
    const roster = (await pull(adminToken)).body.changes.filter((c: { kind: string; data: { idNumber?: string } }) => c.kind === 'official' && c.data.idNumber === '1098765432');
    expect(roster.map((c: { id: string }) => c.id)).toEqual([onTrainer.id]);

    // The server takes only the keyed id: the old unkeyed one is refused, and so is another town's.
    const at = new Date().toISOString();
    const create = (id: string) => ({ id: uuidv7(), kind: 'official', recordId: id, op: 'create', baseRev: null, at, data: { ...WALK_IN, idNumber: '52345678', walkIn: false } });
    const h = createHash('sha256').update('official|95200|CC|52345678').digest('hex');
    const unkeyedId = `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
    const calamarsId = await officialIdFor(calamar.officialIdKey as string, '95200', 'CC', '52345678');
    for (const id of [unkeyedId, calamarsId]) {
      expect((await push(adminToken, `admin-script-${dialect}`, [create(id)])).body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    }
    const keyedId = await officialIdFor(key, '95200', 'CC', '52345678');
    expect((await push(adminToken, `admin-script-${dialect}`, [create(keyedId)])).body.results[0]).toMatchObject({ status: 'applied' });

    // The key is kept in the database: the same after a restart.
    await block.server.restart();
    expect((await login(block.server.url, 'capacitador')).officialIdKey).toBe(key);
  });
});
