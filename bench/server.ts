// Part 3, the server: mutations per second accepted from 50 concurrent devices pushing batches
// of 100 (raw HTTP, gzip bodies like the app's transport, no link emulator), p50 / p99 latency
// per push, on SQLite (one instance, one municipality) and on PostgreSQL (two instances on one
// database, four municipalities pushing at once); then a pull of 10,000 changes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { uuidv7 } from '#shared/ids';
import { pqrsdCreateSchema } from '#shared/records';
import { promisify } from 'node:util';
import { login, REPO_ROOT } from '../tests/helpers/server-process';
import { startPostgres, type TestPostgres } from '../tests/helpers/postgres';
import { keepAliveAgent, rawPost } from './lib/http-raw';
import { profileLines, summarizeProfile, withSourceMaps, type AreaRule, type CpuProfile } from './lib/profile';
import { info, judged, kb, msf, sec, type Finding, type PartResult, type Row } from './lib/report';
import { createRng, percentile } from './lib/rng';
import { machineCpu, startBenchServer, type BenchServer } from './lib/server';
import { TX_TIMINGS_PREFIX } from '../sync-server/store/tx-timings';
import { filingInput } from './lib/workload';
import type { BenchOptions } from './rural';

const CLIENTS = 50;
const BATCH = 100;
const PULL_TARGET = 10_000;

