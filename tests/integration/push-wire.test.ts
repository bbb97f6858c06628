// The push's wire form (issue 17, sync-wire.ts): a device that says `positional` gets answers
// without the ids it sent, one per change in its order; one that says `create-id` sends a create
// without a mutation id (it is the record's). A build from before either is answered as before.
// Real server process over HTTP; the device is the real engine, transport and Dexie.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiErrorSchema } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { pullWireResponseSchema, pushResponseSchema, pushWireResponseSchema, type PullResponse } from '#shared/sync-protocol';
import { mutationToWire, resultsFromWire } from '#shared/sync-wire';
import { planPushResults } from '../../src/sync/apply-push';
import { updateLocal } from '../../src/modules/local-records';
import { createMutation, sampleFiling, updateMutation } from '../helpers/fixtures';
import { http, login, makeDevice, serverPerFile, type Device } from '../helpers/server-process';

const server = serverPerFile();
const open: Device[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const push = (token: string, body: Record<string, unknown>) => http(server.url, '/api/sync/push', { token, body });
/** A session opened on a device, as the app signs in. */
const signIn = async () => {
  const deviceId = uuidv7();
  return { deviceId, token: (await login(server.url, 'funcionario', undefined, deviceId)).token };
};

describe('push wire form', () => {
  it('an old build (no features) gets every answer with its id, and a create without an id is refused as malformed', async () => {
    const { token, deviceId } = await signIn();
    const a = createMutation({ subject: 'Build viejo A' });
    const b = createMutation({ subject: 'Build viejo B' });
    const res = await push(token, { deviceId, mutations: [a, b] });
    expect(res.status).toBe(200);
    const body = pushResponseSchema.parse(res.body);
    expect(body.results.map((r) => r.mutationId)).toEqual([a.id, b.id]);
    // The same answers on a replay (the receipts), still with their ids.
    expect(pushResponseSchema.parse((await push(token, { deviceId, mutations: [a, b] })).body).results).toEqual(body.results);
    // Without `create-id`, a missing id is a malformed change, as it always was.
    const { id: _id, ...noId } = createMutation({ subject: 'Sin id' });
    const refused = pushResponseSchema.parse((await push(token, { deviceId, mutations: [noId] })).body);
    expect(refused.results).toEqual([expect.objectContaining({ status: 'rejected', mutationId: null, error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) })]);
  });

  it('positional answers leave the ids out and keep the order; a create sent without its id takes the record id, and its replay changes nothing', async () => {
    const { token, deviceId } = await signIn();
    const recordId = uuidv7();
    const create = { ...createMutation({ subject: 'Build nuevo' }), recordId, id: recordId };
    const wire = mutationToWire(create);
    expect(wire).not.toHaveProperty('id');
    const bad = createMutation({ subject: '' });
    const features = ['positional', 'create-id'];
    const first = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [wire, bad], features })).body);
    expect(first.results).toHaveLength(2);
    expect(first.results[0]).toMatchObject({ status: 'applied', rev: 1 });
    expect(first.results[0]).not.toHaveProperty('mutationId');
    // A refusal still names its change (it is kept and shown on the device).
    expect(first.results[1]).toMatchObject({ status: 'rejected', mutationId: bad.id });
    // The receipt is the record id's: sent again with or without the id, the first answer comes back.
    const replay = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [wire], features })).body);
    expect(replay.results).toEqual([first.results[0]]);
    const asOld = pushResponseSchema.parse((await push(token, { deviceId, mutations: [create] })).body);
    expect(asOld.results).toEqual([{ ...first.results[0], mutationId: recordId }]);
    const all = (await http(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } })).body as PullResponse;
    expect(all.changes.filter((c) => c.id === recordId)).toEqual([expect.objectContaining({ data: expect.objectContaining({ id: recordId }) })]);
    // A device that says bare-id gets no sequence numbers (it moves by the cursor).
    const bare = (await http(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000, features: ['removals', 'bare-id'] } })).body as PullResponse;
    expect(bare.changes.length).toBe(all.changes.length);
    expect(bare.changes.every((c) => !('seq' in c))).toBe(true);
    expect(bare.changes.map((c) => c.data)).toEqual(all.changes.map((c) => c.data));
    expect(bare.cursor).toBe(all.cursor);
    // An update without an id is not completed from anything: refused as malformed.
    const { id: _u, ...update } = updateMutation(recordId, 1, { subject: 'Cambio' });
    const refused = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [update], features })).body);
    expect(refused.results).toEqual([expect.objectContaining({ status: 'rejected', mutationId: null })]);
    expect(apiErrorSchema.parse((refused.results[0] as { error: unknown }).error).code).toBe('VALIDATION_FAILED');
  });

  it('a device of this build files, edits and syncs: its creates carry the record id as change id, and it ends with the server state', async () => {
    const d = await makeDevice(server.url, 'funcionario');
    open.push(d);
    await d.syncNow();
    const filed = await d.file(sampleFiling({ subject: 'Desde el dispositivo' }));
    const entry = await d.db.outbox.where('[kind+recordId]').equals(['pqrsd', filed.id]).first();
    expect(entry?.mutationId).toBe(filed.id);
    await d.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    const held = await d.db.pqrsd.get(filed.id);
    expect(held).toMatchObject({ _rev: 1, _sync: 'synced' });
    expect(held?.radicado).toMatch(/^95200-\d{4}-\d{6}$/);
    await updateLocal(d.db, 'pqrsd', filed.id, { subject: 'Corregida' });
    const edit = await d.db.outbox.where('[kind+recordId]').equals(['pqrsd', filed.id]).first();
    expect(edit?.mutationId).not.toBe(filed.id);
    await d.syncNow();
    expect(await d.db.pqrsd.get(filed.id)).toMatchObject({ subject: 'Corregida', _rev: 2, _sync: 'synced' });
    const server2 = (await http(server.url, '/api/sync/pull', { token: d.token, body: { cursor: null, limit: 2000 } })).body as PullResponse;
    expect(server2.changes.find((c) => c.id === filed.id)?.data).toMatchObject({ subject: 'Corregida' });
  });
});

