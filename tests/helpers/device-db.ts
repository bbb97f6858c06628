// A device's database in unit tests, a fresh one per test. The test file imports
// 'fake-indexeddb/auto' first of all: Dexie looks for IndexedDB when it is loaded.
import { afterEach, beforeEach, expect } from 'vitest';
import { GelDb } from '../../src/db/database';
import { LOCAL_SCHEMA_VERSION } from '../../src/db/local-schema';
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

/**
 * Opens the app's database over one an older app version left (closed by then) and checks it
 * upgraded to the current version. Pushed on `opened` so the test file's afterEach deletes it.
 */
export async function openUpgraded(name: string, opened: { close(): void }[]): Promise<GelDb> {
  const db = new GelDb(name);
  opened.push(db);
  await db.open();
  expect(db.verno).toBe(LOCAL_SCHEMA_VERSION.number);
  return db;
}
