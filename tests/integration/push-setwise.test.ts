// A push applied set-wise (issue 16), on both stores: a batch costs a fixed number of statements
// whatever its size (records, series numbers, receipts and audit entries held and written in
// multi-row statements; no savepoint per change); a change that fails is undone in memory, or,
// when it had written to the database, the batch is applied again change by change with the
// same answers; pushes waiting for a municipality's writer share one transaction, each in its
// own savepoint, so one refused push (over its write budget: 413) leaves the others committed.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import type { Mutation, MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import type { Store, StoreTx } from '../../sync-server/store/store';
import { WriteMeter, WritesOverBudget } from '../../sync-server/sync/batch-tx';
import type { KindHooks } from '../../sync-server/sync/hooks/types';
import { KIND_HOOKS, type KindHookTable } from '../../sync-server/sync/kind-hooks';
import { pushMutations } from '../../sync-server/sync/push';
import { PushGroups, type PushJob } from '../../sync-server/sync/push-groups';
import { createMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores, storeEachTest } from '../helpers/stores';

const cluster = postgresCluster();
const AT = new Date('2026-03-10T15:00:00.000Z');
const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const B: Actor = { ...A, userId: 'user-b', deviceId: 'device-B' };
const BAD = 'Una regla que falla';

/** The store as it is, counting the calls each transaction makes on its StoreTx. */
function counting(store: Store): { store: Store; calls: Map<string, number>; transactions: () => number } {
  const calls = new Map<string, number>();
  let transactions = 0;
  const wrapped = Object.create(store) as Store;
  wrapped.transaction = (municipality, fn) =>
    store.transaction(municipality, (tx) => {
      transactions++;
      const proxy = new Proxy(tx, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as StoreTx;
      return fn(proxy);
    });
  return { store: wrapped, calls, transactions: () => transactions };
}

/** pqrsd rules that take a radicado, then fail for the request titled BAD (after writing to the database when `write`). */
function failingRules(write: boolean): KindHookTable {
  const real = KIND_HOOKS.pqrsd as KindHooks<'pqrsd'>;
  return {
    ...KIND_HOOKS,
    pqrsd: {
      ...real,
      async onCreate(tx, data, actor, at, ctx) {
        const result = await (real.onCreate as NonNullable<KindHooks<'pqrsd'>['onCreate']>)(tx, data, actor, at, ctx);
        if (data.subject === BAD) {
          if (write) await tx.enqueueOutbound({ id: `o-${data.provisionalNumber}`, municipality: actor.municipality, payload: { never: 'kept' }, createdAt: at });
          throw new Error('a server bug on this one request');
        }
        return result;
      },
    },
  };
}

const filings = (n: number, over: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => createMutation({ provisionalNumber: `P-ABCD-${String(i + 1).padStart(4, '0')}`, ...over(i) }));

const radicados = (results: MutationResult[]) => results.flatMap((r) => (r.status === 'applied' ? [String(r.serverFields.radicado)] : []));

describe.each(bothStores(cluster))('%s store', (_dialect, open) => {
  let store: Store;
  storeEachTest(open, (s) => (store = s));

  it('writes a push of 100 in a fixed number of statements: no savepoint, series number or record write per change', async () => {
    const c = counting(store);
    const results = await pushMutations(c.store, A, filings(100), { now: () => AT });
    expect(results.map((r) => r.status)).toEqual(Array(100).fill('applied'));
    expect(radicados(results)).toEqual(Array.from({ length: 100 }, (_, i) => `95200-2026-${String(i + 1).padStart(6, '0')}`));
    const n = (name: string) => c.calls.get(name) ?? 0;
    expect([n('saveRecord'), n('nextInSeries'), n('getRecord') <= 1, n('putReceipt'), n('appendAudit')]).toEqual([0, 0, true, 0, 0]);
    expect([n('writeRecords'), n('seriesLast'), n('getReceipts'), n('getRecords'), n('putReceipts'), n('appendAudits')]).toEqual([1, 1, 1, 1, 1, 1]);
    // One savepoint: the push's own inside its group's transaction.
    expect(n('savepoint')).toBe(1);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(100);
  });

  it('undoes a failed change in memory: the others apply, no radicado is skipped, nothing is tried twice', async () => {
    const c = counting(store);
    const batch = filings(6, (i) => (i === 2 ? { subject: BAD } : {}));
    const results = await pushMutations(c.store, A, batch, { now: () => AT, hooks: failingRules(false) });
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);
    expect(radicados(results)).toEqual([1, 2, 3, 4, 5].map((n) => `95200-2026-00000${n}`));
    expect([c.calls.get('savepoint'), c.calls.get('writeRecords'), c.transactions()]).toEqual([1, 1, 1]);
    // Its receipt was not written: the device sends it again, and it is tried again then.
    const replay = await pushMutations(store, A, [batch[2] as Mutation], { now: () => AT });
    expect(replay[0]).toMatchObject({ status: 'applied', serverFields: { radicado: '95200-2026-000006' } });
  });

  it('applies the batch again change by change when a failed change had written to the database, with the same answers', async () => {
    const c = counting(store);
    const batch = filings(5, (i) => (i === 1 ? { subject: BAD } : {}));
    const results = await pushMutations(c.store, A, batch, { now: () => AT, hooks: failingRules(true) });
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'applied', 'applied']);
    expect(radicados(results)).toEqual([1, 2, 3, 4].map((n) => `95200-2026-00000${n}`));
    // Set-wise (one savepoint, given up), then a savepoint per change of the rerun, all in one transaction.
    expect(c.transactions()).toBe(1);
    expect(c.calls.get('savepoint')).toBeGreaterThan(5);
    expect(await store.dueOutbound('2030-01-01T00:00:00.000Z', 10)).toEqual([]);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(4);
  });

  it('commits pushes waiting together, each with its own result; one over its write budget is refused alone', async () => {
    await pushMutations(store, A, filings(1), { now: () => AT });
    const [target] = await store.changesSince('95200', ['pqrsd'], 0, 10);
    // Based on no revision, a new subject: a conflict to keep, which a budget of 10 bytes cannot hold.
    const conflicting: Mutation = { id: uuidv7(), kind: 'pqrsd', recordId: target?.id ?? '', op: 'update', baseRev: 0, data: { subject: 'Otro asunto' }, at: AT.toISOString() };
    const c = counting(store);
    const C: Actor = { ...A, userId: 'user-c', deviceId: 'device-C' };
    const settled = await Promise.allSettled([
      // The first goes at once, alone; the next three wait for it and go as groups.
      pushMutations(c.store, A, filings(3, (i) => ({ provisionalNumber: `P-AAAA-000${i + 1}` })), { now: () => AT }),
      pushMutations(c.store, B, [conflicting], { now: () => AT, meter: new WriteMeter(10) }),
      pushMutations(c.store, C, filings(2, (i) => ({ provisionalNumber: `P-CCCC-000${i + 1}` })), { now: () => AT }),
      pushMutations(c.store, B, filings(2, (i) => ({ provisionalNumber: `P-BBBB-000${i + 1}` })), { now: () => AT }),
    ]);
    const applied = (i: number) => radicados((settled[i] as PromiseFulfilledResult<MutationResult[]>).value);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WritesOverBudget);
    expect([applied(0), applied(2), applied(3)]).toEqual([
      ['95200-2026-000002', '95200-2026-000003', '95200-2026-000004'],
      ['95200-2026-000005', '95200-2026-000006'],
      ['95200-2026-000007', '95200-2026-000008'],
    ]);
    // A alone; B's refused push with C's (committed); B's next push in a later group (one push per device per group).
    expect(c.transactions()).toBe(3);
    expect(await store.countRecords('95200', 'conflict')).toBe(0);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(8);
  });
});

describe('PushGroups', () => {
  const job = (deviceId: string, size: number): PushJob => ({
    actor: { ...A, deviceId },
    size,
    apply: async () => [],
    resolve: () => undefined,
    reject: () => undefined,
  });

  it('takes the oldest pushes, one per device, up to the limit; a push larger than the limit goes alone', () => {
    const groups = new PushGroups({} as Store, '95200', 300);
    const [a1, a2, b1, c1, d1, big] = [job('A', 100), job('A', 100), job('B', 100), job('C', 100), job('D', 100), job('E', 500)];
    // Queued without running: submit would start a transaction on the (absent) store.
    (groups as unknown as { waiting: PushJob[] }).waiting.push(big, a1, a2, b1, c1, d1);
    expect(groups.take()).toEqual([big]);
    expect(groups.take()).toEqual([a1, b1, c1]);
    expect(groups.take()).toEqual([a2, d1]);
    expect(groups.take()).toEqual([]);
  });
});
