import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres';

/**
 * One throwaway PostgreSQL cluster for a test file: started before its tests, removed after.
 * Each test asks it for a fresh database (in tests and hooks: at module load it is not up yet).
 */
export function postgresCluster(timeoutMs = 120_000): Pick<TestPostgres, 'newDatabase'> {
  let cluster: TestPostgres | null = null;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, timeoutMs);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    newDatabase: () => {
      if (!cluster) throw new Error('PostgreSQL did not start');
      return cluster.newDatabase();
    },
  };
}
