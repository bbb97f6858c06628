// A component test's device database: opened by the test when it mounts, deleted (and the
// rendered tree unmounted) after each test. The test file imports 'fake-indexeddb/auto' first.
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { openDb, type GelDb } from '../../src/db/database';
import { uuidv7 } from '#shared/ids';

/** Registers the clean-up; the returned function opens a fresh database named after `name`. */
export function componentDbEachTest(name: string): () => GelDb {
  let db: GelDb | null = null;
  afterEach(async () => {
    cleanup();
    db?.close();
    await db?.delete();
    db = null;
  });
  return () => {
    db = openDb(`${name}-${uuidv7()}`);
    return db;
  };
}
