// A store on each dialect with what an audit test needs around it: the env the admin CLI opens
// the same database with (same audit key), and raw SQL on it, to tamper with the log as someone
// with the database but without the key would.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { AuditEntry } from '../../sync-server/audit/audit-chain';
import type { AuditKey } from '../../sync-server/audit/audit-key';
import { sqliteFile } from '../../sync-server/config';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { testAuditKey } from './audit-key';

/** The i-th of a run of audit entries, a second apart from `start`, naming the field changed. */
export function auditEntry(i: number, start: number, field = 'subject'): AuditEntry {
  return {
    at: new Date(start + i * 1000).toISOString(),
    municipality: '95200',
    userId: 'user-a',
    deviceId: 'device-A',
    action: 'update',
    kind: 'pqrsd',
    recordId: `record-${i}`,
    detail: { fields: [field] },
  };
}

export interface AuditTarget {
  store: Store;
  key: AuditKey;
  env: Record<string, string>;
  sql(statements: string): Promise<void>;
  /** What lifts the triggers that keep the log append-only. */
  dropTriggers: string;
  /** Closes the raw connection (the test closes the store). */
  close(): Promise<void>;
}

/** ['sqlite', open] and ['postgres', open], for describe.each; the temp dirs go after the file's tests. */
export function auditTargets(cluster: { newDatabase(): Promise<string> }) {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  async function sqlite(): Promise<AuditTarget> {
    const dir = mkdtempSync(join(tmpdir(), 'gel-audit-'));
    dirs.push(dir);
    const { key, env } = testAuditKey();
    const raw = new Database(sqliteFile(dir));
    return {
      store: new SqliteStore(sqliteFile(dir), { auditKey: key }),
      key,
      env: { DATA_DIR: dir, DATABASE_URL: '', ...env },
      sql: async (s) => void raw.exec(s),
      dropTriggers: 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;',
      close: async () => void raw.close(),
    };
  }
  async function postgres(): Promise<AuditTarget> {
    const url = await cluster.newDatabase();
    const { key, env } = testAuditKey();
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    return {
      store: new PostgresStore(url, { auditKey: key }),
      key,
      env: { DATABASE_URL: url, ...env },
      sql: async (s) => void (await raw.query(s)),
      dropTriggers: 'DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log;',
      close: () => raw.end(),
    };
  }
  return [
    ['sqlite', sqlite],
    ['postgres', postgres],
  ] as const;
}
