// The partition by municipality, on both stores: several municipalities pushing interleaved
// (concurrently, with replays) each get their own change sequence, radicado series and audit
// chain; a transaction writes only its own municipality; pulls read one municipality and a
// cursor from before the partition (or from another municipality) is answered with the reset.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { visibilityScope } from '#shared/records';
import type { MutationResult } from '#shared/sync-protocol';
import { verifyAuditChain } from '../../sync-server/audit/audit-chain';
import { chainReader } from '../../sync-server/audit/audit-seal';
import { PROCESS_AUDIT_KEY } from '../../sync-server/audit/audit-key';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { NewRecordState, Store } from '../../sync-server/store/store';
import { pullChanges, type Puller } from '../../sync-server/sync/pull';
import { pullStoreAll } from '../helpers/stores';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation } from '../helpers/fixtures';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let cluster: TestPostgres | undefined;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

const STORES: [Store['dialect'], () => Promise<Store>][] = [
  ['sqlite', async () => new SqliteStore(':memory:')],
  [
    'postgres',
    async () => {
      if (!cluster) throw new Error('PostgreSQL did not start');
      return new PostgresStore(await cluster.newDatabase());
    },
  ],
];

const TOWNS = ['95001', '95015', '95025', '95200'];
const AT = '2026-03-10T15:00:00.000Z';
const fixedNow = () => new Date(AT);
const official = (municipality: string, n: number): Actor => ({
  userId: `user-${municipality}-${n}`,
  role: 'official',
  municipality,
  deviceId: `device-${municipality}-${n}`,
  dependencia: 'Ventanilla única',
});
const rec = (municipality: string, id: string): NewRecordState => ({
  municipality,
  kind: 'pqrsd',
  id,
  rev: 1,
  data: { id },
  fieldRevs: {},
  updatedAt: AT,
  updatedBy: 'u',
});

const radicadoOf = (r: MutationResult) => (r.status === 'applied' ? r.serverFields.radicado : null);

