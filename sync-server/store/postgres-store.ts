import pg from 'pg';
import { PROCESS_AUDIT_KEY, type AuditKey } from '../audit/audit-key';
import { pgAppendAudit, pgAuditEntries } from '../audit/pg-audit';
import { Mutex } from './mutex';
import { TxTimings } from './tx-timings';
import { migratePostgres } from './postgres-migrations';
import {
  isoOrNull,
  RECORD_COLUMNS,
  seqNumber,
  toOutbound,
  toRecord,
  toSession,
  type PgOutboundRow,
  type PgRecordRow,
  type PgSessionRow,
} from './postgres-rows';
import { pgFindDeviceKey, pgIssueDeviceKey, pgOfficialIdKey, pgRevokeUserDeviceKeys } from './postgres-keys';
import { PgTx, pgFileReferences } from './postgres-tx';
import type {
  AuditEntry, BudgetRule, DeviceKeyRow, DeviceRow, FailureTally, FileReference, OutboundRow, PullRow, SignInFailure, SessionRow, Store, StoredAuditEntry, StoredRecord, StoredUser, StoreTx, UserPatch } from './store';
import { userPatchColumns } from './user-patch';
import { pgSpendBudget } from './budget';
import { userOfRow, type UserRow } from './user-row';

/** Key space (first int of two-int advisory locks) of this application's named locks. */
const NAMED_LOCK_SPACE = 0x6e1;

