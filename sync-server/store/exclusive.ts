import type { Store } from './store';

/** A store shared by several server processes offers named locks that span all of them. */
interface SharedStore {
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

const isShared = (store: Store): store is Store & SharedStore =>
  typeof (store as Partial<SharedStore>).runExclusive === 'function';

/**
 * Runs `fn` as the only holder of the lock `name` among every server instance on the same
 * database (PostgreSQL). An embedded store has a single process, so `fn` just runs.
 */
export function runExclusive<T>(store: Store, name: string, fn: () => Promise<T>): Promise<T> {
  return isShared(store) ? store.runExclusive(name, fn) : fn();
}
