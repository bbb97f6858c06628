// PostgreSQL: a municipality's audit chain has a lock of its own, so an entry that answers for
// no change (a pull page's habeas-data entry) is appended while a push of the same
// municipality holds the writer lock, on this instance or another; and the chain never forks
// however appends from writers and from pulls on two instances interleave.
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESS_AUDIT_KEY } from '../../sync-server/audit/audit-key';
import { verifyAuditChain } from '../../sync-server/audit/audit-chain';
import { chainReader } from '../../sync-server/audit/audit-seal';
import { auditPersonalDataPull } from '../../sync-server/audit/audit-views';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import type { AuditEntry } from '../../sync-server/store/store';
import { postgresCluster } from '../helpers/postgres-cluster';
import { storedRecord } from '../helpers/stores';

const cluster = postgresCluster();
const AT = '2026-03-10T15:00:00.000Z';
const entry = (action: string, municipality = '95200'): AuditEntry => ({ at: AT, municipality, userId: 'u1', deviceId: null, action, kind: null, recordId: null, detail: {} });

let open: PostgresStore[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

/** Two instances on one new database. */
async function twoInstances(): Promise<[PostgresStore, PostgresStore]> {
  const url = await cluster.newDatabase();
  const one = new PostgresStore(url);
  await one.migrate();
  const two = new PostgresStore(url);
  open = [one, two];
  return [one, two];
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} waited over ${ms} ms`)), ms))]);

describe('postgres audit chain lock', () => {
  it.each([
    ['on the same instance', 0],
    ['on another instance', 1],
  ] as const)("appends a pull's entry while a push holds the writer lock %s, and chains the push's entry after it", async (_, other) => {
    const stores = await twoInstances();
    const [pusher] = stores;
    const puller = stores[other];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const push = pusher.transaction('95200', async (tx) => {
      await tx.saveRecord(storedRecord(AT, 'pqrsd', 'p1'));
      started();
      await held;
      return tx.appendAudit(entry('push'));
    });
    await inside;
    const pulled = await within(auditPersonalDataPull(puller, { municipality: '95200', id: 'u2', deviceId: 'd2' }, [{ kind: 'pqrsd', id: 'p1' }]), 5_000, "the pull's audit entry");
    expect(pulled).toBeUndefined();
    release();
    const pushed = await push;
    expect(pushed.seq).toBe(2);
    const chain = await pusher.auditEntries('95200', 0, 10);
    expect(chain.map((e) => [e.seq, e.action])).toEqual([
      [1, 'view-personal-data'],
      [2, 'push'],
    ]);
    expect(await verifyAuditChain(chainReader(pusher, '95200'), PROCESS_AUDIT_KEY)).toEqual({ ok: true, count: 2, unkeyed: 0 });
  });

  it('never forks the chain when writers and pulls on two instances append at once, and keeps chains apart', async () => {
    const [one, two] = await twoInstances();
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      const store = i % 2 ? two : one;
      work.push(store.appendAudit(entry(`pull-${i}`)));
      work.push(store.transaction('95200', async (tx) => tx.appendAudits([entry(`push-${i}-a`), entry(`push-${i}-b`)])));
      work.push(store.appendAudit(entry(`elsewhere-${i}`, '95015')));
    }
    await Promise.all(work);
    const chain = await one.auditEntries('95200', 0, 100);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    // A writer's entries stay together: nothing is appended between them.
    for (const e of chain.filter((x) => x.action.endsWith('-a'))) expect(chain[e.seq]?.action).toBe(e.action.replace(/-a$/, '-b'));
    expect(await verifyAuditChain(chainReader(one, '95200'), PROCESS_AUDIT_KEY)).toEqual({ ok: true, count: 36, unkeyed: 0 });
    expect(await verifyAuditChain(chainReader(two, '95015'), PROCESS_AUDIT_KEY)).toEqual({ ok: true, count: 12, unkeyed: 0 });
  });
});
