// An audit log written before the audit key existed (plain SHA-256 links, key id NULL), on
// both stores: nothing keyed is appended to it until a person seals it (`seal-audit`); the seal
// checks the old chain, links it keyed, keeps its anchors valid; a later rewrite of the old part
// breaks the seal's link; a log already broken is not sealed.
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditChainError, auditHash, type AuditEntry } from '../../sync-server/audit/audit-chain';
import { auditEntry, auditTargets } from '../helpers/audit-target';
import { postgresCluster } from '../helpers/postgres-cluster';
import { adminCliResult } from '../helpers/admin-cli';

const cluster = postgresCluster();
const admin = (env: Record<string, string>, args: string[]) => adminCliResult(args, { GEL_DEMO: '0', ...env });

const entry = (i: number, subject?: string) => auditEntry(i, Date.UTC(2025, 10, 3, 15, 0, 0), subject);

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

describe.each(auditTargets(cluster))('an audit log from before the key, on %s', (_dialect, openTarget) => {
  const open = async () => {
    const t = await openTarget();
    await t.store.migrate();
    return t;
  };
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
