// The device never pulls back its own changes (issue 17): the push answer carries what the
// server set, and the pull leaves out what this device wrote unless the server changed it since.
// Real devices (Dexie on fake-indexeddb, ky transport, SyncEngine) against the real server
// process; the lost answer goes through the fault suite's proxy.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '#shared/errors';
import { pushResponseSchema, type PullResponse, type WireChange as Change, type PullWireResponse } from '#shared/sync-protocol';
import { updateLocal } from '../../src/modules/local-records';
import { importPending } from '../../src/sync/pending-transfer';
import { uuidv7 } from '#shared/ids';
import type { Transport } from '../../src/sync/transport';
import { diffViews, deviceView, serverView } from '../fault/checks';
import type { FaultDevice } from '../fault/world';
import { proxiedServerPerFile } from '../fault/proxy';
import { createMutation, sampleFiling } from '../helpers/fixtures';
import { createUserAsAdmin, http, login, makeDevice, OTHER_PASSWORD, type Device } from '../helpers/server-process';

const world = proxiedServerPerFile();
const open: Device[] = [];

beforeAll(async () => {
  await createUserAsAdmin(world.server.url, { username: 'ventanilla2', displayName: 'Segunda ventanilla', role: 'official' });
});
afterEach(async () => {
  world.proxy.setPlan(null);
  for (const d of open.splice(0)) await d.close();
});

/** A device whose pulled pages and calls are kept, reaching the server through the proxy as device `index`. */
async function device(username: string, index: number, password?: string): Promise<Device & { pulled: Change[]; calls: string[] }> {
  const pulled: Change[] = [];
  const calls: string[] = [];
  const keep = (real: Transport): Transport => ({
    // A push may carry the pull too (one round trip when little is waiting).
    push: async (req) => {
      calls.push(req.pull ? 'push+pull' : 'push');
      const res = await real.push(req);
      pulled.push(...(res.pull?.changes ?? []));
      return res;
    },
    pull: async (req): Promise<PullWireResponse> => {
      calls.push('pull');
      const page = await real.pull(req);
      pulled.push(...page.changes);
      return page;
    },
  });
  const d = await makeDevice(world.proxy.deviceUrl(index), username, { wrapTransport: keep, ...(password ? { password } : {}) });
  open.push(d);
  return Object.assign(d, { pulled, calls });
}

/** The device holds exactly what the server holds for this user (fields and revision). */
async function expectConverged(d: Device): Promise<void> {
  const mine = await deviceView(d as unknown as FaultDevice);
  expect(diffViews(mine.records, await serverView(world.server.url, d.token), 10)).toEqual([]);
  expect(mine.unsynced).toEqual([]);
}

/**
 * Two desks (devices `first` and `first + 1`): A synced, then B filed a request and sent it; A's
 * record of calls and pulled changes starts after that.
 */
async function twoDesksAfterB(first: number, subject: string) {
  const a = await device('funcionario', first);
  const b = await device('ventanilla2', first + 1, OTHER_PASSWORD);
  await a.syncNow();
  await b.file(sampleFiling({ subject }));
  await b.syncNow();
  a.calls.length = 0;
  a.pulled.length = 0;
  return { a, b };
}

