// The real sync server (sync-server/main.ts) as a child process, like the integration tests
// start it, plus what a benchmark needs: its pid (CPU time from /proc), extra node flags (a
// CPU profile) and a graceful stop so the profile gets written.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, launchServer } from '../../tests/helpers/launch-server';
import { REPO_ROOT } from '../../tests/helpers/server-process';

export interface BenchServer {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  output(): string;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** SIGTERM (graceful: a --cpu-prof profile is written), then removes DATA_DIR. */
  stop(): Promise<void>;
}

const CLK_TCK = 100;

/** user+system CPU seconds of a pid, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine, to tell whether the cores were saturated. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * The production server (`npm run build:server`, run with plain node as `npm run serve` does),
 * built afresh once per bench run: what a deployment runs, without tsx's loader in the profile.
 */
let built: Promise<void> | null = null;
export function buildServer(): Promise<void> {
  built ??= promisify(execFile)('npm', ['run', 'build:server'], { cwd: REPO_ROOT }).then(() => undefined);
  return built;
}

export async function startBenchServer(env: Record<string, string> = {}, nodeFlags: string[] = [], opts: { compiled?: boolean } = {}): Promise<BenchServer> {
  if (opts.compiled) await buildServer();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gel-bench-srv-'));
  const url = `http://127.0.0.1:${port}`;
  const log = { text: '' };
  // The load pushes far more than one person's hourly volume budget, all as one user.
  const unlimited = { PUSH_BUDGET_BYTES_PER_HOUR: String(2 ** 40) };
  // A throwaway audit key in the environment: no key file next to the temp dir.
  const serverEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'no-static'), HOST: '127.0.0.1', GEL_DEMO: '1', AUDIT_KEY: randomBytes(32).toString('hex'), AUDIT_KEY_FILE: '', ...unlimited, ...env };
  const entry = opts.compiled ? ['--enable-source-maps', 'dist-server/main.js'] : ['--import', 'tsx', 'sync-server/main.ts'];
  const { child, ready, exited, hasExited } = launchServer([...nodeFlags, ...entry], serverEnv, url, log, 60_000);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  await ready;
  return {
    url,
    port,
    pid: child.pid ?? -1,
    dataDir,
    output: () => log.text,
    cpuSeconds: () => processCpuSeconds(child.pid ?? -1),
    stop: async () => {
      if (!hasExited()) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