/**
 * The shared store: PostgreSQL, for a deployment with many municipalities or several server
 * instances on one database. Same schema, keys and semantics as the SQLite store.
 *
 * Concurrency design — one writer at a time per municipality, across all instances:
 * every `transaction(municipality)` starts with `SELECT … FROM change_seqs WHERE municipality =
 * … FOR UPDATE` (that municipality's writer lock) and holds that row lock until COMMIT. Writers
 * of one municipality then run one after another, READ COMMITTED, each statement seeing
 * everything committed before; writers of different municipalities lock different rows and
 * commit in parallel. Everything a transaction writes belongs to its municipality (records,
 * its sequence, its series, its audit chain; assertPartition), so the one lock gives all three
 * guarantees within the municipality:
 *  - Exactly once: getReceipt → apply → putReceipt cannot interleave with the same mutation
 *    replayed to another instance (a user's mutations always go to the user's municipality).
 *    The replay waits for the lock, then its receipt read (a new statement, a new snapshot)
 *    finds the first receipt and returns its result. The receipts primary key stays as the last
 *    guard (a duplicate insert fails the mutation's savepoint).
 *  - Gap-free series: nextInSeries is an upsert that locks the series row until COMMIT; a
 *    transaction that rolls back takes its number with it, and the next writer gets it.
 *  - Pull order: a change's seq is taken from the municipality's counter while its lock is
 *    held, so seq order is commit order within the municipality, and pulls read one
 *    municipality. When a reader sees seq n, every lower seq is already committed (or rolled
 *    back, a harmless gap): a device reading `seq > cursor` never skips a change.
 * Why not finer locks inside a municipality (an advisory lock per mutation id, then the series
 * and counter rows): the counter row serialises the municipality's writers from their first
 * saveRecord to COMMIT anyway, while taking them in varying orders can deadlock. One lock,
 * always taken first, cannot deadlock; a transaction never takes a second municipality's lock.
 * SERIALIZABLE with retry was not chosen: it would abort and re-run most concurrent pushes of
 * a municipality, since they all touch its counter row.
 * Reads outside a transaction (pulls, sign-in, lookups) run on other pooled connections and
 * never wait for writers. Within one instance, a municipality's transactions also queue on a
 * local mutex, so its waiting writers hold at most one pooled connection. A municipality's
 * audit chain has a lock of its own (pg-audit.ts), taken after the writer lock by writers and
 * alone by entries that change nothing else (a pull's habeas-data entry): pulls never queue
 * behind pushes.
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** One local queue per municipality (see above); a handful of municipalities per database. */
  private readonly writers = new Map<string, Mutex>();
  /** One local queue per audit chain, for entries appended outside a writer transaction. */
  private readonly auditQueues = new Map<string, Mutex>();
  private readonly auditKey: AuditKey;

  /** `auditKey` keys the audit chain; createStore always passes the server's (see PROCESS_AUDIT_KEY otherwise). */
  /** Phase timings of committed transactions (STORE_TX_TIMINGS=1), printed at close. */
  private readonly timings: TxTimings | null;

  constructor(config: string | pg.PoolConfig, { auditKey = PROCESS_AUDIT_KEY, txTimings = false }: { auditKey?: AuditKey; txTimings?: boolean } = {}) {
    this.auditKey = auditKey;
    this.timings = txTimings ? new TxTimings() : null;
    this.pool = new pg.Pool({
      application_name: 'gel-campo',
      // A stuck instance must not hold the writer lock for ever.
      idle_in_transaction_session_timeout: 60_000,
      ...(typeof config === 'string' ? { connectionString: config } : config),
    });
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => console.error('postgres: idle connection error', err.message));
    this.bookkeeping = new pg.Pool({
      application_name: 'gel-campo-bookkeeping',
      max: 4,
      // See `bookkeeping`: these commits do not wait for their WAL flush.
      options: '-c synchronous_commit=off',
      ...(typeof config === 'string' ? { connectionString: config } : config),
    });
    this.bookkeeping.on('error', (err) => console.error('postgres: idle connection error', err.message));
  }

  /**
   * Writes that do not answer for anyone's data (a budget spent, a device's last contact) commit
   * without waiting for their WAL flush (synchronous_commit=off: never inconsistent; a crash of
   * the database may lose the last fraction of a second of them). Every push used to wait for two
   * such flushes besides its own.
   */
  private readonly bookkeeping: pg.Pool;

  migrate(): Promise<void> {
    return migratePostgres(this.pool);
  }

  private queueOf(municipality: string): Mutex {
    let queue = this.writers.get(municipality);
    if (!queue) this.writers.set(municipality, (queue = new Mutex()));
    return queue;
  }

  transaction<T>(municipality: string, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const start = performance.now();
    return this.queueOf(municipality).run(async () => {
      const queue = performance.now();
      const client = await this.pool.connect();
      const connect = performance.now();
      const tx = new PgTx(client, this.auditKey, municipality);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        await tx.lock();
        const lock = performance.now();
        const result = await fn(tx);
        const work = performance.now();
        await tx.beforeCommit();
        // COMMIT of a transaction aborted by an error someone caught answers ROLLBACK, not an
        // error: never report success for it.
        const done = await client.query('COMMIT');
        if (done.command !== 'COMMIT') throw new Error('The transaction was aborted by an earlier error and rolled back');
        this.timings?.add(start, { queue, connect, lock, work, commit: performance.now() });
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        throw err;
      } finally {
        tx.end();
        // A connection whose ROLLBACK failed is closed rather than returned to the pool.
        client.release(broken);
      }
    });
  }

  /**
   * Runs `fn` while holding a named session lock shared by every instance on this database
   * (e.g. seeding an empty database once). Other instances asking for the same name wait.
   */
  async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [NAMED_LOCK_SPACE, name]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [NAMED_LOCK_SPACE, name]);
      }
    } finally {
      client.release();
    }
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.rows<{ n: string }>(sql, params);
    return Number(row?.n ?? 0);
  }

  async changesSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<StoredRecord[]> {
    if (kinds.length === 0) return [];
    const rows = await this.rows<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records
       WHERE municipality = $1 AND seq > $2 AND kind = ANY($3::text[])
       ORDER BY seq LIMIT $4`,
      [municipality, afterSeq, [...kinds], limit],
    );
    return rows.map(toRecord);
  }

  async pullRowsSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<PullRow[]> {
    if (kinds.length === 0) return [];
    // data::text: the driver hands the text over without JSON.parse (jsonb's own spacing and key order).
    const rows = await this.rows<{ kind: string; id: string; rev: number; seq: string; data_json: string; origin_device: string | null }>(
      `SELECT kind, id, rev, seq, data::text AS data_json, origin_device FROM records
       WHERE municipality = $1 AND seq > $2 AND kind = ANY($3::text[])
       ORDER BY seq LIMIT $4`,
      [municipality, afterSeq, [...kinds], limit],
    );
    return rows.map((r) => ({ kind: r.kind, id: r.id, rev: r.rev, seq: seqNumber(r.seq), dataJson: r.data_json, ...(r.origin_device ? { origin: r.origin_device } : {}) }));
  }

  countRecords(municipality: string, kind?: string): Promise<number> {
    return kind
      ? this.count('SELECT count(*) AS n FROM records WHERE municipality = $1 AND kind = $2', [municipality, kind])
      : this.count('SELECT count(*) AS n FROM records WHERE municipality = $1', [municipality]);
  }

  async recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]> {
    const rows = await this.rows<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = $2 ORDER BY seq`,
      [municipality, kind],
    );
    return rows.map(toRecord);
  }

  async dueOutbound(now: string, limit: number): Promise<OutboundRow[]> {
    const rows = await this.rows<PgOutboundRow>(
      'SELECT * FROM outbound WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2',
      [now, limit],
    );
    return rows.map(toOutbound);
  }

  async markOutbound(id: string, patch: Partial<Pick<OutboundRow, 'attempts' | 'nextAttemptAt' | 'deliveredAt' | 'lastError'>>): Promise<void> {
    const cols = { attempts: 'attempts', nextAttemptAt: 'next_attempt_at', deliveredAt: 'delivered_at', lastError: 'last_error' } as const;
    const entries = (Object.keys(cols) as (keyof typeof cols)[]).filter((k) => patch[k] !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map((k, i) => `${cols[k]} = $${i + 2}`);
    await this.pool.query(`UPDATE outbound SET ${sets.join(', ')} WHERE id = $1`, [id, ...entries.map((k) => patch[k])]);
  }

  async getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null> {
    const [row] = await this.rows<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = $2 AND id = $3`,
      [municipality, kind, id],
    );
    return row ? toRecord(row) : null;
  }

  fileReferences(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]> {
    return pgFileReferences((sql, params) => this.rows(sql, params), municipality, hash, addedBy, limit);
  }

  async findPqrsdByRadicado(radicado: string): Promise<StoredRecord | null> {
    // Matches the partial expression index records_pqrsd_radicado.
    const [row] = await this.rows<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE kind = 'pqrsd' AND data->>'radicado' = $1 LIMIT 1`,
      [radicado],
    );
    return row ? toRecord(row) : null;
  }

  async findPqrsdByProvisional(municipality: string, provisionalNumber: string): Promise<StoredRecord[]> {
    // Matches the partial expression index records_pqrsd_provisional.
    const rows = await this.rows<PgRecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE municipality = $1 AND kind = 'pqrsd' AND data->>'provisionalNumber' = $2 LIMIT 10`,
      [municipality, provisionalNumber],
    );
    return rows.map(toRecord);
  }

  spendBudget(key: string, cost: number, rule: BudgetRule, nowMs: number, overdraw = false): Promise<number> {
    return pgSpendBudget(this.bookkeeping, key, cost, rule, nowMs, overdraw);
  }

  /**
   * An entry that answers for no change (a pull page's habeas-data entry, a search, a refusal):
   * its own short transaction holding only the chain's lock (pg-audit.ts), so it never waits for
   * the municipality's pushes (which hold its writer lock for their whole transaction). Durable
   * at COMMIT (synchronous_commit on) before the caller sends what it audits.
   */
  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    let queue = this.auditQueues.get(entry.municipality);
    if (!queue) this.auditQueues.set(entry.municipality, (queue = new Mutex()));
    // Queued locally per chain too: waiting appends hold at most one pooled connection.
    return queue.run(async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const appended = await pgAppendAudit((sql, params) => client.query(sql, params).then((r) => r.rows), entry.municipality, entry, this.auditKey);
        const done = await client.query('COMMIT');
        if (done.command !== 'COMMIT') throw new Error('The audit entry was rolled back');
        return appended;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        throw err;
      } finally {
        client.release(broken);
      }
    });
  }

  auditEntries(chain: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
    return pgAuditEntries((sql, params) => this.rows(sql, params), chain, afterSeq, limit);
  }

  async auditChains(): Promise<string[]> {
    // A skip scan of the primary key (one probe per chain, not a read of the whole log);
    // COLLATE "C": byte order, as SQLite sorts.
    const rows = await this.rows<{ chain: string }>(
      `WITH RECURSIVE c(chain) AS (
         SELECT min(chain) FROM audit_log
         UNION ALL SELECT (SELECT min(chain) FROM audit_log WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL
       ) SELECT chain FROM c WHERE chain IS NOT NULL ORDER BY chain COLLATE "C"`,
    );
    return rows.map((r) => r.chain);
  }

  async ensureMunicipality(code: string, name: string): Promise<void> {
    await this.pool.query('INSERT INTO municipalities (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, name]);
  }

  async listMunicipalities(): Promise<string[]> {
    return (await this.rows<{ code: string }>('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
  }

  async municipalityName(code: string): Promise<string | null> {
    return (await this.rows<{ name: string }>('SELECT name FROM municipalities WHERE code = $1', [code]))[0]?.name ?? null;
  }

  countUsers(): Promise<number> {
    return this.count('SELECT count(*) AS n FROM users', []);
  }

  async createUser(u: StoredUser): Promise<void> {
    await this.pool.query(
      `INSERT INTO users (id, username, display_name, role, municipality, password_hash, active, created_at, dependencia, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [u.id, u.username, u.displayName, u.role, u.municipality, u.passwordHash, u.active, u.createdAt, u.dependencia, u.mustChangePassword],
    );
  }

  async findUserByUsername(username: string): Promise<StoredUser | null> {
    const [row] = await this.rows<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return row ? userOfRow(row) : null;
  }

  async findUserById(id: string): Promise<StoredUser | null> {
    const [row] = await this.rows<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row ? userOfRow(row) : null;
  }

  async listUsers(municipality: string): Promise<StoredUser[]> {
    // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
    return (await this.rows<UserRow>('SELECT * FROM users WHERE municipality = $1 ORDER BY username COLLATE "C"', [municipality])).map(userOfRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    const sets = userPatchColumns(patch);
    if (sets.length === 0) return;
    await this.pool.query(
      `UPDATE users SET ${sets.map(([c], i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${sets.length + 1}`,
      [...sets.map(([, v]) => v), id],
    );
  }

  async createSession(s: SessionRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.userId, s.deviceId, s.createdAt, s.expiresAt, s.revokedAt],
    );
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.rows<PgSessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
    return row ? toSession(row) : null;
  }

  async revokeSession(tokenHash: string, at: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [at, tokenHash]);
  }

  async revokeDeviceSessions(municipality: string, deviceId: string, at: string): Promise<number> {
    await this.pool.query('UPDATE device_keys SET revoked_at = $1 WHERE device_id = $2 AND municipality = $3 AND revoked_at IS NULL', [at, deviceId, municipality]);
    const r = await this.pool.query(
      `UPDATE sessions SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL
       AND user_id IN (SELECT id FROM users WHERE municipality = $3)`,
      [at, deviceId, municipality],
    );
    return r.rowCount ?? 0;
  }

  async revokeUserSessions(userId: string, at: string): Promise<number> {
    const r = await this.pool.query('UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId]);
    return r.rowCount ?? 0;
  }

  async touchDevice(d: DeviceRow): Promise<boolean> {
    // The WHERE makes another user's contact a no-op: RETURNING then gives no row.
    const r = await this.bookkeeping.query(
      `INSERT INTO devices (device_id, user_id, municipality, last_contact_at, app_version, pending_reported, name)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (device_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at,
         name = coalesce(devices.name, EXCLUDED.name),
         app_version = coalesce(EXCLUDED.app_version, devices.app_version),
         pending_reported = coalesce(EXCLUDED.pending_reported, devices.pending_reported)
       WHERE devices.user_id = EXCLUDED.user_id AND devices.municipality = EXCLUDED.municipality
       RETURNING device_id`,
      [d.deviceId, d.userId, d.municipality, d.lastContactAt, d.appVersion, d.pendingReported, d.name ?? null],
    );
    return (r.rowCount ?? 0) > 0;
  }

  issueDeviceKey(k: Omit<DeviceKeyRow, 'revokedAt'>): Promise<DeviceKeyRow | null> {
    return pgIssueDeviceKey((sql, params) => this.rows(sql, params), k);
  }

  findDeviceKey(deviceId: string): Promise<DeviceKeyRow | null> {
    return pgFindDeviceKey((sql, params) => this.rows(sql, params), deviceId);
  }

  revokeUserDeviceKeys(userId: string, at: string): Promise<number> {
    return pgRevokeUserDeviceKeys((sql, params) => this.rows(sql, params), userId, at);
  }

  officialIdKey(municipality: string): Promise<string> {
    return pgOfficialIdKey((sql, params) => this.rows(sql, params), municipality);
  }

  async renameDevice(municipality: string, deviceId: string, name: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE devices SET name = $1 WHERE municipality = $2 AND device_id = $3', [name, municipality, deviceId]);
    return (r.rowCount ?? 0) > 0;
  }

  async listDevices(municipality: string): Promise<DeviceRow[]> {
    const rows = await this.rows<{
      device_id: string;
      user_id: string;
      municipality: string;
      last_contact_at: Date;
      app_version: string | null;
      pending_reported: number | null;
      name: string | null;
    }>('SELECT * FROM devices WHERE municipality = $1 ORDER BY last_contact_at DESC', [municipality]);
    return rows.map((r) => ({
      name: r.name,
      deviceId: r.device_id,
      userId: r.user_id,
      municipality: r.municipality,
      lastContactAt: r.last_contact_at.toISOString(),
      appVersion: r.app_version,
      pendingReported: r.pending_reported,
    }));
  }

  async recordSignInFailure(f: SignInFailure, since: string): Promise<{ id: number; pair: FailureTally; address: FailureTally }> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE at < $1', [since]);
    const [inserted] = await this.rows<{ id: string }>('INSERT INTO sign_in_failures (username, address, at) VALUES ($1, $2, $3) RETURNING id', [f.username, f.address, f.at]);
    const id = Number(inserted?.id);
    const [row] = await this.rows<{ pair_count: string; pair_last: Date | null; address_count: string; address_last: Date | null }>(
      `SELECT count(*) FILTER (WHERE username = $1) AS pair_count, max(at) FILTER (WHERE username = $1) AS pair_last,
              count(*) AS address_count, max(at) AS address_last
       FROM sign_in_failures WHERE address = $2 AND at >= $3 AND id < $4`,
      [f.username, f.address, since, id],
    );
    return {
      id,
      pair: { count: Number(row?.pair_count ?? 0), lastAt: isoOrNull(row?.pair_last ?? null) },
      address: { count: Number(row?.address_count ?? 0), lastAt: isoOrNull(row?.address_last ?? null) },
    };
  }

  async forgetSignInFailure(id: number): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE id = $1', [id]);
  }

  async clearSignInFailures(username: string, address: string): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE address = $1 AND username = $2', [address, username]);
  }

  async clearUserSignInFailures(username: string): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE username = $1', [username]);
  }

  async close(): Promise<void> {
    // Let the transactions in flight finish first, then close every connection.
    await Promise.all([...this.writers.values(), ...this.auditQueues.values()].map((queue) => queue.run(async () => undefined)));
    await Promise.all([this.pool.end(), this.bookkeeping.end()]);
    if (this.timings) console.log(this.timings.line());
  }
}
