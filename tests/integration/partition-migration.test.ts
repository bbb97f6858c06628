// A database made by the version before the partition by municipality (fixture generated from
// that version's migrations, tests/helpers/pre-partition-database.ts), migrated by this one, on
// SQLite and on PostgreSQL: every record and radicado kept, each series continues gap-free, new
// changes come after every old one in each municipality's own sequence, an old cursor gets the
// reset and then every record, and the old audit chain still verifies, beside the new ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibilityScope } from '#shared/records';
import type { PullResponse } from '#shared/sync-protocol';
import { verifyAuditChain } from '../../sync-server/audit/audit-chain';
import { PROCESS_AUDIT_KEY } from '../../sync-server/audit/audit-key';
import { chainReader } from '../../sync-server/audit/audit-seal';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { LEGACY_AUDIT_CHAIN, type Store } from '../../sync-server/store/store';
import { pullChanges, type Puller } from '../../sync-server/sync/pull';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation } from '../helpers/fixtures';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import {
  OLD_TOWNS,
  POSTGRES_BEFORE_PARTITION,
  prePartitionContent,
  SQLITE_BEFORE_PARTITION,
  writePrePartitionPostgres,
  writePrePartitionSqlite,
  type PrePartitionContent,
} from '../helpers/pre-partition-database';

let cluster: TestPostgres | null = null;
const dirs: string[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const key = PROCESS_AUDIT_KEY;
const fixedNow = () => new Date('2026-03-11T15:00:00.000Z');

async function pullEverything(store: Store, who: Puller, cursor: string | null): Promise<{ pages: PullResponse[]; ids: string[] }> {
  const pages: PullResponse[] = [];
  for (;;) {
    const page: PullResponse = await pullChanges(store, who, pages.at(-1)?.cursor ?? cursor, 7);
    pages.push(page);
    if (!page.hasMore) return { pages, ids: pages.flatMap((p) => p.changes.map((c) => c.id)) };
  }
}

/** Runs the store's migrations over the old content, checks what they kept, and closes the store. */
async function migrateAndExpect(store: Store, old: PrePartitionContent): Promise<void> {
  try {
    await store.migrate();
    await expectMigrated(store, old);
  } finally {
    await store.close();
  }
}

async function expectMigrated(store: Store, old: PrePartitionContent): Promise<void> {
  for (const town of OLD_TOWNS) {
    const before = old.records.filter((r) => r.municipality === town);
    // Every record kept, with its data (radicado included) and its seq.
    const kept = await store.changesSince(town, ['pqrsd'], 0, 1000);
    expect(kept.map((r) => [r.id, r.seq, r.data])).toEqual(before.map((r) => [r.id, r.seq, r.data]));

    // A new request: the next radicado of the series, a seq after every old one.
    const actor: Actor = { userId: `user-${town}`, role: 'official', municipality: town, deviceId: `dev-${town}`, dependencia: 'Ventanilla única' };
    const [result] = await pushMutations(store, actor, [createMutation()], { now: fixedNow });
    const next = (old.lastRadicado[town] ?? 0) + 1;
    expect(result).toMatchObject({ status: 'applied', serverFields: { radicado: `${town}-2026-${String(next).padStart(6, '0')}` } });
    const [added] = await store.changesSince(town, ['pqrsd'], old.lastSeq, 10);
    expect(added?.seq).toBe(old.lastSeq + 1);

    // A device holding a cursor of the old server-wide sequence starts over, and gets everything.
    const who: Puller = { role: 'committee', municipality: town, userId: `com-${town}`, deviceId: `dev-com-${town}` };
    const { pages, ids } = await pullEverything(store, who, `${old.lastSeq}.${visibilityScope(who)}`);
    expect(pages[0]?.reset).toBe(true);
    expect(ids.sort()).toEqual([...before.map((r) => r.id), added?.id].sort());

    // New audit entries (the create, the pulls of personal data) in the municipality's own chain, from 1.
    const chain = await store.auditEntries(town, 0, 100);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain[0]).toMatchObject({ action: 'create', recordId: added?.id, prevHash: '0'.repeat(64) });
    expect(chain.every((e) => e.municipality === town)).toBe(true);
    expect(await verifyAuditChain(chainReader(store, town), key)).toEqual({ ok: true, count: chain.length, unkeyed: 0 });
  }
  // The old chain, whole and still verifiable as it was written.
  expect(await store.auditEntries(LEGACY_AUDIT_CHAIN, 0, 1000)).toEqual(old.audit);
  expect(await verifyAuditChain(chainReader(store, LEGACY_AUDIT_CHAIN), key)).toEqual({ ok: true, count: old.audit.length, unkeyed: 0 });
  expect(await store.auditChains()).toEqual([LEGACY_AUDIT_CHAIN, '95015', '95200']);
}

describe('migrating a database made before the partition by municipality', () => {
  it('finds the partition step after the steps of the version before it', () => {
    expect(SQLITE_BEFORE_PARTITION).toBeGreaterThan(0);
    expect(POSTGRES_BEFORE_PARTITION).toBeGreaterThan(0);
  });

  it('on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gel-partition-'));
    dirs.push(dir);
    const file = join(dir, 'gel.sqlite');
    const old = prePartitionContent(key);
    writePrePartitionSqlite(file, old);
    await migrateAndExpect(new SqliteStore(file, { auditKey: key }), old);
  });

  it('on PostgreSQL', async () => {
    if (!cluster) throw new Error('PostgreSQL did not start');
    const url = await cluster.newDatabase();
    const old = prePartitionContent(key);
    await writePrePartitionPostgres(url, old);
    await migrateAndExpect(new PostgresStore(url, { auditKey: key }), old);
  });
});
