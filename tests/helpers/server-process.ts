// Runs the REAL sync server (sync-server/main.ts) as a child process, and makes devices
// (real Dexie database on fake-indexeddb, real ky transport, real SyncEngine) that talk to it.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GelDb, type LocalPqrsd } from '../../src/db/database';
import type { DeviceContext } from '../../src/modules/local-records';
import { fileRequest, type FilingInput } from '../../src/modules/pqrsd/file-request';
import { uuidv7 } from '#shared/ids';
import { DEFAULT_AUDIT_KEY_FILE } from '../../sync-server/audit/audit-key';
import { sqliteFile } from '../../sync-server/config';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import type { LoginResponse } from '#shared/auth';
import type { PullResponse } from '#shared/sync-protocol';
import type { User } from '#shared/roles';
import type { EngineOptions, SyncEngine } from '../../src/sync/engine';
import { createSyncEngine } from '../../src/modules/sync-wiring';
import { createTransport, type Transport } from '../../src/sync/transport';
import { serverFeatures } from '../../src/sync/server-features';
import { sampleFiling } from './fixtures';
import { freePort, launchServer, REPO_ROOT } from './launch-server';

export { freePort, REPO_ROOT };
export const DEMO_PASSWORD = 'miraflores2026';

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /**
   * The server's audit key file: next to dataDir in the test's own temp dir (the default place
   * for DATA_DIR, so the admin CLI run with the same DATA_DIR finds it), never in the repo.
   */
  auditKeyFile: string;
  /** Everything the server printed so far (stdout and stderr), for debugging. */
  output(): string;
  /** Kills the process (SIGKILL by default: no graceful shutdown) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and the same DATA_DIR. */
  restart(): Promise<void>;
  /** Stops it and removes its DATA_DIR and key file. */
  stop(): Promise<void>;
}

