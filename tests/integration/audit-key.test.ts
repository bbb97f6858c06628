// The audit key of the real server process: made on first start (0600, outside DATA_DIR, never
// in the database), the same after a restart and for the admin CLI; a too-short key, a key
// file inside the data, a log written with another key, and a log rewritten without the key
// (every link recomputed plain, then a restart) each stop the server with a clear message.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, auditHash, type StoredAuditEntry } from '../../sync-server/audit/audit-chain';
import { sqliteFile } from '../../sync-server/config';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { createUserAsAdmin, http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { adminCliResult } from '../helpers/admin-cli';

let server: ServerProcess | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The CLI with no audit key of this process's environment: only what the test hands it. */
const admin = (env: Record<string, string>, args: string[]) => adminCliResult(args, { AUDIT_KEY: undefined, AUDIT_KEY_FILE: undefined, GEL_DEMO: '0', ...env });

/** Something audited over HTTP: an admin creates an account and resets its password. */
async function audited(s: ServerProcess, username: string): Promise<void> {
  const user = await createUserAsAdmin(s.url, { username, displayName: `Cuenta ${username}`, role: 'official' });
  const { token } = await login(s.url, 'admin');
  expect((await http(s.url, `/api/admin/users/${user.id}/reset-password`, { token, body: {} })).status).toBe(200);
}

async function entriesOf(s: ServerProcess): Promise<StoredAuditEntry[]> {
  const reader = new SqliteStore(sqliteFile(s.dataDir));
  try {
    return await reader.auditEntries('95200', 0, 10_000);
  } finally {
    await reader.close();
  }
}

describe('the audit key file', () => {
  it('is made on first start, readable by its owner only, kept out of the database and reused', { timeout: 120_000 }, async () => {
    server = await startServerProcess();
    const file = server.auditKeyFile;
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    expect(server.output()).toContain(`Generated the audit key in ${file}: back it up apart from the database`);

    await audited(server, 'lrojas');
    const entries = await entriesOf(server);
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.keyId)).size).toBe(1);
    for (const name of ['gel-campo.sqlite', 'gel-campo.sqlite-wal']) {
      const path = join(server.dataDir, name);
      if (existsSync(path)) expect(readFileSync(path).includes(key.trim())).toBe(false);
    }

    // A restart reads the same key; the admin CLI with the same DATA_DIR finds it next to it.
    await server.restart();
    expect(readFileSync(file, 'utf8')).toBe(key);
    expect(server.output().match(/Generated the audit key/g)).toHaveLength(1);
    const verified = await admin({ DATA_DIR: server.dataDir }, ['verify-audit']);
    expect(verified).toMatchObject({ code: 0, out: expect.stringContaining(`OK ${entries.length} entries, audit key ${entries[0]?.keyId}`) });
    expect(readFileSync(file, 'utf8')).toBe(key);
  });

  it('refuses a too-short AUDIT_KEY, a short key file and a key file inside the data, with the reason', { timeout: 120_000 }, async () => {
    await expect(startServerProcess({ AUDIT_KEY: 'corta' })).rejects.toThrow(/cannot start: AUDIT_KEY is too short \(5 characters\): the audit key needs at least 32/);
    const cli = await admin({ AUDIT_KEY: 'x'.repeat(31), DATA_DIR: join(tmpdir(), 'gel-no-such-dir') }, ['verify-audit']);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('AUDIT_KEY is too short (31 characters)');
    expect(cli.out).not.toContain('    at '); // a reason, not a stack trace

    const root = mkdtempSync(join(tmpdir(), 'gel-key-'));
    dirs.push(root);
    writeFileSync(join(root, 'short.key'), 'abc\n', { mode: 0o600 });
    await expect(startServerProcess({ AUDIT_KEY_FILE: join(root, 'short.key') })).rejects.toThrow(/The audit key file .*short\.key is too short \(3 characters\)/);
    await expect(startServerProcess({ DATA_DIR: join(root, 'data'), AUDIT_KEY_FILE: join(root, 'data', 'audit.key') })).rejects.toThrow(
      /The audit key file .*audit\.key is inside DATA_DIR/,
    );
    expect(existsSync(join(root, 'data', 'audit.key'))).toBe(false);
  });
});

describe('a server on an audit log it cannot continue', () => {
  it('refuses to start with another key, and starts again with the right one', { timeout: 120_000 }, async () => {
    server = await startServerProcess();
    await audited(server, 'lrojas');
    const key = readFileSync(server.auditKeyFile, 'utf8');
    await server.kill();
    // As after a lost key file regenerated, or an instance with a key of its own.
    writeFileSync(server.auditKeyFile, `${'b'.repeat(64)}\n`);
    await expect(server.restart()).rejects.toThrow(/cannot start: The audit log was written with another audit key .*Every instance needs the same AUDIT_KEY/);
    writeFileSync(server.auditKeyFile, key);
    await server.restart();
    expect((await admin({ DATA_DIR: server.dataDir }, ['verify-audit'])).code).toBe(0);
  });

  it('refuses to start on a log rewritten without the key, which verify-audit rejects too', { timeout: 120_000 }, async () => {
    server = await startServerProcess();
    await audited(server, 'lrojas');
    await audited(server, 'mgomez');
    const entries = await entriesOf(server);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    await server.kill();

    // Someone with the database file removes the first entry and recomputes every link plain.
    const raw = new Database(sqliteFile(server.dataDir));
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1;');
    let prev = AUDIT_GENESIS;
    for (const [i, e] of entries.slice(1).entries()) {
      const hash = auditHash(prev, i + 1, e);
      raw.prepare('UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?').run(i + 1, prev, hash, e.seq);
      prev = hash;
    }
    raw.close();

    await expect(server.restart()).rejects.toThrow(/cannot start: The audit log holds \d+ entries written before the audit key existed and none since/);
    const verdict = await admin({ DATA_DIR: server.dataDir }, ['verify-audit']);
    expect(verdict.code).toBe(1);
    expect(verdict.out).toMatch(/BROKEN at seq \d+: no entry is keyed/);
  });
});
