// The server's store on both dialects, for tests that hold each to the same contract.
import { afterEach, beforeEach } from 'vitest';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';

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
