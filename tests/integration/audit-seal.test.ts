// An audit log written before the audit key existed (plain SHA-256 links, key id NULL), on
// both stores: nothing keyed is appended to it until a person seals it (`seal-audit`); the seal
// checks the old chain, links it keyed, keeps its anchors valid; a later rewrite of the old part
// breaks the seal's link; a log already broken is not sealed.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditChainError, auditHash, type AuditEntry } from '../../sync-server/audit/audit-chain';
import { sqliteFile } from '../../sync-server/config';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { testAuditKey } from '../helpers/audit-key';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { REPO_ROOT } from '../helpers/server-process';

const exec = promisify(execFile);
let cluster: TestPostgres | undefined;
const dirs: string[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Target {
  store: Store;
  env: Record<string, string>;
  sql(statements: string): Promise<void>;
  dropTriggers: string;
  close(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'gel-seal-'));
  dirs.push(dir);
  const { key, env } = testAuditKey();
  const store = new SqliteStore(sqliteFile(dir), { auditKey: key });
  await store.migrate();
  const raw = new Database(sqliteFile(dir));
  return {
    store,
    env: { DATA_DIR: dir, DATABASE_URL: '', ...env },
    sql: async (s) => void raw.exec(s),
    dropTriggers: 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;',
    close: async () => void raw.close(),
  };
}

async function postgresTarget(): Promise<Target> {
  if (!cluster) throw new Error('PostgreSQL did not start');
  const url = await cluster.newDatabase();
  const { key, env } = testAuditKey();
  const store = new PostgresStore(url, { auditKey: key });
  await store.migrate();
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  return {
    store,
    env: { DATABASE_URL: url, ...env },
    sql: async (s) => void (await raw.query(s)),
    dropTriggers: 'DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log;',
    close: () => raw.end(),
  };
}

async function admin(env: Record<string, string>, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'sync-server/admin-cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, GEL_DEMO: '0', ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const entry = (i: number, subject = 'subject'): AuditEntry => ({
  at: new Date(Date.UTC(2025, 10, 3, 15, 0, i)).toISOString(),
  municipality: '95200',
  userId: 'user-a',
  deviceId: 'device-A',
  action: 'update',
  kind: 'pqrsd',
  recordId: `record-${i}`,
  detail: { fields: [subject] },
});

/** An entry of the legacy chain (everything from before the partition by municipality, and the seal). */
const legacyEntry = (i: number): AuditEntry => ({ ...entry(i), municipality: '*' });

/** INSERTs of a chain as the version without the key wrote it: plain SHA-256, key id NULL. */
function legacyInserts(entries: AuditEntry[], firstSeq = 1, prevHash = AUDIT_GENESIS): { sql: string; head: string } {
  let prev = prevHash;
  const rows = entries.map((e, i) => {
    const seq = firstSeq + i;
    const hash = auditHash(prev, seq, e);
    const row = `(${seq}, '${e.at}', '${e.municipality}', '${e.userId}', '${e.deviceId}', '${e.action}', '${e.kind}', '${e.recordId}', '${JSON.stringify(e.detail)}', '${prev}', '${hash}', NULL)`;
    prev = hash;
    return row;
  });
  const sql = `INSERT INTO audit_log (seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id) VALUES ${rows.join(', ')}`;
  return { sql, head: prev };
}

describe.each([
  ['sqlite', sqliteTarget],
  ['postgres', postgresTarget],
] as const)('an audit log from before the key, on %s', (_dialect, open) => {
  it('is sealed once by a person, keeps its anchors, and a rewrite of its old part is found', { timeout: 120_000 }, async () => {
    const t = await open();
    try {
      const old = [1, 2, 3, 4, 5].map((i) => entry(i));
      const { sql, head } = legacyInserts(old);
      await t.sql(sql);

      // Unkeyed only: not vouched for, and nothing keyed is appended to it before the seal.
      expect(await admin(t.env, ['verify-audit'])).toMatchObject({ code: 1, out: expect.stringMatching(/BROKEN at seq 5: no entry is keyed/) });
      await expect(t.store.appendAudit(legacyEntry(6))).rejects.toThrow(AuditChainError);
      await expect(t.store.appendAudit(legacyEntry(6))).rejects.toThrow(/seal-audit/);
      // An anchor kept from before the key (a plain hash).
      const printed = JSON.parse((await admin(t.env, ['audit-head'])).out) as { anchor: string; hash: string };
      expect(printed.hash).toBe(head);

      const sealed = await admin(t.env, ['seal-audit']);
      expect(sealed).toMatchObject({ code: 0, out: expect.stringContaining('Sealed: entry 6 links the 5 unkeyed entries before it') });
      const verified = await admin(t.env, ['verify-audit', '--anchor', printed.anchor]);
      expect(verified.code).toBe(0);
      expect(verified.out).toContain('OK 6 entries (the first 5 from before the audit key, by their plain hashes)');
      expect(verified.out).toContain('anchor */5 holds');
      expect(await admin(t.env, ['seal-audit'])).toMatchObject({ code: 0, out: expect.stringContaining('already keyed') });
      const seventh = await t.store.appendAudit(legacyEntry(7));
      expect(seventh).toMatchObject({ seq: 7, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const [seal] = await t.store.auditEntries('*', 5, 1);
      expect(seal).toMatchObject({ action: 'audit-seal', prevHash: head, keyId: seventh.keyId, detail: { unkeyedEntries: 5 } });

      // Someone with the database rewrites an old entry and recomputes the old chain, as the
      // unkeyed hashes allow: the seal's keyed link to the old head no longer holds.
      await t.sql(t.dropTriggers);
      await t.sql('DELETE FROM audit_log WHERE seq <= 5');
      await t.sql(legacyInserts([entry(1), entry(2, 'otra cosa'), entry(3), entry(4), entry(5)]).sql);
      const rewritten = await admin(t.env, ['verify-audit']);
      expect(rewritten.code).toBe(1);
      expect(rewritten.out).toContain('BROKEN at seq 6: prev_hash does not match the previous entry');
    } finally {
      await t.close();
      await t.store.close();
    }
  });

  it('is not sealed when its old chain is already broken', { timeout: 120_000 }, async () => {
    const t = await open();
    try {
      const first = legacyInserts([entry(1), entry(2)]);
      // Entry 3 links to a head that is not entry 2's: a removal the old chain already shows.
      await t.sql(first.sql);
      await t.sql(legacyInserts([entry(3)], 3, AUDIT_GENESIS).sql);
      const res = await admin(t.env, ['seal-audit']);
      expect(res.code).toBe(1);
      expect(res.out).toContain('The audit log is broken at seq 3');
      expect(await t.store.auditEntries('*', 0, 10)).toHaveLength(3);
    } finally {
      await t.close();
      await t.store.close();
    }
  });
});
