// Starts the real sync server as a child process and waits until it answers: shared by the
// tests' server helper and the benchmark (no test runner needed here).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LaunchedServer {
  child: ChildProcess;
  /** Settles once `/api/health` answers; rejects if the process exits first or stays silent too long. */
  ready: Promise<void>;
  /** Settles once the process has exited. */
  exited: Promise<void>;
  hasExited(): boolean;
}

/**
 * Runs node with `args` (from the repo root) until `${url}/api/health` answers. What the process
 * prints is appended to `log.text` (kept across restarts); a process that exits or stays silent
 * past `timeoutMs` fails `ready` with the end of that output.
 */
export function launchServer(args: string[], env: NodeJS.ProcessEnv, url: string, log: { text: string }, timeoutMs: number): LaunchedServer {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let gone = false;
  const exited = new Promise<void>((res) =>
    child.once('exit', (code, signal) => {
      gone = true;
      log.text += `[exit code=${code} signal=${signal}]\n`;
      res();
    }),
  );
  child.stdout?.on('data', (d: Buffer) => (log.text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log.text += d.toString()));
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (gone) throw new Error(`The sync server exited during start:\n${log.text.slice(-5000)}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(`The sync server did not answer /api/health within ${timeoutMs / 1000} s:\n${log.text.slice(-5000)}`);
  })();
  return { child, ready, exited, hasExited: () => gone };
}
