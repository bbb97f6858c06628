// The server's store on both dialects, for tests that hold each to the same contract.
import { afterEach, beforeEach } from 'vitest';
import type { PullResponse } from '#shared/sync-protocol';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { NewRecordState, Store, StoredUser } from '../../sync-server/store/store';
import { pullChanges, type Puller } from '../../sync-server/sync/pull';

/** [dialect, open] for describe.each: SQLite in memory, and a new database of the test cluster. */
export function bothStores(cluster: { newDatabase(): Promise<string> }): [Store['dialect'], () => Promise<Store>][] {
  return [
    ['sqlite', async () => new SqliteStore(':memory:')],
    ['postgres', async () => new PostgresStore(await cluster.newDatabase())],
  ];
}

/** A fresh, migrated store before each test of the block (handed to `use`), closed after it. */
export function storeEachTest(open: () => Promise<Store>, use: (store: Store) => void): void {
  let store: Store | null = null;
  beforeEach(async () => {
    store = await open();
    await store.migrate();
    use(store);
  });
  afterEach(async () => {
    await store?.close();
  });
}

/** A record of Miraflores at rev 1 written by user-a at `at` (fields and state overridable). */
export function storedRecord(at: string, kind: string, id: string, data: Record<string, unknown> = {}, over: Partial<NewRecordState> = {}): NewRecordState {
  return { municipality: '95200', kind, id, rev: 1, data: { id, ...data }, fieldRevs: { id: { rev: 1, device: 'd1' } }, updatedAt: at, updatedBy: 'user-a', ...over };
}

/** An active official of Miraflores created at `at`, with id `id-<username>`. */
export function storedUser(at: string, username: string, over: Partial<StoredUser> = {}): StoredUser {
  return {
    id: `id-${username}`,
    username,
    displayName: `Name ${username}`,
    role: 'official',
    municipality: '95200',
    passwordHash: 'scrypt$hash',
    active: true,
    createdAt: at,
    dependencia: null,
    mustChangePassword: false,
    ...over,
  };
}

/** Every change a role sees from the store, page by page from the start. */
export async function pullStoreAll(store: Store, who: Puller, limit: number): Promise<PullResponse['changes']> {
  const all: PullResponse['changes'] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: PullResponse = await pullChanges(store, who, cursor, limit);
    all.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return all;
  }
}