const SERVER_AREAS: AreaRule[] = [
  [/node_modules\/zod\//, 'zod validation'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3 (JS side)'],
  [/node_modules\/pg(-[a-z]+)?\//, 'pg driver'],
  [/node_modules\/hono\//, 'hono'],
  [/node_modules\/@hono\//, '@hono/node-server'],
  [/^node:zlib|zlib/, 'zlib'],
  [/sync-server\/store\//, 'store (our SQL code)'],
  [/sync-server\/(sync|reconcile)\//, 'push/pull logic'],
  [/src\/shared\/calendar/, 'business-day calendar'],
  [/src\/shared\//, 'shared rules'],
  [/^node:/, 'node internals'],
  [/^ \(garbage collector\)$/, '(garbage collector)'],
  [/^ \(program\)$/, '(program)'],
];

interface StoreFigures {
  label: string;
  mutations: number;
  ms: number;
  perSecond: number;
  p50: number;
  p99: number;
  serverCores: number;
  /** Cores the load generator (this process) used. */
  clientCores: number;
  /** Cores busy on the whole machine (all processes, other users' too). */
  machineCores: number;
  rejected: number;
  /** Pushes sent again after a kept-alive socket was reset (see pushLoad). */
  resent: number;
  /** Per instance, where its store transactions waited (PostgreSQL: tx-timings.ts's summary). */
  txTimings?: string[];
  /** The pull, once per encoding devices and scripts ask for. */
  pulls: PullFigures[];
}

/** Browsers over HTTPS (the app's devices) take brotli; scripts and plain-HTTP clients gzip. */
const PULL_ENCODINGS = ['br, gzip', 'gzip'];

/** Pulls the same changes from the start once per encoding, one after the other. */
async function pullEach(server: BenchServer, token: string, want: number): Promise<PullFigures[]> {
  const out: PullFigures[] = [];
  for (const accept of PULL_ENCODINGS) out.push(await pullChanges(server, token, want, accept));
  return out;
}

interface PullFigures {
  changes: number;
  ms: number;
  wireBytes: number;
  jsonBytes: number;
  requests: number;
  /** CPU ms this process spent on the pull (decompressing and JSON.parse of the answers). */
  clientMs: number;
  /** CPU ms the server spent on it (from /proc: independent of what else the machine runs). */
  serverMs: number;
  /** The Accept-Encoding sent. */
  accept: string;
}

/** Batches of `BATCH` pqrsd creates, as the app's transport sends them (JSON, gzip). */
function buildBodies(clients: { deviceId: string }[], batchesPerClient: number, seed: number): Buffer[][] {
  const rng = createRng(seed);
  let n = 0;
  return clients.map((c) =>
    Array.from({ length: batchesPerClient }, () => {
      const mutations = Array.from({ length: BATCH }, () => {
        const input = filingInput(rng, n++);
        const data = pqrsdCreateSchema.parse({ ...input, provisionalNumber: `P-${c.deviceId.slice(-4).toUpperCase()}-${String(n).padStart(4, '0')}`, verificationCode: 'ABCDEFGH' });
        return { id: uuidv7(), kind: 'pqrsd', recordId: uuidv7(), op: 'create', baseRev: null, data, at: new Date().toISOString() };
      });
      return gzipSync(JSON.stringify({ deviceId: c.deviceId, mutations }));
    }),
  );
}

/** Who a device signs in as, and on which instance it pushes. */
interface Target {
  url: string;
  username: string;
  password?: string;
}

async function pushLoad(
  servers: BenchServer[],
  o: BenchOptions,
  batchesPerClient: number,
  targetOf: (client: number) => Target = () => ({ url: servers[0]?.url ?? '', username: 'funcionario' }),
): Promise<Omit<StoreFigures, 'label' | 'pulls'> & { token: string }> {
  const clients: { deviceId: string; token: string; url: string }[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const deviceId = uuidv7();
    const t = targetOf(i);
    clients.push({ deviceId, url: t.url, token: (await login(t.url, t.username, t.password, deviceId)).token });
  }
  const serverCpu = () => servers.reduce((n, s) => n + s.cpuSeconds(), 0);
  const warm = buildBodies(clients, 1, o.seed + 99);
  const bodies = buildBodies(clients, batchesPerClient, o.seed);
  const agent = keepAliveAgent(CLIENTS);
  const post = async (url: string, token: string, body: Buffer) => {
    try {
      return await rawPost(agent, url, '/api/sync/push', token, body, true);
    } catch (err) {
      // A kept-alive socket the server closed while idle (its 5 s keep-alive timeout, passed when
      // a loaded machine makes the warm-up wait): sent again on a fresh one, as the app would
      // (a push is idempotent by its receipts). Counted, so a flaky run shows.
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
      resent++;
      return rawPost(agent, url, '/api/sync/push', token, body, true);
    }
  };
  let resent = 0;
  const send = async (url: string, token: string, body: Buffer) => {
    const res = await post(url, token, body);
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${res.text.slice(0, 300)}`);
    const results = (JSON.parse(res.text) as { results: { status: string }[] }).results;
    return { ms: res.ms, applied: results.filter((r) => r.status === 'applied').length, rejected: results.filter((r) => r.status === 'rejected').length };
  };
  await Promise.all(clients.map((c, i) => send(c.url, c.token, warm[i]?.[0] as Buffer)));
  const latencies: number[] = [];
  let applied = 0;
  let rejected = 0;
  const cpu0 = serverCpu();
  const own0 = process.cpuUsage();
  const m0 = machineCpu();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      for (const body of bodies[i] ?? []) {
        const r = await send(c.url, c.token, body);
        latencies.push(r.ms);
        applied += r.applied;
        rejected += r.rejected;
      }
    }),
  );
  const ms = performance.now() - t0;
  const m1 = machineCpu();
  const own = process.cpuUsage(own0);
  agent.destroy();
  return {
    mutations: applied,
    ms,
    perSecond: (applied * 1000) / ms,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCores: (serverCpu() - cpu0) / (ms / 1000),
    clientCores: (own.user + own.system) / 1e6 / (ms / 1000),
    machineCores: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * cpus().length,
    rejected,
    resent,
    token: clients[0]?.token ?? '',
  };
}

/** Pulls from the beginning, page by page as the engine does (default page), until `want` changes. */
async function pullChanges(server: BenchServer, token: string, want: number, accept: string): Promise<PullFigures> {
  const url = server.url;
  const agent = keepAliveAgent(1);
  const own0 = process.cpuUsage();
  const server0 = server.cpuSeconds();
  let cursor: string | null = null;
  let changes = 0;
  let wireBytes = 0;
  let jsonBytes = 0;
  let requests = 0;
  const t0 = performance.now();
  while (changes < want) {
    const res = await rawPost(agent, url, '/api/sync/pull', token, Buffer.from(JSON.stringify({ cursor })), false, accept);
    requests++;
    if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${res.text.slice(0, 300)}`);
    const page = JSON.parse(res.text) as { changes: unknown[]; cursor: string | null; hasMore: boolean };
    changes += page.changes.length;
    wireBytes += res.wireBytes;
    jsonBytes += Buffer.byteLength(res.text);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const ms = performance.now() - t0;
  const own = process.cpuUsage(own0);
  agent.destroy();
  return { changes, ms, wireBytes, jsonBytes, requests, clientMs: (own.user + own.system) / 1000, serverMs: (server.cpuSeconds() - server0) * 1000, accept };
}

export async function benchStore(label: string, env: Record<string, string>, o: BenchOptions, batches: number): Promise<StoreFigures> {
  const server = await startBenchServer(env, [], { compiled: true });
  try {
    const load = await pushLoad([server], o, batches);
    const pulls = await pullEach(server, load.token, o.quick ? 2_000 : PULL_TARGET);
    return { label, ...load, pulls };
  } catch (err) {
    const tail = server.output().split('\n').filter(Boolean).slice(-8).join(' / ');
    throw new Error(`${label}: ${err instanceof Error ? err.message : String(err)}; server log: ${tail.slice(0, 1500)}`, { cause: err });
  } finally {
    await server.stop();
  }
}

/** The CPU profile the server process wrote into `dir` on exit, source-mapped; null if none. */
function writtenProfile(dir: string): CpuProfile | null {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return file ? withSourceMaps(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile) : null;
}

/** A shorter run of the same load under node --cpu-prof: where the server's time goes. */
export async function profileStore(env: Record<string, string>, o: BenchOptions): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gel-bench-prof-'));
  const server = await startBenchServer(env, ['--cpu-prof', `--cpu-prof-dir=${dir}`], { compiled: true });
  try {
    await pushLoad([server], o, o.quick ? 1 : 2);
  } finally {
    await server.stop();
  }
  try {
    const profile = writtenProfile(dir);
    if (!profile) return ['(no CPU profile was written)'];
    return profileLines(
      summarizeProfile(profile, SERVER_AREAS, { top: Number(process.env.BENCH_PROFILE_TOP ?? 8), inclusiveOf: /\/(sync-server|src)\// }),
      'server CPU profile (the production build under node --cpu-prof, over its whole run: start, 50 sign-ins, warm-up, the pushes)',
      'scrypt of the sign-ins and zlib run off the main thread, sockets',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The pull alone under node --cpu-prof: the profile's samples of the pull's window only. */
async function profilePull(env: Record<string, string>, o: BenchOptions): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gel-bench-prof-'));
  const server = await startBenchServer(env, ['--cpu-prof', `--cpu-prof-dir=${dir}`], { compiled: true });
  let window: { from: number; to: number };
  let pull: PullFigures;
  try {
    const load = await pushLoad([server], o, 2);
    // The monotonic clock in µs, as V8 stamps its samples.
    const from = Number(process.hrtime.bigint() / 1000n);
    pull = await pullChanges(server, load.token, PULL_TARGET, PULL_ENCODINGS[0] as string);
    window = { from, to: Number(process.hrtime.bigint() / 1000n) };
  } finally {
    await server.stop();
  }
  try {
    const profile = writtenProfile(dir);
    if (!profile) return ['(no CPU profile was written)'];
    return [
      `profiled pull (Accept-Encoding: ${pull.accept}): ${pull.changes} changes in ${sec(pull.ms)} (${pull.requests} requests, ${Math.round((pull.changes * 1000) / pull.ms)} changes/s under the profiler); the load generator's CPU for it (gunzip, JSON.parse): ${Math.round(pull.clientMs)} ms`,
      ...profileLines(
        summarizeProfile(profile, SERVER_AREAS, { top: 8, inclusiveOf: /\/(sync-server|src)\//, window }),
        "server CPU profile of the pull's window only",
        'waiting on the client, the disk, threads',
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TOWNS = ['95001', '95015', '95025', '95200'];
const TOWN_PASSWORD = 'tejado-almendra-pescador-niebla';

/**
 * The department deployment: two instances on one PostgreSQL database, four municipalities
 * pushing at once (the 50 devices spread over them and over both instances), then a pull of
 * one municipality. Each municipality's writes take only its own writer lock.
 */
async function benchPostgresTowns(label: string, databaseUrl: string, o: BenchOptions, batches: number): Promise<StoreFigures> {
  const env = { DATABASE_URL: databaseUrl, AUDIT_KEY: randomBytes(32).toString('hex'), STORE_TX_TIMINGS: '1' };
  const servers: BenchServer[] = [];
  let figures: StoreFigures;
  try {
    servers.push(await startBenchServer(env, [], { compiled: true }));
    servers.push(await startBenchServer(env, [], { compiled: true }));
    for (const town of TOWNS) {
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'sync-server/admin-cli.ts', 'create-user', '--username', `of${town}`, '--name', `Funcionaria ${town}`, '--role', 'official', '--municipality', town, '--dependencia', 'Ventanilla única', '--password', TOWN_PASSWORD],
        { cwd: REPO_ROOT, env: { ...process.env, ...env, GEL_DEMO: '0' } },
      );
    }
    const targetOf = (i: number): Target => ({ url: servers[i % 2]?.url ?? '', username: `of${TOWNS[Math.floor(i / 2) % TOWNS.length]}`, password: TOWN_PASSWORD });
    const load = await pushLoad(servers, o, batches, targetOf);
    const pulls = await pullEach(servers[0] as BenchServer, load.token, o.quick ? 2_000 : PULL_TARGET);
    figures = { label, ...load, pulls };
  } catch (err) {
    const tail = servers.map((s) => s.output().split('\n').filter(Boolean).slice(-6).join(' / ')).join(' // ');
    throw new Error(`${label}: ${err instanceof Error ? err.message : String(err)}; server logs: ${tail.slice(0, 1500)}`, { cause: err });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  // Each instance prints where its store transactions waited when it stops (STORE_TX_TIMINGS).
  figures.txTimings = servers.map((s) => s.output().split('\n').find((l) => l.startsWith(TX_TIMINGS_PREFIX))?.slice(TX_TIMINGS_PREFIX.length) ?? '(no timings printed)');
  return figures;
}

/** The helper's throwaway cluster runs with fsync off; make it as durable as SQLite's synchronous=FULL. */
export async function makeDurable(p: TestPostgres): Promise<void> {
  const c = new pg.Client({ host: '127.0.0.1', port: p.port, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    for (const s of ['fsync = on', 'synchronous_commit = on', 'full_page_writes = on']) await c.query(`ALTER SYSTEM SET ${s}`);
    await c.query('SELECT pg_reload_conf()');
  } finally {
    await c.end();
  }
}

const cpuSplit = (f: StoreFigures) =>
  `server process ${f.serverCores.toFixed(2)}, load generator ${f.clientCores.toFixed(2)}, everything else ${Math.max(0, f.machineCores - f.serverCores - f.clientCores).toFixed(2)} (PostgreSQL, other users' processes) of ${cpus().length}`;

const cpuPerMutation = (f: StoreFigures) => (f.serverCores * f.ms) / Math.max(1, f.mutations);

/** What one store must reach (issue 16): mutations/s, push p99. */
interface Targets {
  perSecond: number;
  p99Ms: number;
}

function storeRows(f: StoreFigures, t: Targets): Row[] {
  const part = 'server';
  const value = `${Math.round(f.perSecond)} mutations/s (${f.mutations} in ${sec(f.ms)})`;
  const rows: Row[] = [
    judged(part, `${f.label}: mutations/s accepted, ${CLIENTS} devices × pushes of ${BATCH}`, value, `≥ ${t.perSecond.toLocaleString('en')}/s on 2 cores`, f.perSecond >= t.perSecond, { ...f }),
    judged(
      part,
      `${f.label}: latency per push of ${BATCH}`,
      `p50 ${msf(f.p50, 0)} · p99 ${msf(f.p99, 0)}${f.rejected ? ` · ${f.rejected} rejected!` : ''}${f.resent ? ` · ${f.resent} resent after a reset socket` : ''}`,
      `p99 ≤ ${msf(t.p99Ms, 0)}`,
      f.p99 <= t.p99Ms && f.rejected === 0,
    ),
    info(part, `${f.label}: CPU during the load (cores)`, `${cpuSplit(f)}; server CPU ${cpuPerMutation(f).toFixed(2)} ms per mutation`),
  ];
  for (const p of f.pulls) {
    const perSecond = (p.changes * 1000) / p.ms;
    rows.push(
      judged(
        part,
        `${f.label}: pull of ${p.changes} changes (default pages, Accept-Encoding: ${p.accept})`,
        `${Math.round(perSecond)} changes/s · ${sec(p.ms)} · ${kb(p.wireBytes)} on the wire (${kb(p.jsonBytes)} JSON) · ${p.requests} requests · server CPU ${Math.round(p.serverMs)} ms, client CPU ${Math.round(p.clientMs)} ms`,
        '≥ 20,000 changes/s',
        perSecond >= 20_000,
      ),
    );
  }
  return rows;
}

const SQLITE_TARGETS: Targets = { perSecond: 5000, p99Ms: 1000 };
const POSTGRES_TARGETS: Targets = { perSecond: 3000, p99Ms: 2000 };

export async function runServer(o: BenchOptions): Promise<PartResult> {
  const batches = o.quick ? 2 : 10;
  const rows: Row[] = [info('server', 'Load', `${CLIENTS} concurrent devices (user funcionario), each ${batches} pushes of ${BATCH} pqrsd creates, gzip JSON, keep-alive, no emulator; 1 warm-up push each`)];
  const findings: Finding[] = [];
  const raw: Record<string, unknown> = {};
  const sqlite = await benchStore('SQLite (WAL, synchronous=FULL)', {}, o, batches);
  raw.sqlite = sqlite;
  rows.push(...storeRows(sqlite, SQLITE_TARGETS));
  if (sqlite.perSecond < SQLITE_TARGETS.perSecond || sqlite.p99 > SQLITE_TARGETS.p99Ms) {
    findings.push({
      part: 'server',
      title: `SQLite accepts ${Math.round(sqlite.perSecond)} mutations/s with ${CLIENTS} devices (target 5,000/s); p99 ${msf(sqlite.p99, 0)} per push`,
      lines: [
        `CPU during the load, in cores: ${cpuSplit(sqlite)}; pushes are applied one transaction at a time (a Mutex around the one SQLite connection), so the p50 latency is the queue of ${CLIENTS} pushes`,
        `server CPU per accepted mutation: ${cpuPerMutation(sqlite).toFixed(2)} ms, so one Node thread tops out near ${Math.round(1000 / cpuPerMutation(sqlite))} mutations/s even with a whole core to itself`,
        ...(await profileStore({}, o).catch((e: unknown) => [`(profile failed: ${String(e)})`])),
      ],
    });
  }
  const pullRate = (f: StoreFigures) => Math.min(...f.pulls.map((p) => (p.changes * 1000) / p.ms));
  if (pullRate(sqlite) < 20_000) {
    findings.push({
      part: 'server',
      title: `SQLite: a pull runs at ${Math.round(pullRate(sqlite))} changes/s at worst of ${PULL_ENCODINGS.length} encodings (target 20,000/s)`,
      lines: await profilePull({}, o).catch((e: unknown) => [`(profile failed: ${String(e)})`]),
    });
  }
  let pgCluster: TestPostgres | null = null;
  try {
    pgCluster = await startPostgres();
    await makeDurable(pgCluster);
    const f = await benchPostgresTowns(`PostgreSQL (fsync on), 2 instances × ${TOWNS.length} municipalities`, pgCluster.url, o, batches);
    raw.postgres = f;
    rows.push(...storeRows(f, POSTGRES_TARGETS));
    if (f.perSecond < POSTGRES_TARGETS.perSecond || f.p99 > POSTGRES_TARGETS.p99Ms) {
      findings.push({
        part: 'server',
        title: `PostgreSQL, 2 instances × ${TOWNS.length} municipalities: ${Math.round(f.perSecond)} mutations/s (target ${POSTGRES_TARGETS.perSecond}/s), p99 ${msf(f.p99, 0)} per push (target ${msf(POSTGRES_TARGETS.p99Ms, 0)})`,
        lines: [
          `CPU during the load, in cores: ${cpuSplit(f)}; server CPU ${cpuPerMutation(f).toFixed(2)} ms per mutation (both instances)`,
          ...(f.txTimings ?? []).map((t, i) => `instance ${i + 1}, store transactions, ms per phase (queue: behind this instance's writers of the municipality; connect: a pooled connection; lock: the writer lock another instance held; work; commit): ${t}`),
        ],
      });
    }
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n').slice(0, 6).join(' ') : String(err);
    raw.postgres = { error: err instanceof Error ? err.stack : String(err) };
    rows.push(judged('server', 'PostgreSQL: could not be measured', why.slice(0, 1200), 'measured', null));
  } finally {
    await pgCluster?.stop().catch(() => undefined);
  }
  return { rows, findings, raw };
}
