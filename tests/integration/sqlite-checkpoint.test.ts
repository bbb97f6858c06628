// The WAL is copied back into the database file by a worker thread (WalCheckpointer), not by
// the COMMIT of a push on the server's only JavaScript thread: the checkpoints happen, the WAL
// stays bounded, nothing committed is lost across a reopen, and if the worker dies the commits
// checkpoint on their own again (the WAL still stays bounded).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { storedRecord } from '../helpers/stores';

const AT = '2026-03-10T15:00:00.000Z';
const MB = 1024 * 1024;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openFile(): { store: SqliteStore; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gel-ckpt-'));
  dirs.push(dir);
  const file = join(dir, 'gel.db');
  return { store: new SqliteStore(file), file };
}

/** `n` transactions of about 1 MB each (ten records of 100 KB), pausing past the checkpointer's gap. */
async function writeMegabytes(store: SqliteStore, n: number, from: number): Promise<void> {
  for (let t = 0; t < n; t++) {
    await store.transaction('95200', async (tx) => {
      for (let i = 0; i < 10; i++) await tx.saveRecord(storedRecord(AT, 'note', `n-${from + t}-${i}`, { text: 'x'.repeat(100 * 1024) }));
    });
    await store.checkpointer?.idle();
    await new Promise((r) => setTimeout(r, 120));
  }
}

const walBytes = (file: string) => statSync(`${file}-wal`).size;

describe('SQLite WAL checkpoints on a worker thread', () => {
  it('checkpoints off the committing thread, keeps the WAL bounded and every commit', async () => {
    const { store, file } = openFile();
    await store.migrate();
    await writeMegabytes(store, 16, 0);
    expect(store.checkpointer?.active).toBe(true);
    expect(store.checkpointer?.count).toBeGreaterThan(0);
    // Copied into the database file and restarted: far less than the 16 MB written.
    expect(walBytes(file)).toBeLessThan(6 * MB);
    expect(statSync(file).size).toBeGreaterThan(12 * MB);
    await store.close();
    const again = new SqliteStore(file);
    expect((await again.getRecord('95200', 'note', 'n-15-9'))?.data.text).toHaveLength(100 * 1024);
    expect((await again.getRecord('95200', 'note', 'n-0-0'))?.data.text).toHaveLength(100 * 1024);
    await again.close();
  });

  it('checkpoints on the committing thread again when the worker dies', async () => {
    const { store, file } = openFile();
    await store.migrate();
    await writeMegabytes(store, 2, 0);
    const cp = store.checkpointer;
    expect(cp?.active).toBe(true);
    // A crash of the worker (its thread ends under it).
    await (cp as unknown as { worker: Worker }).worker.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(cp?.active).toBe(false);
    const before = cp?.count ?? 0;
    await writeMegabytes(store, 16, 2);
    expect(cp?.count).toBe(before);
    // SQLite's own automatic checkpoint (1000 pages) is back on: without it the WAL would hold all 16 MB.
    expect(walBytes(file)).toBeLessThan(8 * MB);
    expect((await store.getRecord('95200', 'note', 'n-17-9'))?.data.text).toHaveLength(100 * 1024);
    await store.close();
  });
});
