// `admin backup` / `admin restore` on both stores: data and attachment files → backup (store
// still open, as with a running server) → change and delete data and files → restore →
// every table's rows and every file are identical to the moment of the backup.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFile } from '../../sync-server/config';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { pullChanges } from '../../sync-server/sync/pull';
import { pushMutations } from '../../sync-server/sync/push';
import { testAuditKey } from '../helpers/audit-key';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { adminCli } from '../helpers/admin-cli';

const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };

const cluster = postgresCluster();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
/** One checksum per table over its rows, whatever their order. */
const tableSums = (tables: Record<string, string[]>) => Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, sha([...rows].sort().join('\n'))]));

async function sqliteTables(file: string): Promise<Record<string, string>> {
  const db = new Database(file, { readonly: true });
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    return tableSums(Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT * FROM "${n}"`).all().map((r) => JSON.stringify(r))])));
  } finally {
    db.close();
  }
}

async function postgresTables(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const out: Record<string, string[]> = {};
    for (const { name } of rows) out[name] = (await c.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${name}" t`)).rows.map((r) => r.j);
    return tableSums(out);
  } finally {
    await c.end();
  }
}

function fileSums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const admin = (env: Record<string, string>, args: string[]) => adminCli(args, env);

interface Target {
  env: Record<string, string>;
  blobDir: string;
  open(): Store;
  tables(): Promise<Record<string, string>>;
  deleteSomething(): Promise<void>;
}

// The stores and the admin CLI key the audit chain with the same key, given in the environment.
const { key: auditKey, env: keyEnv } = testAuditKey();

function sqliteTarget(dir: string): Target {
  return {
    env: { DATA_DIR: dir, DATABASE_URL: '', BLOB_DIR: join(dir, 'blobs'), ...keyEnv },
    blobDir: join(dir, 'blobs'),
    open: () => new SqliteStore(sqliteFile(dir), { auditKey }),
    tables: () => sqliteTables(sqliteFile(dir)),
    deleteSomething: async () => {
      const db = new Database(sqliteFile(dir));
      db.exec("DELETE FROM records WHERE kind = 'pqrsd'; DELETE FROM receipts;");
      db.close();
    },
  };
}

async function postgresTarget(dir: string): Promise<Target> {
  const url = await cluster.newDatabase();
  return {
    env: { DATABASE_URL: url, BLOB_DIR: join(dir, 'blobs'), ...keyEnv },
    blobDir: join(dir, 'blobs'),
    open: () => new PostgresStore(url, { auditKey }),
    tables: () => postgresTables(url),
    deleteSomething: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query("DELETE FROM records WHERE kind = 'pqrsd'; DELETE FROM receipts;");
      await c.end();
    },
  };
}

function writeBlob(blobDir: string, content: string): string {
  const hash = sha(content);
  mkdirSync(join(blobDir, hash.slice(0, 2)), { recursive: true });
  writeFileSync(join(blobDir, hash.slice(0, 2), hash), content);
  writeFileSync(join(blobDir, hash.slice(0, 2), `${hash}.json`), JSON.stringify({ hash, size: content.length, type: 'text/plain', name: 'a.txt', municipalities: ['95200'] }));
  return hash;
}

describe.each([
  ['sqlite', async (dir: string) => sqliteTarget(dir)],
  ['postgres', postgresTarget],
] as const)('backup and restore on %s', (_dialect, make) => {
  it('restores every table and every file as they were at the backup', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gel-backup-'));
    dirs.push(dir);
    const t = await make(dir);
    let store = t.open();
    await store.migrate();
    const m = createMutation();
    await pushMutations(store, A, [m, createMutation({ subject: 'Otra' })]);
    await pullChanges(store, A, null);
    const kept = writeBlob(t.blobDir, 'acta de la reunión');
    const backupFile = join(dir, 'out', 'gel.backup');

    // Backup while the store is open, as a running server would have it.
    const res = await admin(t.env, ['backup', backupFile]);
    expect(res.stdout).toContain('Backup written');
    // The audit key stays out of the backup, and the operator is told to keep it apart.
    expect(res.stdout).toContain('The audit key (the AUDIT_KEY variable) is not in it: keep a copy of the key apart from the backups.');
    expect(readFileSync(backupFile).includes(keyEnv.AUDIT_KEY)).toBe(false);
    const before = await t.tables();
    const filesBefore = fileSums(t.blobDir);
    expect(Object.keys(filesBefore)).toContain(join(kept.slice(0, 2), kept));

    // Changes after the backup: new and changed records, deleted rows, files gone and added.
    await pushMutations(store, A, [updateMutation(m.recordId, 1, { subject: 'Cambiado' }), createMutation({ subject: 'Nueva' })]);
    await store.close();
    await t.deleteSomething();
    rmSync(join(t.blobDir, kept.slice(0, 2)), { recursive: true });
    writeBlob(t.blobDir, 'un archivo nuevo');
    expect(await t.tables()).not.toEqual(before);

    // Restore with the server stopped.
    const restored = await admin(t.env, ['restore', backupFile]);
    expect(restored.stdout).toContain('Restored');
    expect(await t.tables()).toEqual(before);
    expect(fileSums(t.blobDir)).toEqual(filesBefore);

    // The restored database works and its audit chain is intact.
    store = t.open();
    await store.migrate();
    expect(await store.countRecords('95200', 'pqrsd')).toBe(2);
    await store.close();
    expect((await admin(t.env, ['verify-audit'])).stdout).toContain('OK 3 entries');
    // Restored without its key, the log cannot be vouched for: another key is refused.
    const other = await admin({ ...t.env, ...testAuditKey().env }, ['verify-audit']).catch((e: { code: number; stderr: string }) => e);
    expect(other).toMatchObject({ code: 1, stderr: expect.stringContaining('BROKEN at seq 1: written with another audit key') });
  });
});
