// A device's database in unit tests, a fresh one per test. The test file imports
// 'fake-indexeddb/auto' first of all: Dexie looks for IndexedDB when it is loaded.
import { afterEach, beforeEach } from 'vitest';
import { GelDb } from '../../src/db/database';
import { uuidv7 } from '#shared/ids';

/** Opens a fresh device database before each test (handed to `use`), deletes it after. */
export function freshDeviceDbEachTest(name: string, use: (db: GelDb) => void): void {
  let db: GelDb | null = null;
  beforeEach(async () => {
    db = new GelDb(`${name}-${uuidv7()}`);
    await db.open();
    use(db);
  });
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });
}