describe('create-id negotiated with the real server', () => {
  /** The push bodies this process sends (the app's client calls the global fetch). */
  const watchPushes = () => {
    const bodies: { mutations: Record<string, unknown>[]; features?: string[] }[] = [];
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const req = new Request(input, init);
      if (new URL(req.url).pathname === '/api/sync/push') bodies.push(JSON.parse(await req.clone().text()) as (typeof bodies)[number]);
      return realFetch(req);
    });
    return { bodies, restore: () => spy.mockRestore() };
  };
  const realFetch = globalThis.fetch.bind(globalThis);

  it('a device that never heard the server pushes full ids; once an answer says create-id, its creates go without them', async () => {
    const watch = watchPushes();
    try {
      const d = await makeDevice(server.url, 'funcionario');
      open.push(d);
      const first = await d.file(sampleFiling({ subject: 'Antes de saber' }));
      await d.syncNow();
      const second = await d.file(sampleFiling({ subject: 'Ya sabe' }));
      await d.syncNow();
      const sentFirst = watch.bodies.flatMap((b) => b.mutations).find((m) => m.recordId === first.id);
      const sentSecond = watch.bodies.flatMap((b) => b.mutations).find((m) => m.recordId === second.id);
      expect(sentFirst).toMatchObject({ id: first.id });
      expect(sentSecond).toBeDefined();
      expect(sentSecond).not.toHaveProperty('id');
      expect(await d.db.outbox.count()).toBe(0);
      expect(await d.db.quarantine.count()).toBe(0);
      expect(await d.db.pqrsd.get(second.id)).toMatchObject({ _rev: 1, _sync: 'synced' });
    } finally {
      watch.restore();
    }
  });

  it('answers say the features understood only when some were declared (an old build gets the old body)', async () => {
    const { token, deviceId } = await signIn();
    const old = await push(token, { deviceId, mutations: [createMutation({ subject: 'Viejo' })] });
    expect(old.body).not.toHaveProperty('features');
    expect((await http(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 1 } })).body).not.toHaveProperty('features');
    const now = await push(token, { deviceId, mutations: [], features: ['positional', 'create-id', 'teleport'] });
    expect(pushWireResponseSchema.parse(now.body).features).toEqual(['positional', 'create-id']);
    const page = await http(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 1, features: ['removals', 'bare-id', 'create-id'] } });
    expect(pullWireResponseSchema.parse(page.body).features).toEqual(['removals', 'bare-id', 'create-id']);
  });

  it('a stripped create a server does not read is refused unread, kept, and applied exactly once when sent again in full', async () => {
    const { token, deviceId } = await signIn();
    const recordId = uuidv7();
    const create = { ...createMutation({ subject: 'Una sola vez' }), recordId, id: recordId };
    // As an old instance sees it: a create without id, and no create-id said (none echoed back).
    const unread = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [mutationToWire(create)], features: ['positional'] })).body);
    expect(unread.features).toEqual(['positional']);
    const plan = planPushResults([{ seq: 1, mutationId: create.id, kind: create.kind, recordId, mutation: create, createdAt: create.at }], resultsFromWire([create], unread.results, { stripped: true, features: unread.features }), { appVersion: 't', maxAttempts: 5 });
    expect(plan.kept).toEqual([create.id]);
    // Sent again in full, then again (a lost answer): one record, one revision, the same answer.
    const full = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [create], features: ['positional'] })).body);
    expect(full.results[0]).toMatchObject({ status: 'applied', rev: 1 });
    const replay = pushWireResponseSchema.parse((await push(token, { deviceId, mutations: [mutationToWire(create)], features: ['positional', 'create-id'] })).body);
    expect(replay.results).toEqual(full.results);
    const all = (await http(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } })).body as PullResponse;
    expect(all.changes.filter((c) => c.id === recordId)).toEqual([expect.objectContaining({ rev: 1 })]);
  });
});
