import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sqliteFile, type ServerConfig } from '../config';

const run = promisify(execFile);

export type BackupConfig = Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'blobDir'>;

/** The attachment files are copied next to the database backup: `<file>.blobs/`. */
export const blobsBackupDir = (file: string) => `${resolve(file)}.blobs`;

/** pg_dump/pg_restore: on PATH, else the newest /usr/lib/postgresql/<v>/bin, or $PG_BIN. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs: string[] = [];
  if (process.env.PG_BIN) dirs.push(process.env.PG_BIN);
  dirs.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const dir = dirs.find((d) => existsSync(join(d, name)));
  if (!dir) throw new Error(`${name} was not found on PATH, in $PG_BIN or /usr/lib/postgresql/*/bin`);
  return join(dir, name);
}

function copyBlobs(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
  else mkdirSync(to, { recursive: true });
}

/**
 * Backs up the database and the attachment files to `file` and `<file>.blobs/`.
 * SQLite: better-sqlite3's online backup API, consistent while the server keeps running.
 * PostgreSQL: `pg_dump -Fc` (one consistent snapshot), safe while the server runs.
 * The files are copied after the database: files are immutable and never deleted, so every
 * file a backed-up record points at is in the copy (plus, harmlessly, files uploaded since).
 */
export async function backup(config: BackupConfig, file: string): Promise<string> {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  if (config.databaseUrl) {
    await run(pgTool('pg_dump'), ['-Fc', '--no-owner', '-f', target, '--dbname', config.databaseUrl], { maxBuffer: 64 * 1024 * 1024 });
  } else {
    const source = sqliteFile(config.dataDir);
    if (!existsSync(source)) throw new Error(`No database at ${source}`);
    const db = new Database(source, { fileMustExist: true });
    try {
      await db.backup(target);
    } finally {
      db.close();
    }
  }
  copyBlobs(config.blobDir, blobsBackupDir(target));
  return target;
}

/**
 * Restores a backup made by `backup`, replacing the current database and attachment files.
 * Stop the server first (every instance, for PostgreSQL): SQLite restore replaces the database
 * file, which a running server would keep writing to through its open handle.
 */
export async function restore(config: BackupConfig, file: string): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new Error(`No backup at ${source}`);
  if (config.databaseUrl) {
    await run(pgTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', config.databaseUrl, source], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } else {
    const check = new Database(source, { readonly: true, fileMustExist: true });
    try {
      const ok = check.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new Error(`The backup ${source} is damaged: ${String(ok)}`);
    } finally {
      check.close();
    }
    const target = sqliteFile(config.dataDir);
    mkdirSync(dirname(target), { recursive: true });
    refuseIfInUse(target);
    const tmp = `${target}.restoring`;
    cpSync(source, tmp);
    // A stale WAL would be replayed onto the restored file: remove it with the old database.
    for (const side of ['-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
    renameSync(tmp, target);
  }
  const blobs = blobsBackupDir(source);
  if (existsSync(blobs)) copyBlobs(blobs, config.blobDir);
}

/**
 * Best effort: a server with the database open in WAL mode keeps a shared lock on the -shm
 * file's DMS slot, so taking EXCLUSIVE locking mode and checkpointing fails with SQLITE_BUSY.
 */
function refuseIfInUse(file: string): void {
  if (!existsSync(file)) return;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    const [res] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (res && res.busy !== 0) throw new Error('busy');
  } catch (err) {
    throw new Error(`The database ${file} is in use: stop the server before restoring (${(err as Error).message})`);
  } finally {
    db.close();
  }
}
