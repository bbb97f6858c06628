// The audit anchor: removing the newest entries leaves a valid chain, which plain
// `verify-audit` cannot tell; `verify-audit --anchor <seq>:<hash>` (from `audit-head`) can.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHead, checkAnchor, parseAnchor } from '../../sync-server/audit/audit-anchor';
import { sqliteFile } from '../../sync-server/config';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { testAuditKey } from '../helpers/audit-key';
import { adminCliResult } from '../helpers/admin-cli';
import { auditEntry } from '../helpers/audit-target';

// The stores below and the admin CLI key and verify the chain with the same audit key.
const { key: auditKey, env: keyEnv } = testAuditKey();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const entry = (i: number) => auditEntry(i, Date.UTC(2026, 2, 10, 15, 0, 0));

const admin = (dir: string, args: string[]) => adminCliResult(args, { DATA_DIR: dir, DATABASE_URL: '', ...keyEnv });

describe('audit anchor', () => {
  it('finds the head in few reads, and reads anchors strictly', async () => {
    const store = new SqliteStore(':memory:', { auditKey });
    await store.migrate();
    const read = (a: number, l: number) => store.auditEntries('95200', a, l);
    expect(await auditHead(read)).toBeNull();
    for (let i = 1; i <= 37; i++) await store.appendAudit(entry(i));
    expect((await auditHead(read))?.seq).toBe(37);
    // An anchor printed before the partition by municipality names the legacy chain.
    expect(parseAnchor('12:' + 'A'.repeat(64))).toEqual({ chain: '*', seq: 12, hash: 'a'.repeat(64) });
    expect(parseAnchor('95200/12:' + 'b'.repeat(64))).toEqual({ chain: '95200', seq: 12, hash: 'b'.repeat(64) });
    expect(parseAnchor('12:abc')).toBeNull();
    expect(parseAnchor('a b/12:' + 'b'.repeat(64))).toBeNull();
    expect(await checkAnchor(read, { chain: '95200', seq: 37, hash: '0'.repeat(64) })).toMatchObject({ ok: false });
    await store.close();
  });

  it('audit-head, then truncation of the newest entries: only the anchored check sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gel-anchor-'));
    dirs.push(dir);
    const store = new SqliteStore(sqliteFile(dir), { auditKey });
    await store.migrate();
    for (let i = 1; i <= 20; i++) await store.appendAudit(entry(i));
    await store.close();

    const head = await admin(dir, ['audit-head']);
    expect(head.code).toBe(0);
    // One line per chain: here the municipality's only.
    const printed = JSON.parse(head.out) as { chain: string; seq: number; hash: string; at: string; anchor: string };
    expect(printed).toMatchObject({ chain: '95200', seq: 20, hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: entry(20).at });
    const anchor = `95200/${printed.seq}:${printed.hash}`;
    expect(printed.anchor).toBe(anchor);

    // Intact, and after more entries: the anchor holds.
    expect(await admin(dir, ['verify-audit', '--anchor', anchor])).toMatchObject({ code: 0 });
    const more = new SqliteStore(sqliteFile(dir), { auditKey });
    for (let i = 21; i <= 25; i++) await more.appendAudit(entry(i));
    await more.close();
    expect((await admin(dir, ['verify-audit', '--anchor', anchor])).out).toContain('anchor 95200/20 holds');

    // Someone with the database file drops the append-only triggers and removes the newest 8.
    const raw = new Database(sqliteFile(dir));
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 17;');
    raw.close();
    expect(await admin(dir, ['verify-audit'])).toMatchObject({ code: 0 }); // the chain alone looks fine
    const cut = await admin(dir, ['verify-audit', '--anchor', anchor]);
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/entry 20 of the anchor is gone.*truncation/);

    // Refilling the tail with other entries does not fool it either.
    const refill = new SqliteStore(sqliteFile(dir), { auditKey });
    for (let i = 100; i < 105; i++) await refill.appendAudit(entry(i));
    await refill.close();
    const rewritten = await admin(dir, ['verify-audit', '--anchor', anchor]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toMatch(/entry 20 has another hash/);

    expect((await admin(dir, ['verify-audit', '--anchor', 'nonsense'])).code).toBe(2);
  });
});