describe.each(STORES)('%s store, partitioned by municipality', (_dialect, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
  });

  it('refuses, inside a transaction, every write of another municipality', async () => {
    await expect(store.transaction('95200', (tx) => tx.saveRecord(rec('95015', 'x')))).rejects.toThrow(/one transaction writes one municipality/);
    await expect(store.transaction('95200', (tx) => tx.nextInSeries('95015', 'radicado', 2026))).rejects.toThrow(/one municipality/);
    await expect(store.transaction('95200', (tx) => tx.deleteRecord('95015', 'pqrsd', 'x'))).rejects.toThrow(/one municipality/);
    expect(await store.countRecords('95015')).toBe(0);
    // Reads of another municipality stay possible (nothing is locked by them).
    await store.transaction('95015', (tx) => tx.saveRecord(rec('95015', 'x')));
    expect((await store.transaction('95200', (tx) => tx.getRecord('95015', 'pqrsd', 'x')))?.id).toBe('x');
  });

  it('keeps, for municipalities pushing interleaved with replays, a sequence, a radicado series and an audit chain each', async () => {
    const sent = new Map<string, ReturnType<typeof createMutation>[]>();
    const answers = new Map<string, MutationResult[]>();
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      // Every municipality at once, two devices each; the previous round's batch replayed too.
      await Promise.all(
        TOWNS.flatMap((town) =>
          [1, 2].map(async (n) => {
            const key = `${town}/${n}`;
            const batch = Array.from({ length: 5 }, () => createMutation());
            const before = sent.get(key) ?? [];
            const [fresh, replay] = await Promise.all([
              pushMutations(store, official(town, n), batch, { now: fixedNow }),
              before.length > 0 ? pushMutations(store, official(town, n), before.slice(-5), { now: fixedNow }) : Promise.resolve([]),
            ]);
            expect(replay).toEqual((answers.get(key) ?? []).slice(-5));
            sent.set(key, [...before, ...batch]);
            answers.set(key, [...(answers.get(key) ?? []), ...fresh]);
          }),
        ),
      );
    }
    for (const town of TOWNS) {
      const results = [1, 2].flatMap((n) => answers.get(`${town}/${n}`) ?? []);
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      // Gap-free and never doubled, per municipality.
      const numbers = results.map(radicadoOf).sort();
      expect(numbers).toEqual(Array.from({ length: rounds * 10 }, (_, i) => `${town}-2026-${String(i + 1).padStart(6, '0')}`));
      // Its own sequence: every change once, strictly increasing, from 1 with no gap.
      const changes = await store.changesSince(town, ['pqrsd'], 0, 1000);
      expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: rounds * 10 }, (_, i) => i + 1));
      expect(changes.every((c) => c.municipality === town)).toBe(true);
      // A pull sees exactly its municipality's records.
      const who: Puller = { role: 'committee', municipality: town, userId: `com-${town}`, deviceId: `dev-com-${town}` };
      const pulled = await pullStoreAll(store, who, 7);
      expect(pulled.map((c) => c.id).sort()).toEqual(changes.map((c) => c.id).sort());
      // Its own audit chain, intact, from 1.
      const entries = await store.auditEntries(town, 0, 10_000);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
      expect(entries.every((e) => e.municipality === town)).toBe(true);
      expect(entries.filter((e) => e.action === 'create')).toHaveLength(rounds * 10);
      expect(await verifyAuditChain(chainReader(store, town), PROCESS_AUDIT_KEY)).toMatchObject({ ok: true });
    }
    expect(await store.auditChains()).toEqual(expect.arrayContaining(TOWNS));
  });

  it('answers a cursor from before the partition, or from another municipality, with the reset', async () => {
    const town = official('95200', 1);
    await pushMutations(store, town, [createMutation(), createMutation()], { now: fixedNow });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('95015', 'elsewhere')));
    const who: Puller = { role: 'official', municipality: '95200', userId: town.userId, deviceId: town.deviceId, dependencia: town.dependencia };
    const first = await pullChanges(store, who, null);
    expect(first.changes).toHaveLength(2);
    expect(first.reset).toBe(true);
    // Valid in its partition: nothing new, no reset.
    const again = await pullChanges(store, who, first.cursor);
    expect(again).toMatchObject({ changes: [] });
    expect(again.reset).toBeUndefined();
    // The same seq with the scope a server-wide sequence gave it: started over.
    const old = await pullChanges(store, who, `1.${visibilityScope(who)}`);
    expect(old.reset).toBe(true);
    expect(old.changes).toHaveLength(2);
    // The cursor of 95200 brought to 95015: started over too, with 95015's changes only.
    const moved = await pullChanges(store, { ...who, role: 'committee', municipality: '95015' }, first.cursor);
    expect(moved.reset).toBe(true);
    expect(moved.changes.map((c) => c.id)).toEqual(['elsewhere']);
  });
});

describe('PostgreSQL: municipalities do not wait for each other', () => {
  it('commits a municipality while another one holds its writer lock, on another instance', async () => {
    if (!cluster) throw new Error('PostgreSQL did not start');
    const url = await cluster.newDatabase();
    const one = new PostgresStore(url);
    const two = new PostgresStore(url);
    try {
      await Promise.all([one.migrate(), two.migrate()]);
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      let held = () => {};
      const holding = new Promise<void>((r) => (held = r));
      const slow = one.transaction('95200', async (tx) => {
        await tx.saveRecord(rec('95200', 'slow'));
        held();
        await gate;
      });
      await holding;
      let sameTownDone = false;
      const sameTown = two.transaction('95200', (tx) => tx.saveRecord(rec('95200', 'after-slow'))).finally(() => (sameTownDone = true));
      // Another municipality, on the other instance: commits while 95200's lock is held.
      for (const town of ['95015', '95025', '95001']) expect(await two.transaction(town, (tx) => tx.saveRecord(rec(town, 'quick')))).toBe(1);
      expect((await one.changesSince('95015', ['pqrsd'], 0, 10)).map((r) => r.id)).toEqual(['quick']);
      expect(sameTownDone).toBe(false);
      release();
      await Promise.all([slow, sameTown]);
      expect((await one.changesSince('95200', ['pqrsd'], 0, 10)).map((r) => [r.id, r.seq])).toEqual([
        ['slow', 1],
        ['after-slow', 2],
      ]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
