// Several sync-server instances on ONE PostgreSQL database. First the store itself (two pools
// standing for two instances): the writer lock orders commits, a replay racing on the other
// instance applies once. Then two REAL server processes that start together on an empty
// database, and eight devices pushing to both at once over HTTP, with replays sent to the
// other instance, while two devices pull live: no radicado doubled or skipped, every mutation
// applied exactly once, and pulls by cursor miss nothing.
import { randomBytes } from 'node:crypto';
import { POSTGRES_MIGRATIONS } from '../../sync-server/store/postgres-migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Mutation, MutationResult, PullResponse } from '#shared/sync-protocol';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import type { NewRecordState } from '../../sync-server/store/store';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation } from '../helpers/fixtures';
import { queryRows } from '../helpers/postgres';
import { postgresCluster } from '../helpers/postgres-cluster';
import { createUserAsAdmin, http, login, OTHER_PASSWORD, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { mulberry32 } from '../helpers/rng';

const cluster = postgresCluster();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const rec = (id: string): NewRecordState => ({
  municipality: '95200',
  kind: 'pqrsd',
  id,
  rev: 1,
  data: { id },
  fieldRevs: {},
  updatedAt: '2026-03-10T15:00:00.000Z',
  updatedBy: 'user-a',
});


describe('two PostgresStore instances on one database', () => {
  let one: PostgresStore;
  let two: PostgresStore;
  beforeAll(async () => {
    const url = await cluster.newDatabase();
    one = new PostgresStore(url);
    two = new PostgresStore(url);
    await Promise.all([one.migrate(), two.migrate(), one.migrate()]); // racing migrations
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it('commits writers in seq order: a later seq never becomes visible before an earlier one', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let saved = () => {};
    const firstSaved = new Promise<void>((r) => (saved = r));
    const first = one.transaction('95200', async (tx) => {
      const seq = await tx.saveRecord(rec('slow'));
      saved();
      await gate; // a slow writer, still uncommitted
      return seq;
    });
    await firstSaved;
    let secondDone = false;
    const second = two.transaction('95200', (tx) => tx.saveRecord(rec('fast'))).finally(() => (secondDone = true));
    try {
      await sleep(300);
      expect(secondDone).toBe(false); // the other instance waits for the writer lock
      expect(await two.changesSince('95200', ['pqrsd'], 0, 10)).toEqual([]);
    } finally {
      release();
    }
    const [s1, s2] = await Promise.all([first, second]);
    expect(s2).toBeGreaterThan(s1);
    expect((await one.changesSince('95200', ['pqrsd'], 0, 10)).map((r) => [r.id, r.seq])).toEqual([
      ['slow', s1],
      ['fast', s2],
    ]);
  });

  it('applies a mutation replayed concurrently on the other instance exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const batch = [createMutation(), createMutation(), createMutation()];
      const [r1, r2, r3] = await Promise.all([pushMutations(one, A, batch), pushMutations(two, A, batch), pushMutations(two, A, batch.slice(1))]);
      expect(r1.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(r2).toEqual(r1);
      expect(r3).toEqual(r1.slice(1));
    }
    const numbers = (await one.recordsOfKind('95200', 'pqrsd')).map((r) => r.data.radicado).filter(Boolean);
    expect(numbers).toEqual(Array.from({ length: 15 }, (_, i) => `95200-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('refuses to report a commit for a transaction an error aborted', async () => {
    const receipt = { mutationId: 'aborted-1', deviceId: 'd', userId: 'u', result: { status: 'applied', mutationId: 'aborted-1', rev: 1, serverFields: {} } as MutationResult, at: '2026-03-10T15:00:00.000Z' };
    await one.transaction('95200', (tx) => tx.putReceipt(receipt));
    await expect(
      one.transaction('95200', async (tx) => {
        await tx.saveRecord(rec('aborted'));
        await tx.putReceipt(receipt).catch(() => undefined); // swallowed without a savepoint
      }),
    ).rejects.toThrow(/aborted/);
    expect((await one.recordsOfKind('95200', 'pqrsd')).some((r) => r.id === 'aborted')).toBe(false);
  });
});

describe('two sync-server processes on one database', () => {
  let url: string;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    url = await cluster.newDatabase();
    // Both start at once on the empty database: they race to migrate and to seed.
    // Instances of one database share its audit key (one with its own would refuse to start).
    const AUDIT_KEY = randomBytes(32).toString('hex');
    servers = await Promise.all([startServerProcess({ DATABASE_URL: url, AUDIT_KEY }), startServerProcess({ DATABASE_URL: url, AUDIT_KEY })]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const sql = <R extends pg.QueryResultRow>(text: string): Promise<R[]> => queryRows<R>(url, text);

  it('start together on an empty database: one schema, one set of demo users', async () => {
    const users = await sql<{ username: string }>('SELECT username FROM users ORDER BY username');
    expect(users.map((u) => u.username)).toEqual(['admin', 'capacitador', 'comite', 'control', 'funcionario', 'gobierno']);
    // Every migration once, in order, though both instances ran them at the same time.
    expect(await sql('SELECT version FROM schema_migrations ORDER BY version')).toEqual(POSTGRES_MIGRATIONS.map((_, i) => ({ version: i + 1 })));
    const seeded = await sql<{ kind: string; n: string }>("SELECT kind, count(*) AS n FROM records WHERE kind <> 'pqrsd' GROUP BY kind ORDER BY kind");
    expect(seeded.length).toBeGreaterThan(0);
    // Each server-made record written once: a second seeding would have moved the counter on.
    // One change sequence per municipality, each as long as what it wrote.
    const written = await sql<{ municipality: string; n: number }>('SELECT municipality, count(*)::int AS n FROM records GROUP BY municipality ORDER BY municipality');
    const counters = await sql<{ municipality: string; n: number }>('SELECT municipality, last::int AS n FROM change_seqs WHERE last > 0 ORDER BY municipality');
    expect(counters).toEqual(written);
    for (const s of servers) expect((await login(s.url, 'admin')).user.username).toBe('admin');
  });

  it('eight devices pushing to both instances, with replays on the other one: exactly once, gap-free, pulls complete', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    // An account made on one instance signs in on the other: users and sessions are shared.
    await createUserAsAdmin(second.url, { username: 'ventanilla2', displayName: 'Ventanilla 2', role: 'official' });
    const random = mulberry32(2026);
    const DEVICES = 8;
    const BATCHES = 4;
    const PER_BATCH = 5;
    // Past years only: a request received after the server's date is refused.
    const YEARS = [2023, 2024, 2025, 2026];

    interface PlannedDevice {
      deviceId: string;
      token: string;
      batches: { mutations: Mutation[]; to: number; replay: 'concurrent' | 'after' | 'none' }[];
    }
    const devices: PlannedDevice[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const deviceId = `device-${i}-${Math.random().toString(36).slice(2, 10)}`;
      const [username, password] = i % 2 ? ['ventanilla2', OTHER_PASSWORD] : ['funcionario', undefined];
      const { token } = await login(servers[(i + 1) % 2]?.url ?? '', username, password, deviceId); // ventanilla2 on the first
      // The plan is drawn up front, so the seed decides it whatever the interleaving.
      const batches: PlannedDevice['batches'] = Array.from({ length: BATCHES }, (_, b) => ({
        // Four years, so four radicado series: writers that share no series row still race.
        mutations: Array.from({ length: PER_BATCH }, (_, k) => createMutation({ subject: `Solicitud ${i}.${b}.${k}`, receivedAt: `${YEARS[i % YEARS.length]}-03-10T15:00:00.000Z` })),
        to: random() < 0.5 ? 0 : 1,
        replay: random() < 0.3 ? 'concurrent' : random() < 0.5 ? 'after' : 'none',
      }));
      devices.push({ deviceId, token, batches });
    }
    const mutations = new Map<string, Mutation>(devices.flatMap((d) => d.batches.flatMap((b) => b.mutations.map((m) => [m.id, m] as const))));
    const answers = new Map<string, MutationResult[]>();

    const push = async (server: ServerProcess, d: PlannedDevice, batch: Mutation[]) => {
      const res = await http<{ results: MutationResult[] }>(server.url, '/api/sync/push', { token: d.token, body: { deviceId: d.deviceId, mutations: batch } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      res.body.results.forEach((r, i) => {
        const id = batch[i]?.id ?? '';
        answers.set(id, [...(answers.get(id) ?? []), r]);
      });
    };

    // Two devices pull while the pushes go on, each page from a random instance.
    let pushing = true;
    const puller = async (seed: number) => {
      const pick = mulberry32(seed);
      const { token } = await login(first.url, 'comite');
      const seen = new Map<string, { seq: number; radicado: unknown }>();
      let cursor: string | null = null;
      let lastSeq = 0;
      for (;;) {
        const stillPushing = pushing;
        const server = pick() < 0.5 ? first : second;
        const res: { status: number; body: PullResponse } = await http<PullResponse>(server.url, '/api/sync/pull', { token, body: { cursor, limit: 7 } });
        expect(res.status).toBe(200);
        for (const c of res.body.changes) {
          expect(c.seq).toBeGreaterThan(lastSeq); // strictly increasing across pages
          lastSeq = c.seq;
          if (c.kind === 'pqrsd') seen.set(c.id, { seq: c.seq, radicado: c.data.radicado });
        }
        cursor = res.body.cursor;
        if (!res.body.hasMore && !stillPushing) return seen;
        if (!res.body.hasMore) await sleep(20);
      }
    };

    const started = Date.now();
    const pullers = [puller(1), puller(2)];
    await Promise.all(
      devices.map(async (d) => {
        for (const b of d.batches) {
          const to = servers[b.to] as ServerProcess;
          const other = servers[1 - b.to] as ServerProcess;
          if (b.replay === 'concurrent') await Promise.all([push(to, d, b.mutations), push(other, d, b.mutations)]);
          else await push(to, d, b.mutations);
          if (b.replay === 'after') await push(other, d, b.mutations); // the answer was lost: retried elsewhere
        }
      }),
    );
    pushing = false;
    const live = await Promise.all(pullers);
    const elapsed = Date.now() - started;

    // Exactly once: every answer to a mutation, first or replayed, on either instance, is the same.
    const n = DEVICES * BATCHES * PER_BATCH;
    expect(mutations.size).toBe(n);
    const radicadoOf = new Map<string, string>(); // record id → acknowledged radicado
    for (const [id, results] of answers) {
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r).toEqual(results[0]);
      const r = results[0];
      expect(r?.status, JSON.stringify(r)).toBe('applied');
      if (r?.status === 'applied') radicadoOf.set(mutations.get(id)?.recordId ?? '', String(r.serverFields.radicado));
    }
    expect(answers.size).toBe(n);
    // Gap-free, none doubled: exactly 1..k in each year's series.
    const perYear = n / YEARS.length;
    const expected = YEARS.flatMap((y) => Array.from({ length: perYear }, (_, i) => `95200-${y}-${String(i + 1).padStart(6, '0')}`));
    expect([...radicadoOf.values()].sort()).toEqual(expected);
    // In the database: one receipt, one record per mutation; each series at k.
    expect(await sql("SELECT count(*)::int AS n FROM records WHERE kind = 'pqrsd'")).toEqual([{ n }]);
    expect(await sql('SELECT count(*)::int AS n FROM receipts')).toEqual([{ n }]);
    expect(await sql("SELECT year, last FROM series WHERE name = 'radicado' ORDER BY year")).toEqual(YEARS.map((year) => ({ year, last: perYear })));

    // Pulls: the live ones missed nothing; a full pull from each instance is the same, complete, in order.
    for (const seen of live) {
      expect(seen.size).toBe(n);
      for (const [id, { radicado }] of seen) expect(radicado).toBe(radicadoOf.get(id));
    }
    const { token } = await login(first.url, 'comite');
    const full = [];
    for (const server of servers) {
      const changes: PullResponse['changes'] = [];
      let cursor: string | null = null;
      for (;;) {
        const res: { body: PullResponse } = await http<PullResponse>(server.url, '/api/sync/pull', { token, body: { cursor, limit: 13 } });
        changes.push(...res.body.changes);
        cursor = res.body.cursor;
        if (!res.body.hasMore) break;
      }
      const seqs = changes.map((c) => c.seq);
      expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] ?? 0))).toBe(true);
      const pqrsd = changes.filter((c) => c.kind === 'pqrsd');
      expect(new Map(pqrsd.map((c) => [c.id, c.data.radicado]))).toEqual(radicadoOf);
      full.push(changes);
    }
    expect(full[1]).toEqual(full[0]);
    console.log(`postgres-instances: ${n} mutations from ${DEVICES} devices on 2 instances in ${elapsed} ms`);
  });
});