/** `compiled`: the production build (`npm run build:server`, run with plain node), else the sources through tsx. */
export async function startServerProcess(extraEnv: Record<string, string> = {}, opts: { compiled?: boolean } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'gel-campo-it-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const auditKeyFile = join(root, DEFAULT_AUDIT_KEY_FILE);
  const url = `http://127.0.0.1:${port}`;
  const { AUDIT_KEY: _inheritedKey, AUDIT_KEY_FILE: _inheritedFile, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    DATA_DIR: dataDir,
    STATIC_DIR: join(dataDir, 'no-such-static-dir'),
    HOST: '127.0.0.1',
    GEL_DEMO: '1',
    // Its own key file in its own temp dir, unless the test hands it a key.
    ...(extraEnv.AUDIT_KEY === undefined ? { AUDIT_KEY_FILE: auditKeyFile } : {}),
    ...extraEnv,
  };
  const log = { text: '' };
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function launch(): Promise<void> {
    const args = opts.compiled ? ['dist-server/main.js'] : ['--import', 'tsx', 'sync-server/main.ts'];
    const launched = launchServer(args, env, url, log, 30_000);
    child = launched.child;
    exited = launched.exited;
    await launched.ready;
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill(signal);
    await exited;
  }

  try {
    await launch();
  } catch (err) {
    // A server refused at start (a test of that) leaves nothing behind.
    process.removeListener('exit', killOnExit);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    dataDir,
    auditKeyFile,
    output: () => log.text,
    kill,
    restart: async () => {
      await kill('SIGKILL');
      await launch();
    },
    stop: async () => {
      const c = child;
      if (c && c.exitCode === null && c.signalCode === null) {
        const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
        await kill('SIGTERM');
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// HTTP helpers

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A raw request; `body` objects are sent as JSON, strings and buffers as they are. */
export async function http<T = any>(
  url: string,
  path: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (typeof opts.body === 'string' || opts.body instanceof Uint8Array) {
    body = opts.body as BodyInit;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A push of raw mutations under a device's token and id, past its engine (for what an engine would not send as is). */
export function pushAs(url: string, who: { token: string; deviceId: string }, mutations: unknown[], headers: Record<string, string> = {}): Promise<HttpResult<any>> {
  return http<any>(url, '/api/sync/push', { token: who.token, body: { deviceId: who.deviceId, mutations }, headers });
}

/** Every change this token may pull from the start, page by page (`limit` a page's size; the server's default when absent). */
export async function pullAll(url: string, token: string, limit?: number): Promise<PullResponse['changes']> {
  const all: PullResponse['changes'] = [];
  let cursor: string | null = null;
  for (;;) {
    const res: HttpResult<PullResponse> = await http<PullResponse>(url, '/api/sync/pull', { token, body: { cursor, ...(limit === undefined ? {} : { limit }) } });
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.body)}`);
    all.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.hasMore) return all;
  }
}

export async function login(
  url: string,
  username: string,
  password: string = DEMO_PASSWORD,
  deviceId?: string,
): Promise<LoginResponse> {
  const res = await http<LoginResponse>(url, '/api/auth/login', {
    body: { username, password, ...(deviceId ? { deviceId } : {}) },
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const OTHER_PASSWORD = 'tejado-almendra-pescador-niebla';

/** Creates an account through the admin HTTP route (as the demo 'admin'). */
export const DEMO_OFFICIAL_DEPENDENCIA = 'Ventanilla única';

export async function createUserAsAdmin(
  url: string,
  user: { username: string; displayName: string; role: User['role']; municipality?: string; password?: string; dependencia?: string | null },
): Promise<User> {
  const { token } = await login(url, 'admin');
  const res = await http<{ user: User }>(url, '/api/admin/users', {
    token,
    // Officials share the demo official's office unless a test says otherwise.
    body: { municipality: '95200', password: OTHER_PASSWORD, ...(user.role === 'official' ? { dependencia: DEMO_OFFICIAL_DEPENDENCIA } : {}), ...user },
  });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.user;
}

// ---------------------------------------------------------------------------
// Devices

export interface Device {
  user: User;
  token: string;
  deviceId: string;
  /** The key the server handed this device at sign-in (seals its export files). */
  deviceKey: string | null;
  /** What module commands need to know of the device: ids and municipality. */
  ctx: DeviceContext;
  db: GelDb;
  /** The transport the engine uses (possibly wrapped). */
  transport: Transport;
  engine: SyncEngine;
  setOnline(online: boolean): void;
  file(input?: FilingInput): Promise<LocalPqrsd>;
  syncNow(): Promise<void>;
  close(): Promise<void>;
}

export interface DeviceOptions {
  password?: string;
  wrapTransport?: (real: Transport) => Transport;
  engine?: Partial<Omit<EngineOptions, 'db' | 'transport' | 'deviceId'>>;
}

export async function makeDevice(url: string, username: string, opts: DeviceOptions = {}): Promise<Device> {
  const deviceId = uuidv7();
  const { token, user, officialIdKey, deviceKey } = await login(url, username, opts.password ?? DEMO_PASSWORD, deviceId);
  const db = new GelDb(`gel-test-${username}-${deviceId}`);
  await db.open();
  // Each device its own settings (one process holds many devices).
  const real = createTransport({ baseUrl: url, getToken: () => token, timeoutMs: 10_000 }, serverFeatures(`${url} ${deviceId}`));
  const transport = opts.wrapTransport ? opts.wrapTransport(real) : real;
  let online = true;
  const engine = createSyncEngine({
    db,
    transport,
    deviceId,
    isOnline: () => online,
    // Long backoff: a failed run must not retry on its own while a test is looking.
    backoff: { baseMs: 600_000, maxMs: 600_000 },
    ...opts.engine,
  });
  const ctx: DeviceContext = { deviceId, userId: user.id, municipality: user.municipality, officialIdKey };
  return {
    user,
    token,
    deviceId,
    deviceKey: deviceKey ?? null,
    ctx,
    db,
    transport,
    engine,
    setOnline: (v) => {
      online = v;
    },
    file: (input = sampleFiling()) => fileRequest(db, ctx, input),
    syncNow: () => engine.syncNow(),
    close: async () => {
      engine.stop();
      db.close();
      await db.delete();
    },
  };
}

/** One server process for the test file: started before its tests, stopped after them. */
export function serverPerFile(env: Record<string, string> = {}): ServerProcess {
  let current: ServerProcess | null = null;
  beforeAll(async () => {
    current = await startServerProcess(env);
  });
  afterAll(async () => {
    await current?.stop();
  });
  const started = (): ServerProcess => {
    if (!current) throw new Error('The server starts before the tests of the file');
    return current;
  };
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    get dataDir() {
      return started().dataDir;
    },
    get auditKeyFile() {
      return started().auditKeyFile;
    },
    output: () => started().output(),
    kill: (signal) => started().kill(signal),
    restart: () => started().restart(),
    stop: () => started().stop(),
  };
}

/** A server and the devices opened on it: all closed and deleted by `cleanUp` (after each test, or after the block). */
function fleetUntil(cleanUp: typeof afterEach | typeof afterAll) {
  let current: ServerProcess | null = null;
  let devices: Device[] = [];
  cleanUp(async () => {
    for (const d of devices) await d.close();
    devices = [];
    await current?.stop();
    current = null;
  });
  const server = (): ServerProcess => {
    if (!current) throw new Error('The server starts before the test uses it');
    return current;
  };
  return {
    set: (s: ServerProcess) => (current = s),
    server,
    // Not a method: `const device = fleet.device` keeps working.
    device: async (username: string, opts?: DeviceOptions): Promise<Device> => {
      const d = await makeDevice(server().url, username, opts);
      devices.push(d);
      return d;
    },
  };
}

/**
 * A fresh server process for each test and the devices the test opens on it, all closed and
 * deleted afterwards. Call at the top of a test file.
 */
export function serverPerTest(): { readonly server: ServerProcess; device(username: string, opts?: DeviceOptions): Promise<Device> } {
  const fleet = fleetUntil(afterEach);
  beforeEach(async () => {
    fleet.set(await startServerProcess());
  });
  return {
    get server() {
      return fleet.server();
    },
    device: fleet.device,
  };
}

/**
 * Like serverPerTest, started by the test itself on the store it names: `start` (SQLite in the
 * server's data directory, or a new database of the file's PostgreSQL cluster, which PostgreSQL
 * needs) with any extra environment.
 */
export function serverOnDialectPerTest(cluster?: { newDatabase(): Promise<string> }): {
  start(dialect: 'sqlite' | 'postgres', env?: Record<string, string>): Promise<ServerProcess>;
  readonly server: ServerProcess;
  /** The PostgreSQL database of the running server; null on SQLite. */
  readonly databaseUrl: string | null;
  device(username: string, opts?: DeviceOptions): Promise<Device>;
  /** The running server's own store, opened beside it to inspect what it keeps (the caller closes it). */
  openStore(): Store;
} {
  const fleet = fleetUntil(afterEach);
  let databaseUrl: string | null = null;
  return {
    start: async (dialect, env = {}) => {
      if (dialect === 'postgres' && !cluster) throw new Error('PostgreSQL needs the test file’s cluster');
      databaseUrl = dialect === 'postgres' && cluster ? await cluster.newDatabase() : null;
      return fleet.set(await startServerProcess({ ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }));
    },
    get server() {
      return fleet.server();
    },
    get databaseUrl() {
      return databaseUrl;
    },
    device: fleet.device,
    openStore: () => serverStore(fleet.server(), databaseUrl),
  };
}

/** The store a server process keeps, opened beside it: PostgreSQL at its URL, else the SQLite file in its data directory. */
function serverStore(server: ServerProcess, databaseUrl: string | null): Store {
  return databaseUrl ? new PostgresStore(databaseUrl) : new SqliteStore(sqliteFile(server.dataDir));
}

/**
 * One server process on the store a describe block names, for all its tests (started before
 * them; it and every device the block opens closed after them). Call first in the block, so
 * the block's own beforeAll finds the server up.
 */
export function serverOnDialectPerBlock(
  dialect: 'sqlite' | 'postgres',
  cluster: { newDatabase(): Promise<string> },
): {
  readonly server: ServerProcess;
  /** The PostgreSQL database of the server; null on SQLite. */
  readonly databaseUrl: string | null;
  device(username: string, opts?: DeviceOptions): Promise<Device>;
  /** Runs `fn` on the server's own store, opened beside it, and closes it. */
  withStore<T>(fn: (store: Store) => Promise<T>): Promise<T>;
} {
  const fleet = fleetUntil(afterAll);
  let databaseUrl: string | null = null;
  beforeAll(async () => {
    databaseUrl = dialect === 'postgres' ? await cluster.newDatabase() : null;
    fleet.set(await startServerProcess(databaseUrl ? { DATABASE_URL: databaseUrl } : {}));
  }, 120_000);
  return {
    get server() {
      return fleet.server();
    },
    get databaseUrl() {
      return databaseUrl;
    },
    device: fleet.device,
    withStore: async (fn) => {
      const store = serverStore(fleet.server(), databaseUrl);
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
  };
}
