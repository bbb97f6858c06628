import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres';

/**
 * One throwaway PostgreSQL cluster for a test file: started before its tests, removed after.
 * Use the handle in tests and hooks (at module load the cluster does not exist yet).
 */
export function postgresCluster(timeoutMs = 120_000): Omit<TestPostgres, 'stop'> {
  let cluster: TestPostgres | null = null;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, timeoutMs);
  afterAll(async () => {
    await cluster?.stop();
  });
  const started = (): TestPostgres => {
    if (!cluster) throw new Error('PostgreSQL did not start');
    return cluster;
  };
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    newDatabase: () => started().newDatabase(),
  };
}
