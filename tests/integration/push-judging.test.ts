// The push's mechanisms that no single kind shows, on both stores (SQLite and a throwaway
// PostgreSQL), through the real pushMutations with a hook table given the way a test server is:
//  - a create that meets a stored record (kept as it is, or RECORD_EXISTS) is first judged by the
//    kind's create rules, run and rolled back: their refusal answers, and nothing they wrote stays;
//  - a change the server fails on (INTERNAL) holds back, within the push, only the later changes
//    of the records it names; the rest apply, and the held ones are applied once it succeeds.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import type { Mutation, MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import type { Store } from '../../sync-server/store/store';
import { refuse, accept, type KindHooks } from '../../sync-server/sync/hooks/types';
import { KIND_HOOKS, type KindHookTable } from '../../sync-server/sync/kind-hooks';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores, storeEachTest } from '../helpers/stores';

const cluster = postgresCluster();

const STORES = bothStores(cluster);

const ADMIN: Actor = { userId: 'user-admin', role: 'admin', municipality: '95200', deviceId: 'device-admin' };
const TRAINER: Actor = { userId: 'user-trainer', role: 'trainer', municipality: '95200', deviceId: 'device-trainer' };
const OFFICIAL: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const now = () => new Date('2026-03-10T15:00:00.000Z');

const official = (over: Record<string, unknown> = {}, recordId = uuidv7()): Mutation => ({
  id: uuidv7(),
  kind: 'official',
  recordId,
  op: 'create',
  baseRev: null,
  data: { idType: 'CC', idNumber: '1234567', fullName: 'Ana Gómez', ...over },
  at: '2026-03-10T15:00:00.000Z',
});

describe.each(STORES)('%s', (_name, open) => {
  let store: Store;
  storeEachTest(open, (s) => (store = s));

  it("a create meeting a stored record answers by the create's rules first, and their writes are undone", async () => {
    // The roster's rule, plus a trace of every run: the trace must survive only real creates.
    const rosterRule: KindHooks<'official'> = {
      async onCreate(tx, data, actor, at) {
        await tx.appendAudit({ at, municipality: actor.municipality, userId: actor.userId, deviceId: actor.deviceId, action: 'trace', kind: 'official', recordId: data.id, detail: {} });
        return actor.role === 'trainer' && data.walkIn !== true ? refuse('FORBIDDEN', 'A trainer adds walk-in participants only') : accept();
      },
    };
    const hooks: KindHookTable = { ...KIND_HOOKS, official: rosterRule };
    const traces = async () => (await store.auditEntries('95200', 0, 1000)).filter((e) => e.action === 'trace').length;

    const first = official();
    expect(await pushMutations(store, ADMIN, [first], { now, hooks })).toMatchObject([{ status: 'applied', rev: 1 }]);
    expect(await traces()).toBe(1);

    // The same person again: kept as it is for whoever may create it, refused as a create would be otherwise.
    const byTrainer = official({}, first.recordId);
    expect(await pushMutations(store, TRAINER, [byTrainer], { now, hooks })).toMatchObject([{ status: 'rejected', error: { code: 'FORBIDDEN' } }]);
    const walkIn = official({ walkIn: true }, first.recordId);
    expect(await pushMutations(store, TRAINER, [walkIn], { now, hooks })).toMatchObject([{ status: 'applied', rev: 1 }]);
    expect(await traces()).toBe(1);
    expect((await store.getRecord('95200', 'official', first.recordId))?.data).toMatchObject({ walkIn: false, createdBy: ADMIN.userId });

    // RECORD_EXISTS, too, comes only after the create's rules said yes.
    const refusingRequests: KindHookTable = { ...KIND_HOOKS, pqrsd: { onCreate: async () => refuse('FORBIDDEN', 'not for you') } };
    const filed = createMutation();
    expect(await pushMutations(store, OFFICIAL, [filed], { now })).toMatchObject([{ status: 'applied' }]);
    const again = { ...createMutation(), recordId: filed.recordId };
    expect(await pushMutations(store, OFFICIAL, [again], { now, hooks: refusingRequests })).toMatchObject([{ status: 'rejected', error: { code: 'FORBIDDEN' } }]);
    expect(await pushMutations(store, OFFICIAL, [{ ...again, id: uuidv7() }], { now })).toMatchObject([{ status: 'rejected', error: { code: 'RECORD_EXISTS' } }]);
  });

  it('a failed change holds back only the later changes of the records it names; the rest of the push applies', async () => {
    let poisoned = true;
    const failing: KindHookTable = {
      ...KIND_HOOKS,
      pqrsd: {
        ...KIND_HOOKS.pqrsd,
        async onCreate(tx, data, actor, at, ctx) {
          if (poisoned && data.subject === 'Solicitud envenenada') throw new Error('a server bug');
          return (KIND_HOOKS.pqrsd?.onCreate as NonNullable<KindHooks<'pqrsd'>['onCreate']>)(tx, data, actor, at, ctx);
        },
      },
    };
    const poison = createMutation({ subject: 'Solicitud envenenada' });
    const edit = updateMutation(poison.recordId, 1, { description: 'Descripción corregida' });
    const step: Mutation = {
      id: uuidv7(),
      kind: 'pqrsd_event',
      recordId: uuidv7(),
      op: 'create',
      baseRev: null,
      data: { requestId: poison.recordId, date: '2026-03-10', note: '', action: { type: 'asignar', dependencia: 'Ventanilla única', assignee: 'Ana Gómez' } },
      at: '2026-03-10T15:00:00.000Z',
    };
    const good = [createMutation({ subject: 'Primera buena' }), createMutation({ subject: 'Segunda buena' })];
    const batch = [poison, edit, good[0], step, good[1]] as Mutation[];

    const results: MutationResult[] = await pushMutations(store, OFFICIAL, batch, { now, hooks: failing });
    expect(results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['INTERNAL', 'INTERNAL', 'applied', 'INTERNAL', 'applied']);
    expect(results[0]).not.toHaveProperty('error.details');
    expect(results[1]).toMatchObject({ error: { details: { waitsFor: poison.id } } });
    expect(results[3]).toMatchObject({ error: { details: { waitsFor: expect.any(String) } } });
    expect(await store.getRecord('95200', 'pqrsd', poison.recordId)).toBeNull();
    expect(await store.getRecord('95200', 'pqrsd_event', step.recordId)).toBeNull();
    for (const m of [poison, edit, step]) expect(await store.transaction('95200', (tx) => tx.getReceipt(m.id))).toBeNull();

    // Fixed: the same push again applies them in order; the good ones are replays.
    poisoned = false;
    const again = await pushMutations(store, OFFICIAL, batch, { now, hooks: failing });
    expect(again.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(again[2]).toEqual(results[2]);
    const request = await store.getRecord('95200', 'pqrsd', poison.recordId);
    expect(request).toMatchObject({ rev: 3, data: { description: 'Descripción corregida', lifecycle: { state: 'asignada' } } });
  });
});
