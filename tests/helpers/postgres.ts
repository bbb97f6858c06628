// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start on a free port (TCP on
// 127.0.0.1 plus a socket in the same dir), create a database, remove it all on stop. No
// durability settings (fsync off): it is thrown away. When run as root it runs as the
// `postgres` OS user, since PostgreSQL refuses to run as root.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** postgres:// URL of a fresh database `gel_test_<random>`. */
  url: string;
  port: number;
  /** Creates one more empty database on the same cluster and gives its URL. */
  newDatabase(): Promise<string>;
  /** Stops the cluster and removes its directory. */
  stop(): Promise<void>;
}

const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

function findBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  const found = candidates.find((dir) => BINARIES.every((b) => existsSync(join(dir, b))));
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in $PG_BIN, /usr/lib/postgresql/*/bin or $PATH. ' +
        'Install PostgreSQL (Debian: apt-get install postgresql) or set PG_BIN. The PostgreSQL tests need it and do not skip.',
    );
  }
  return found;
}

/** uid/gid to run the server as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error("Running as root, but there is no 'postgres' OS user to run PostgreSQL as (PostgreSQL refuses to run as root).");
  return { uid: Number(uid), gid: Number(gid) };
}

function run(file: string, args: string[], cwd: string, user: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(user ?? {}), timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const randomName = () => `gel_test_${Math.random().toString(36).slice(2, 10)}`;

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findBinDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'gel-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  const stopNow = () => {
    if (started) {
      try {
        execFileSync(pgCtl, ['-D', data, '-m', 'immediate', 'stop'], { cwd: dir, stdio: 'ignore', ...(user ?? {}) });
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync'], dir, user);
    let port = 0;
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await run(pgCtl, ['-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), '-o', opts, 'start'], dir, user);
        started = true;
      } catch (err) {
        if (attempt >= 3) throw new Error(`${(err as Error).message}\n${readFileSync(join(dir, 'log'), 'utf8')}`);
      }
    }
    const newDatabase = async (): Promise<string> => {
      const name = randomName();
      const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    };
    const url = await newDatabase();
    return {
      url,
      port,
      newDatabase,
      stop: async () => {
        process.removeListener('exit', stopNow);
        if (started) await run(pgCtl, ['-D', data, '-m', 'immediate', 'stop'], dir, user).catch(() => undefined);
        started = false;
        stopNow();
      },
    };
  } catch (err) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw err;
  }
}

/** The rows of one query on its own connection to the database at `url` (for checks from outside the server). */
export async function queryRows<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}
