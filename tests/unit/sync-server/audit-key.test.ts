import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditChainError, chainEntry, verifyAuditChain, type AuditEntry, type StoredAuditEntry } from '../../../sync-server/audit/audit-chain';
import { auditKeyFrom, loadAuditKey, readAuditKeySource } from '../../../sync-server/audit/audit-key';

const root = mkdtempSync(join(tmpdir(), 'gel-audit-key-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const K1 = 'a1'.repeat(32);
const K2 = 'b2'.repeat(32);

describe('the audit key', () => {
  it('needs at least 32 characters and has a public id that tells keys apart', () => {
    expect(() => auditKeyFrom('x'.repeat(31), 'AUDIT_KEY')).toThrow('AUDIT_KEY is too short (31 characters): the audit key needs at least 32; make one with `openssl rand -hex 32`');
    expect(() => auditKeyFrom(`   ${'x'.repeat(20)}   \n`, 'AUDIT_KEY')).toThrow(/too short \(20 characters\)/);
    const a = auditKeyFrom(`${K1}\n`, 'k');
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(auditKeyFrom(K1, 'k').id).toBe(a.id);
    expect(auditKeyFrom(K2, 'k').id).not.toBe(a.id);
    expect(a.id).not.toContain(K1.slice(0, 8));
  });

  it('comes from AUDIT_KEY or a file outside DATA_DIR and BLOB_DIR, never both', () => {
    const data = join(root, 'data');
    const blobs = join(root, 'shared', 'blobs');
    expect(readAuditKeySource({ AUDIT_KEY: K1 }, data, blobs)).toEqual({ env: K1 });
    expect(() => readAuditKeySource({ AUDIT_KEY: '' }, data, blobs)).toThrow(/AUDIT_KEY is too short \(0 characters\)/);
    expect(() => readAuditKeySource({ AUDIT_KEY: K1, AUDIT_KEY_FILE: '/etc/gel/audit.key' }, data, blobs)).toThrow('Set AUDIT_KEY or AUDIT_KEY_FILE, not both');
    expect(readAuditKeySource({}, data, blobs)).toEqual({ file: join(root, 'gel-campo-audit.key') });
    expect(readAuditKeySource({ AUDIT_KEY_FILE: '/etc/gel/audit.key' }, data, blobs)).toEqual({ file: '/etc/gel/audit.key' });
    expect(() => readAuditKeySource({ AUDIT_KEY_FILE: join(data, 'k') }, data, blobs)).toThrow(/inside DATA_DIR/);
    expect(() => readAuditKeySource({ AUDIT_KEY_FILE: data }, data, blobs)).toThrow(/inside DATA_DIR/);
    expect(() => readAuditKeySource({ AUDIT_KEY_FILE: join(blobs, 'ab', 'k') }, data, blobs)).toThrow(/inside BLOB_DIR/);
    expect(readAuditKeySource({ AUDIT_KEY_FILE: join(root, 'data-keys', 'k') }, data, blobs)).toEqual({ file: join(root, 'data-keys', 'k') });
  });

  it('is made once in a missing file, readable by its owner only, then read back', () => {
    const file = join(root, 'keys', 'nested', 'audit.key');
    const made = loadAuditKey({ file });
    expect(made).toMatchObject({ from: file, generated: true, looselyProtected: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = loadAuditKey({ file });
    expect(again.generated).toBe(false);
    expect(again.key.id).toBe(made.key.id);
    chmodSync(file, 0o644);
    expect(loadAuditKey({ file }).looselyProtected).toBe(true);
    expect(loadAuditKey({ env: K1 })).toMatchObject({ from: 'AUDIT_KEY', generated: false });
  });
});

describe('the keyed chain', () => {
  const k1 = auditKeyFrom(K1, 'k1');
  const k2 = auditKeyFrom(K2, 'k2');
  const entry = (i: number): AuditEntry => ({ at: `2026-03-10T15:00:0${i}.000Z`, municipality: '95200', userId: 'u', deviceId: 'd', action: 'update', kind: 'pqrsd', recordId: `r${i}`, detail: { i } });
  const chain = (n: number, key = k1): StoredAuditEntry[] => {
    const out: StoredAuditEntry[] = [];
    for (let i = 1; i <= n; i++) out.push(chainEntry(out.at(-1) ?? null, entry(i), key));
    return out;
  };
  const reader = (entries: StoredAuditEntry[]) => async (after: number, limit: number) => entries.filter((e) => e.seq > after).slice(0, limit);

  it('links keyed entries that only the same key verifies, across pages', async () => {
    const entries = chain(7);
    expect(entries[0]?.prevHash).toBe(AUDIT_GENESIS);
    expect(entries.every((e) => e.keyId === k1.id)).toBe(true);
    expect(await verifyAuditChain(reader(entries), k1, { pageSize: 3 })).toEqual({ ok: true, count: 7, unkeyed: 0 });
    expect(await verifyAuditChain(reader(entries), k2)).toMatchObject({ ok: false, seq: 1, reason: expect.stringContaining('another audit key') });
    expect(await verifyAuditChain(reader([]), k1)).toEqual({ ok: true, count: 0, unkeyed: 0 });
  });

  it('never continues a chain of another key, nor an unkeyed one except by its seal', () => {
    const [first] = chain(1, k2);
    expect(() => chainEntry(first!, entry(2), k1)).toThrow(AuditChainError);
    expect(() => chainEntry(first!, entry(2), k1)).toThrow(/another audit key/);
    const unkeyed = { seq: 4, hash: 'f'.repeat(64), keyId: null };
    expect(() => chainEntry(unkeyed, entry(5), k1)).toThrow(/seal-audit/);
    expect(chainEntry(unkeyed, { ...entry(5), action: 'audit-seal' }, k1)).toMatchObject({ seq: 5, prevHash: 'f'.repeat(64), keyId: k1.id });
  });

  it('finds an edited detail, and a key id changed to pass an entry off as unkeyed', async () => {
    const entries = chain(3);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, detail: { i: 99 } } : e));
    expect(await verifyAuditChain(reader(edited), k1)).toMatchObject({ ok: false, seq: 2, reason: expect.stringContaining('hash does not match') });
    const relabelled = entries.map((e) => (e.seq === 3 ? { ...e, keyId: null } : e));
    expect(await verifyAuditChain(reader(relabelled), k1)).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('without the audit key after keyed ones') });
  });
});
