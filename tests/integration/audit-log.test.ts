// The audit log on both stores: pushes and pulls append keyed, chained entries; `admin
// verify-audit` accepts the intact chain and finds an edited, a removed and a reordered entry;
// the append-only triggers refuse plain UPDATE/DELETE; and someone with the database but not
// the audit key who deletes rows and recomputes the chain is found too.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, auditHash, auditMac, type StoredAuditEntry } from '../../sync-server/audit/audit-chain';
import { sqliteFile } from '../../sync-server/config';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { pullChanges } from '../../sync-server/sync/pull';
import { pushMutations } from '../../sync-server/sync/push';
import { testAuditKey } from '../helpers/audit-key';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { auditTargets } from '../helpers/audit-target';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, startServerProcess } from '../helpers/server-process';
import { adminCliResult } from '../helpers/admin-cli';

const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const B: Actor = { userId: 'user-b', role: 'official', municipality: '95200', deviceId: 'device-B', dependencia: 'Ventanilla única' };

const cluster = postgresCluster();
const verifyAudit = (env: Record<string, string>) => adminCliResult(['verify-audit'], { GEL_DEMO: '0', ...env });

describe.each(auditTargets(cluster))('audit log on %s', (_dialect, open) => {
  it('chains push and pull entries, refuses UPDATE/DELETE, and verify-audit finds tampering', { timeout: 120_000 }, async () => {
    const t = await open();
    const { store } = t;
    try {
      await store.migrate();
      const first = createMutation();
      const second = createMutation({ subject: 'Alumbrado público' });
      await pushMutations(store, A, [first, second]);
      await pushMutations(store, A, [updateMutation(first.recordId, 1, { subject: 'Vía veredal (corregido)' })]);
      // B edits the same field from the old revision: a conflict.
      const [conflict] = await pushMutations(store, B, [updateMutation(first.recordId, 1, { subject: 'Otra cosa' })]);
      expect(conflict?.status).toBe('conflict');
      const page = await pullChanges(store, B, null);
      expect(page.changes.length).toBeGreaterThan(0);
      await store.appendAudit({
        at: '2026-03-12T10:00:00.000Z',
        municipality: '95200',
        userId: 'user-b',
        deviceId: 'device-B',
        action: 'view-file',
        kind: 'blob',
        recordId: 'ab'.repeat(32),
        detail: { name: 'oficio.pdf' },
      });

      const entries = await store.auditEntries('95200', 0, 100);
      expect(entries.map((e) => e.action)).toEqual(['create', 'create', 'update', 'conflict', 'view-personal-data', 'view-file']);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(entries[0]?.prevHash).toBe(AUDIT_GENESIS);
      expect(entries.every((e) => e.keyId === t.key.id)).toBe(true);
      for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
      expect(entries[0]).toMatchObject({ userId: 'user-a', deviceId: 'device-A', kind: 'pqrsd', recordId: first.recordId });
      expect(entries[0]?.detail.mutationId).toBe(first.id);
      expect(entries[2]?.detail.fields).toEqual(['subject']);
      // Field names, never values.
      expect(JSON.stringify(entries)).not.toContain('Vía veredal (corregido)');
      expect(entries[4]).toMatchObject({ userId: 'user-b', action: 'view-personal-data', kind: 'pqrsd' });
      expect(entries[4]?.detail.recordIds).toEqual(expect.arrayContaining([first.recordId, second.recordId]));
      // A page without citizen requests is not a view of personal data.
      await pullChanges(store, B, page.cursor);
      expect(await store.auditEntries('95200', 6, 10)).toEqual([]);

      expect(await verifyAudit(t.env)).toMatchObject({ code: 0, out: expect.stringContaining('OK 6 entries') });

      // Append-only: plain UPDATE and DELETE are refused.
      await expect(t.sql(`UPDATE audit_log SET action = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
      await expect(t.sql('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
      expect(await store.auditEntries('95200', 0, 100)).toEqual(entries);

      // Someone with database access drops the triggers and tampers; each time verify finds it.
      await t.sql(t.dropTriggers);
      const tamper = async (change: string, seq: number) => {
        await t.sql('CREATE TABLE saved AS SELECT * FROM audit_log');
        await t.sql(change);
        const res = await verifyAudit(t.env);
        expect(res.code).toBe(1);
        expect(res.out).toContain(`BROKEN at seq ${seq}`);
        await t.sql('DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved;');
        expect((await verifyAudit(t.env)).code).toBe(0);
      };
      await tamper(`UPDATE audit_log SET detail = '{"name":"otro.pdf"}' WHERE seq = 6`, 6); // edited
      await tamper(`UPDATE audit_log SET kind = 'training' WHERE seq = 3`, 3); // edited
      await tamper('DELETE FROM audit_log WHERE seq = 2', 3); // removed: seq 3 follows seq 1
      await tamper(
        'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;',
        2,
      ); // reordered
    } finally {
      await t.close();
      await store.close();
    }
  });

  it('finds rows deleted and the chain recomputed by someone without the audit key', { timeout: 120_000 }, async () => {
    const t = await open();
    const { store } = t;
    try {
      await store.migrate();
      for (const subject of ['Vía veredal', 'Alumbrado', 'Acueducto', 'Escuela', 'Puesto de salud', 'Parque']) {
        await pushMutations(store, A, [createMutation({ subject })]);
      }
      const entries = await store.auditEntries('95200', 0, 100);
      expect(entries).toHaveLength(6);
      expect(await verifyAudit(t.env)).toMatchObject({ code: 0, out: expect.stringContaining('OK 6 entries') });
      await t.sql(t.dropTriggers);

      /** Deletes `gone`, then renumbers and relinks every entry from `from` on with `link`, as an attacker would. */
      type Link = (prevHash: string, seq: number, e: StoredAuditEntry) => { hash: string; keyId: string | null };
      const rewrite = async (gone: number[], from: number, link: Link) => {
        await t.sql('CREATE TABLE saved AS SELECT * FROM audit_log');
        await t.sql(`DELETE FROM audit_log WHERE seq IN (${gone.join(', ')})`);
        const kept = entries.filter((e) => !gone.includes(e.seq));
        let prev = AUDIT_GENESIS;
        for (const [i, e] of kept.entries()) {
          const seq = i + 1;
          const next = seq >= from ? link(prev, seq, e) : { hash: e.hash, keyId: e.keyId };
          const keyId = next.keyId === null ? 'NULL' : `'${next.keyId}'`;
          await t.sql(`UPDATE audit_log SET seq = ${seq}, prev_hash = '${prev}', hash = '${next.hash}', key_id = ${keyId} WHERE seq = ${e.seq}`);
          prev = next.hash;
        }
        const res = await verifyAudit(t.env);
        await t.sql('DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved;');
        expect((await verifyAudit(t.env)).code).toBe(0);
        return res;
      };
      const plain: Link = (prev, seq, e) => ({ hash: auditHash(prev, seq, e), keyId: null });
      const guessed = testAuditKey().key;

      // The control: with the real key the rewrite passes (what the key protects), so the
      // rewrites below fail only for want of it.
      expect(await rewrite([2], 2, (prev, seq, e) => ({ hash: auditMac(t.key, prev, seq, e), keyId: t.key.id }))).toMatchObject({
        code: 0,
        out: expect.stringContaining('OK 5 entries'),
      });
      // Entry 4 removed, the rest re-chained with plain hashes, as the unkeyed chain allowed.
      const tail = await rewrite([4], 4, plain);
      expect(tail.code).toBe(1);
      expect(tail.out).toContain('BROKEN at seq 4: an entry without the audit key after keyed ones');
      // Removed, and the whole log re-chained plain from the start.
      const all = await rewrite([2, 3], 1, plain);
      expect(all.code).toBe(1);
      expect(all.out).toMatch(/BROKEN at seq 4: no entry is keyed/);
      // Re-chained with a key of one's own, labelled as the server's key…
      const forged = await rewrite([2], 2, (prev, seq, e) => ({ hash: auditMac({ secret: guessed.secret, id: t.key.id }, prev, seq, e), keyId: t.key.id }));
      expect(forged.code).toBe(1);
      expect(forged.out).toContain('BROKEN at seq 2: hash does not match the entry (entry edited, or the log rewritten without the key)');
      // …or as itself.
      const other = await rewrite([2], 2, (prev, seq, e) => ({ hash: auditMac(guessed, prev, seq, e), keyId: guessed.id }));
      expect(other.code).toBe(1);
      expect(other.out).toContain(`BROKEN at seq 2: written with another audit key (id ${guessed.id}`);
      expect(await store.auditEntries('95200', 0, 100)).toEqual(entries);
    } finally {
      await t.close();
      await store.close();
    }
  });
});

it('records who downloaded an attachment (GET /api/blobs/:hash)', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { token, user } = await login(server.url, 'admin', undefined, 'device-Z-0001');
    const bytes = Buffer.from('%PDF-1.4 oficio firmado por el alcalde');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const started = await http(server.url, `/api/blobs/${hash}/start`, { token, body: { size: bytes.length, name: 'oficio.pdf' } });
    expect(started.status).toBe(200);
    const put = await http(server.url, `/api/blobs/${hash}?offset=0`, {
      method: 'PUT',
      token,
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);
    // A file is read through the record that references it; the device is the session's, a header naming another one is ignored.
    const pushed = await http<{ results: { status: string }[] }>(server.url, '/api/sync/push', {
      token,
      body: { deviceId: 'device-Z-0001', mutations: [createMutation({ files: [{ hash, name: 'oficio.pdf', type: 'application/pdf', size: bytes.length }] })] },
    });
    expect(pushed.body.results[0]?.status).toBe('applied');
    const got = await http(server.url, `/api/blobs/${hash}`, { token, headers: { 'x-device-id': 'forged-device' } });
    expect(got.status).toBe(200);

    const reader = new SqliteStore(sqliteFile(server.dataDir));
    try {
      const entries = await reader.auditEntries('95200', 0, 1000);
      expect(entries.filter((e) => e.action === 'view-file')).toEqual([
        expect.objectContaining({ userId: user.id, deviceId: 'device-Z-0001', kind: 'blob', recordId: hash, detail: { name: 'oficio.pdf' } }),
      ]);
    } finally {
      await reader.close();
    }
  } finally {
    await server.stop();
  }
});
