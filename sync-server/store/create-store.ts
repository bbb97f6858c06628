import type { AuditKey } from '../audit/audit-key';
import type { ServerConfig } from '../config';
import { sqliteFile } from '../config';
import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** `auditKey` is required here: every store the server or the admin CLI opens keys its audit chain with it. */
export type StoreConfig = Pick<ServerConfig, 'dataDir'> & Partial<Pick<ServerConfig, 'databaseUrl'>> & { auditKey: AuditKey };

/** PostgreSQL when a database URL is configured (DATABASE_URL), else the SQLite file under DATA_DIR. Not yet migrated. */
export function createStore(config: StoreConfig): Store {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, got '${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}'`);
    }
    // STORE_TX_TIMINGS=1: where transactions wait, printed at shutdown (the benchmark reads it).
    return new PostgresStore(config.databaseUrl, { auditKey: config.auditKey, txTimings: process.env.STORE_TX_TIMINGS === '1' });
  }
  return new SqliteStore(sqliteFile(config.dataDir), { auditKey: config.auditKey });
}
