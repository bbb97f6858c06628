// A database as an older version left it: migrated up to, not including, the migration that
// `marks` (a piece of its SQL), so a test can put old rows in and watch that migration run.
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sqliteFile } from '../../sync-server/config';
import { migratePostgres, POSTGRES_MIGRATIONS } from '../../sync-server/store/postgres-migrations';
import { SQLITE_MIGRATIONS } from '../../sync-server/store/sqlite-migrations';

/** `marks`: a piece of the migration's SQL, or the name of a migration written as a function. */
function upTo(migrations: readonly (string | ((...args: never[]) => void))[], marks: string): number {
  const n = migrations.findIndex((m) => (typeof m === 'string' ? m.includes(marks) : m.name === marks));
  expect(n, `no migration contains ${marks}`).toBeGreaterThan(0);
  return n;
}

/** The SQLite file at that schema, with `fill` run on it; closed after. */
export function oldSqlite(file: string, marks: string, fill: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    const n = upTo(SQLITE_MIGRATIONS, marks);
    for (const m of SQLITE_MIGRATIONS.slice(0, n)) {
      if (typeof m === 'string') db.exec(m);
      else m(db);
    }
    db.pragma(`user_version = ${n}`);
    fill(db);
  } finally {
    db.close();
  }
}

/** A temporary data directory whose SQLite file (where the server keeps it) is at that schema, filled by `fill`; removed after `use`. */
export async function withOldSqliteDir(marks: string, fill: (db: Database.Database) => void, use: (dir: string, file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gel-old-'));
  try {
    oldSqlite(sqliteFile(dir), marks, fill);
    await use(dir, sqliteFile(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL database at that schema, with `fill` run on it. */
export async function oldPostgres(url: string, marks: string, fill: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, upTo(POSTGRES_MIGRATIONS, marks)));
    await fill(pool);
  } finally {
    await pool.end();
  }
}