describe("a device's own changes", () => {
  it('a device’s own changes are not pulled back, and it ends with the server’s state', async () => {
    const { a, b } = await twoDesksAfterB(0, 'De la otra ventanilla');

    const filed = [await a.file(sampleFiling({ subject: 'Uno' })), await a.file(sampleFiling({ subject: 'Dos' }))];
    await a.syncNow();
    // The radicados came with the push answer, and nothing of A's came back with the pull.
    for (const r of filed) expect(await a.db.pqrsd.get(r.id)).toMatchObject({ _rev: 1, _sync: 'synced', radicado: expect.stringMatching(/^95200-2026-/) });
    const own = new Set(filed.map((r) => r.id));
    expect(a.pulled.filter((c) => own.has(c.id))).toEqual([]);
    // B's request did come (it was written by someone else).
    expect(a.pulled.some((c) => c.kind === 'pqrsd' && !own.has(c.id))).toBe(true);
    await expectConverged(a);

    // An edit of A's own, based on the revision the answer gave: settled too.
    a.pulled.length = 0;
    const first = filed[0]!;
    await updateLocal(a.db, 'pqrsd', first.id, { subject: 'Uno, corregido' });
    await a.syncNow();
    expect(await a.db.pqrsd.get(first.id)).toMatchObject({ subject: 'Uno, corregido', _rev: 2, _sync: 'synced' });
    expect(a.pulled.filter((c) => own.has(c.id))).toEqual([]);

    // Another device writes the same record after A: A pulls it.
    await b.syncNow();
    await updateLocal(b.db, 'pqrsd', first.id, { description: 'Descripción de B' });
    await b.syncNow();
    await a.syncNow();
    expect(a.pulled.filter((c) => c.id === first.id).map((c) => c.rev)).toEqual([3]);
    expect(await a.db.pqrsd.get(first.id)).toMatchObject({ subject: 'Uno, corregido', description: 'Descripción de B', _rev: 3 });

    // Both change the subject on revision 3: B first, then A's value is kept as a conflict, which reaches A.
    await b.syncNow();
    await updateLocal(b.db, 'pqrsd', first.id, { subject: 'Asunto de B' });
    await updateLocal(a.db, 'pqrsd', first.id, { subject: 'Asunto de A' });
    await b.syncNow();
    a.pulled.length = 0;
    await a.syncNow();
    expect(a.pulled.find((c) => c.kind === 'conflict')).toMatchObject({ data: { recordId: first.id, field: 'subject', clientValue: 'Asunto de A' } });
    await expectConverged(a);
    await b.syncNow();
    await expectConverged(b);
  });

  it('nothing lost when a push answer is lost: the replay answers from the receipt and the device ends with the server’s state', async () => {
    const a = await device('funcionario', 2);
    await a.syncNow();
    const filed = [await a.file(sampleFiling({ subject: 'Tres' })), await a.file(sampleFiling({ subject: 'Cuatro' }))];
    // The server commits the push; its answer never reaches the device.
    let dropped = 0;
    world.proxy.setPlan((info) => (info.path.endsWith('/api/sync/push') && dropped++ === 0 ? { type: 'drop-after' } : { type: 'pass' }));
    await a.syncNow();
    expect(dropped).toBe(1);
    expect(await a.db.outbox.count()).toBe(2);
    expect(a.engine.getStatus().lastError).not.toBeNull();
    // Until it syncs again, the device knows nothing of the radicados.
    for (const r of filed) expect(await a.db.pqrsd.get(r.id)).toMatchObject({ radicado: null, _rev: 0 });

    a.pulled.length = 0;
    await a.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.quarantine.count()).toBe(0);
    // The replay answered from the receipts (the same radicados, never a second number) …
    const radicados = await Promise.all(filed.map(async (r) => (await a.db.pqrsd.get(r.id))?.radicado));
    expect(new Set(radicados).size).toBe(2);
    for (const r of radicados) expect(r).toMatch(/^95200-2026-/);
    // … so nothing came back with the pull, and the device holds what the server holds.
    const own = new Set(filed.map((r) => r.id));
    expect(a.pulled.filter((c) => own.has(c.id))).toEqual([]);
    await expectConverged(a);
  });

  it('when little is waiting, one request carries the push and the pull', async () => {
    const { a } = await twoDesksAfterB(3, 'De B, para A');
    const mine = await a.file(sampleFiling({ subject: 'De A' }));
    await a.syncNow();
    expect(a.calls).toEqual(['push+pull']);
    expect(a.pulled.map((c) => c.data.subject)).toContain('De B, para A');
    expect(a.pulled.map((c) => c.id)).not.toContain(mine.id);
    await expectConverged(a);
  });

  it('changes imported from another device\'s export come back with the pull: this device never held their records', async () => {
    const b = await device('funcionario', 6);
    await b.syncNow();
    const user = { id: b.user.id, username: 'funcionario', municipality: '95200' };
    const imported = createMutation({ subject: 'Del teléfono viejo' });
    const file = { format: 'gel-campo/pendientes', version: 1, exportedAt: new Date().toISOString(), deviceId: 'old-phone-0001', user, mutations: [imported], refused: [], files: [] };
    await importPending(b.db, file);
    expect(await b.db.pqrsd.get(imported.recordId)).toBeUndefined();
    await b.syncNow();
    expect(await b.db.pqrsd.get(imported.recordId)).toMatchObject({ subject: 'Del teléfono viejo', radicado: expect.stringMatching(/^95200-/) });
    await expectConverged(b);

    // An imported change of a record this device holds (and settled itself): its copy never had
    // the imported field, so the pull must bring it too.
    const held = await b.file(sampleFiling({ subject: 'Mía' }));
    await b.syncNow();
    const rev = (await b.db.pqrsd.get(held.id))?._rev as number;
    const edit = { id: uuidv7(), kind: 'pqrsd', recordId: held.id, op: 'update', baseRev: rev, data: { description: 'Corregida en el teléfono viejo' }, at: new Date().toISOString() };
    await importPending(b.db, { ...file, mutations: [edit] });
    await b.syncNow();
    expect(await b.db.pqrsd.get(held.id)).toMatchObject({ description: 'Corregida en el teléfono viejo', _rev: rev + 1 });
    await expectConverged(b);
  });

  it('over HTTP: the push answer holds the pull page read after the push; a bad pull in it refuses the whole request', async () => {
    const a = await device('funcionario', 5);
    await a.syncNow();
    const cursor = (await a.db.meta.get('cursor'))?.value as string;
    const filed = createMutation({ subject: 'Por HTTP' });
    const res = await http(world.server.url, '/api/sync/push', { token: a.token, body: { deviceId: a.deviceId, mutations: [filed], settle: true, pull: { cursor, features: ['removals'] } } });
    expect(res.status).toBe(200);
    const body = pushResponseSchema.parse(res.body);
    expect(body.results).toEqual([expect.objectContaining({ status: 'applied', rev: 1, settled: true })]);
    // Its own change is not in the page; the page moves the cursor past it.
    expect(body.pull?.changes.map((c) => c.id)).not.toContain(filed.recordId);
    expect(Number(body.pull?.cursor?.split('.')[0])).toBeGreaterThan(Number(cursor.split('.')[0]));
    // Without a device in the session (a script), nothing is settled and the page holds everything new.
    const script = await http(world.server.url, '/api/sync/push', { token: (await login(world.server.url, 'funcionario')).token, body: { deviceId: a.deviceId, mutations: [], pull: { cursor } } });
    expect(pushResponseSchema.parse(script.body).pull?.changes.map((c) => c.id)).toContain(filed.recordId);
    // A push that does not ask to settle (a build from before settling, or a batch holding changes
    // imported from another device) is answered plainly, and its changes come back in the pull.
    const plain = createMutation({ subject: 'Sin asentar' });
    const older = pushResponseSchema.parse((await http(world.server.url, '/api/sync/push', { token: a.token, body: { deviceId: a.deviceId, mutations: [plain], pull: { cursor } } })).body);
    expect(older.results).toEqual([expect.objectContaining({ status: 'applied', rev: 1 })]);
    expect(older.results[0]).not.toHaveProperty('settled');
    expect(older.pull?.changes.map((c) => c.id)).toContain(plain.recordId);
    const bad = await http(world.server.url, '/api/sync/push', { token: a.token, body: { deviceId: a.deviceId, mutations: [createMutation()], pull: { cursor: 'not a cursor' } } });
    expect(bad.status).toBe(400);
    expect(apiErrorSchema.parse(bad.body).code).toBe('VALIDATION_FAILED');
    const count = (await http(world.server.url, '/api/sync/pull', { token: a.token, body: { cursor: null, limit: 2000 } })).body as PullResponse;
    expect(count.changes.filter((c) => c.kind === 'pqrsd' && c.data.subject === 'Por HTTP')).toHaveLength(1);
  });
});
