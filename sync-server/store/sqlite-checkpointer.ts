import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file on a thread of its own (issue 16). SQLite's
 * automatic checkpoint runs inside the COMMIT that crosses 1000 pages, on the thread that
 * commits: with better-sqlite3 that is the server's only JavaScript thread, so every few pushes
 * one of them stopped the event loop to copy megabytes and flush the database file. Here a
 * worker with its own connection runs PASSIVE checkpoints (they never block the writer, which
 * keeps appending), at most one at a time and at most every `minGapMs`, nudged after commits.
 * The committing connection's automatic checkpoint is switched off only once the worker
 * answers, and back on if the worker fails or exits: the WAL never grows without bound.
 */
export class WalCheckpointer {
  private worker: Worker | null;
  private running: Promise<void> | null = null;
  private done: (() => void) | null = null;
  private lastAt = 0;
  private stopped = false;
  /** Checkpoints the worker ran (for tests and the log). */
  count = 0;

  /**
   * `inline(on)`: turn the committing connection's own automatic checkpoint on (fallback) or off
   * (the worker does it).
   */
  constructor(
    file: string,
    private readonly inline: (on: boolean) => void,
    private readonly minGapMs = 100,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } });
    this.worker.unref();
    this.worker.on('message', (m: { ready?: true; ok?: boolean; error?: string }) => {
      if (m.ready) {
        if (!this.stopped) this.inline(false);
        return;
      }
      if (m.ok) this.count++;
      else console.warn('sqlite: WAL checkpoint failed (retried after the next commit):', m.error);
      this.finish();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`checkpoint worker exited with code ${code}`));
    });
  }

  /** After a commit: a checkpoint, unless one runs or the last one was under `minGapMs` ago. */
  nudge(): void {
    if (!this.worker || this.running || Date.now() - this.lastAt < this.minGapMs) return;
    this.running = new Promise((resolve) => (this.done = resolve));
    this.worker.postMessage('checkpoint');
  }

  /** Resolves when no checkpoint is running (now, or when the one running ends). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Whether checkpoints run on the worker (false: the committing connection does them again). */
  get active(): boolean {
    return this.worker !== null;
  }

  /** Ends the worker (the caller closes its connection next, which checkpoints what is left). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private finish(): void {
    this.lastAt = Date.now();
    this.running = null;
    this.done?.();
    this.done = null;
  }

  private fail(err: unknown): void {
    if (!this.worker) return;
    console.error('sqlite: the checkpoint worker stopped; commits checkpoint the WAL themselves again:', err);
    this.worker = null;
    this.inline(true);
    this.finish();
  }
}

/** The worker: its own connection, one PASSIVE checkpoint per message. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
parentPort.on('message', () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.message || err) });
  }
});
parentPort.postMessage({ ready: true });
`;
