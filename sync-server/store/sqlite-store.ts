import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PROCESS_AUDIT_KEY, type AuditKey } from '../audit/audit-key';
import { sqliteAppendAudit, sqliteAppendAudits, sqliteAuditEntries } from '../audit/sqlite-audit';
import { Mutex } from './mutex';
import { WalCheckpointer } from './sqlite-checkpointer';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './sqlite-migrations';
import type {
  AuditEntry,
  BudgetRule,
  DeviceKeyRow,
  DeviceRow,
  SignInFailure,
  FileReference,
  OutboundRow,
  NewRecordState,
  PullRow,
  Receipt,
  SessionRow,
  Store,
  StoredAuditEntry,
  StoredRecord,
  StoredUser,
  UserPatch,
  StoreTx,
} from './store';
import { assertPartition, assertTakenSeq } from './store';
import { sqliteSeriesLast, sqliteWriteRecords, sqliteWriteSeries, toRecord, type RecordRow } from './sqlite-records';
import { SqliteAccounts } from './sqlite-accounts';
import { sqliteSpendBudget } from './budget';
import { runInChunks, statementCache, valuesOf, type Prepare } from './sqlite-statements';

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a push is
 * answered only once its transaction is on disk.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly lock = new Mutex();
  private savepointDepth = 0;
  /** The open transaction's change numbers: its counter as read, and as taken since. */
  private seqs: { municipality: string; locked: number; last: number } | null = null;
  private readonly account: SqliteAccounts;
  private readonly prep: Prepare;
  private readonly auditKey: AuditKey;
  /** Checkpoints the WAL off this thread (a file database; see WalCheckpointer). */
  readonly checkpointer: WalCheckpointer | null = null;

  /** `auditKey` keys the audit chain; createStore always passes the server's (see PROCESS_AUDIT_KEY otherwise). */
  constructor(file: string, { auditKey = PROCESS_AUDIT_KEY, checkpointWorker = true }: { auditKey?: AuditKey; checkpointWorker?: boolean } = {}) {
    this.auditKey = auditKey;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.prep = statementCache(this.db);
    this.account = new SqliteAccounts(this.prep);
    if (file !== ':memory:' && checkpointWorker) {
      this.checkpointer = new WalCheckpointer(file, (on) => this.db.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`));
    }
  }

  async migrate(): Promise<void> {
    await this.lock.run(async () => {
      const current = this.db.pragma('user_version', { simple: true }) as number;
      for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
        const step = SQLITE_MIGRATIONS[v] as SqliteMigration;
        this.db.transaction(() => {
          if (typeof step === 'string') this.db.exec(step);
          else step(this.db);
          this.db.pragma(`user_version = ${v + 1}`);
        })();
      }
    });
  }

  /**
   * One file has one writer: the process-wide mutex (and BEGIN IMMEDIATE) is every
   * municipality's writer lock at once. The partition still holds in the data (a sequence, series
   * and audit chain per municipality), so a database moves to PostgreSQL unchanged.
   */
  transaction<T>(municipality: string, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      this.prep('BEGIN IMMEDIATE').run();
      this.seqs = null;
      try {
        const result = await fn(this.txFor(municipality));
        this.storeSeq();
        this.prep('COMMIT').run();
        this.checkpointer?.nudge();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.prep('ROLLBACK').run();
        throw err;
      } finally {
        this.seqs = null;
      }
    });
  }

  /** The municipality's next change number, counted in memory from its counter row (see takeSeq). */
  private takeSeq(municipality: string): number {
    if (!this.seqs) {
      const row = this.prep('SELECT last FROM change_seqs WHERE municipality = ?').get(municipality) as { last: number } | undefined;
      this.seqs = { municipality, locked: row?.last ?? 0, last: row?.last ?? 0 };
    }
    return ++this.seqs.last;
  }

  /** Writes the counter back just before COMMIT (its row is made on the municipality's first change). */
  private storeSeq(): void {
    const s = this.seqs;
    if (!s || s.last === s.locked) return;
    this.prep('INSERT INTO change_seqs (municipality, last) VALUES (?, ?) ON CONFLICT (municipality) DO UPDATE SET last = excluded.last').run(s.municipality, s.last);
  }

  private txFor(municipality: string): StoreTx {
    const tx: StoreTx = {
    municipality,
    getReceipt: async (mutationId) => {
      const row = this.prep('SELECT mutation_id, device_id, user_id, result, at FROM receipts WHERE mutation_id = ?')
        .get(mutationId) as { mutation_id: string; device_id: string; user_id: string; result: string; at: string } | undefined;
      return row
        ? {
            mutationId: row.mutation_id,
            deviceId: row.device_id,
            userId: row.user_id,
            result: JSON.parse(row.result) as Receipt['result'],
            at: row.at,
          }
        : null;
    },
    getReceipts: async (ids) => {
      if (ids.length === 0) return [];
      const rows = this.prep(`SELECT mutation_id, device_id, user_id, result, at FROM receipts WHERE mutation_id IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(ids),
      ) as { mutation_id: string; device_id: string; user_id: string; result: string; at: string }[];
      return rows.map((row) => ({ mutationId: row.mutation_id, deviceId: row.device_id, userId: row.user_id, result: JSON.parse(row.result) as Receipt['result'], at: row.at }));
    },
    putReceipts: async (receipts) => {
      runInChunks(
        this.prep,
        (n) => `INSERT INTO receipts (mutation_id, device_id, user_id, result, at) ${valuesOf(n, 5)}`,
        receipts.map((r) => [r.mutationId, r.deviceId, r.userId, JSON.stringify(r.result), r.at]),
      );
    },
    getRecords: async (municipality, keys) => {
      if (keys.length === 0) return [];
      const rows = this.prep(
        // CROSS JOIN keeps the keys as the outer loop (one primary-key lookup each): with a plain
        // JOIN the planner scans every record of the municipality for each push.
        `SELECT r.* FROM json_each(?) AS k CROSS JOIN records AS r
         ON r.municipality = ? AND r.kind = json_extract(k.value, '$[0]') AND r.id = json_extract(k.value, '$[1]')`,
      ).all(JSON.stringify(keys.map((k) => [k.kind, k.id])), municipality) as RecordRow[];
      return rows.map(toRecord);
    },
    putReceipt: async (r) => {
      this.prep('INSERT INTO receipts (mutation_id, device_id, user_id, result, at) VALUES (?, ?, ?, ?, ?)')
        .run(r.mutationId, r.deviceId, r.userId, JSON.stringify(r.result), r.at);
    },
    getRecord: async (municipality, kind, id) => {
      const row = this.prep('SELECT * FROM records WHERE municipality = ? AND kind = ? AND id = ?')
        .get(municipality, kind, id) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    },
    saveRecord: async (s: NewRecordState, origin?: string | null) => {
      assertPartition(tx, s.municipality, 'A record');
      const seq = this.takeSeq(municipality);
      // The origin is the one this write names, never one copied along from a stored record.
      const { origin: _copied, ...state } = s as StoredRecord;
      sqliteWriteRecords(this.prep, [{ ...state, seq, ...(origin ? { origin } : {}) }]);
      return seq;
    },
    takeSeq: () => this.takeSeq(municipality),
    writeRecords: async (records) => {
      for (const r of records) {
        assertPartition(tx, r.municipality, 'A record');
        assertTakenSeq(r.seq, this.seqs?.locked ?? 0, this.seqs?.last ?? 0);
      }
      sqliteWriteRecords(this.prep, records);
    },
    seriesLast: async (municipality, name, year) => sqliteSeriesLast(this.prep, municipality, name, year),
    writeSeries: async (rows) => {
      for (const r of rows) assertPartition(tx, r.municipality, 'A series number');
      sqliteWriteSeries(this.prep, rows);
    },
    nextInSeries: async (municipality, name, year) => {
      assertPartition(tx, municipality, 'A series number');
      const row = this.prep(
          `INSERT INTO series (municipality, name, year, last) VALUES (?, ?, ?, 1)
           ON CONFLICT (municipality, name, year) DO UPDATE SET last = last + 1
           RETURNING last`,
        )
        .get(municipality, name, year) as { last: number };
      return row.last;
    },
    recordsOfKind: async (municipality, kind) =>
      (this.prep('SELECT * FROM records WHERE municipality = ? AND kind = ? ORDER BY seq').all(municipality, kind) as RecordRow[]).map(toRecord),
    recordsReferencing: async (municipality, kind, field, value) => {
      // The kind and one path per field written literally, so SQLite uses the matching partial
      // expression index (records_ref_request, records_ref_record: one kind each). Sorted here:
      // an ORDER BY seq in the query makes the planner walk the municipality's every record in
      // seq order (records_pull), parsing each one's JSON, instead.
      if (!/^[a-z_]{1,40}$/.test(kind)) throw new Error(`Not a record kind: ${JSON.stringify(kind.slice(0, 40))}`);
      const path = field === 'requestId' ? 'requestId' : 'recordId';
      const rows = this.prep(`SELECT * FROM records WHERE municipality = ? AND kind = '${kind}' AND json_extract(data, '$.${path}') = ?`).all(
        municipality,
        value,
      ) as RecordRow[];
      return rows.sort((a, b) => a.seq - b.seq).map(toRecord);
    },
    recordsMentioning: async (municipality, text, limit) =>
      (this.prep('SELECT * FROM records WHERE municipality = ? AND instr(data, ?) > 0 ORDER BY seq LIMIT ?').all(municipality, text, limit) as RecordRow[]).map(
        toRecord,
      ),
    deleteRecord: async (municipality, kind, id) => {
      assertPartition(tx, municipality, 'A deletion');
      this.prep('DELETE FROM records WHERE municipality = ? AND kind = ? AND id = ?').run(municipality, kind, id);
    },
    enqueueOutbound: async (e) => {
      this.prep('INSERT INTO outbound (id, municipality, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)')
        .run(e.id, e.municipality, JSON.stringify(e.payload), e.createdAt, e.createdAt);
    },
    fileReferences: async (municipality, hash, addedBy, limit) => this.fileReferencesNow(municipality, hash, addedBy, limit),
    receiptsMentioning: async (municipality, texts, limit) => {
      if (texts.length === 0) return [];
      const rows = this.prep(
        `SELECT r.mutation_id, r.device_id, r.user_id, r.result, r.at FROM receipts AS r JOIN users AS u ON u.id = r.user_id
         WHERE u.municipality = ? AND (${texts.map(() => 'instr(r.result, ?) > 0').join(' OR ')}) LIMIT ?`,
      ).all(municipality, ...texts, limit) as { mutation_id: string; device_id: string; user_id: string; result: string; at: string }[];
      return rows.map((r) => ({ mutationId: r.mutation_id, deviceId: r.device_id, userId: r.user_id, result: JSON.parse(r.result) as Receipt['result'], at: r.at }));
    },
    setReceiptResult: async (mutationId, result) => {
      this.prep('UPDATE receipts SET result = ? WHERE mutation_id = ?').run(JSON.stringify(result), mutationId);
    },
    outboundPayloads: async (municipality) =>
      (this.prep('SELECT id, payload FROM outbound WHERE municipality = ? ORDER BY created_at, id').all(municipality) as { id: string; payload: string }[]).map((r) => ({
        id: r.id,
        payload: JSON.parse(r.payload) as unknown,
      })),
    setOutboundPayload: async (id, payload) => {
      this.prep('UPDATE outbound SET payload = ? WHERE id = ?').run(JSON.stringify(payload), id);
    },
    appendAudit: async (entry) => sqliteAppendAudit(this.prep, municipality, entry, this.auditKey),
    appendAudits: async (entries) => sqliteAppendAudits(this.prep, municipality, entries, this.auditKey),
    officialIdKey: async (municipality) => this.account.officialIdKey(municipality),
    savepoint: async <T>(fn: () => Promise<T>): Promise<T> => {
      const name = `sp${++this.savepointDepth}`;
      this.prep(`SAVEPOINT ${name}`).run();
      try {
        const result = await fn();
        this.prep(`RELEASE ${name}`).run();
        return result;
      } catch (err) {
        this.prep(`ROLLBACK TO ${name}`).run();
        this.prep(`RELEASE ${name}`).run();
        throw err;
      } finally {
        this.savepointDepth--;
      }
    },
    };
    return tx;
  }

  changesSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<StoredRecord[]> {
    return this.lock.run(async () => {
      if (kinds.length === 0) return [];
      const marks = kinds.map(() => '?').join(', ');
      const rows = this.prep(
          `SELECT * FROM records WHERE municipality = ? AND seq > ? AND kind IN (${marks})
           ORDER BY seq LIMIT ?`,
        )
        .all(municipality, afterSeq, ...kinds, limit) as RecordRow[];
      return rows.map(toRecord);
    });
  }

  pullRowsSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<PullRow[]> {
    return this.lock.run(async () => {
      if (kinds.length === 0) return [];
      const rows = this.prep(
        `SELECT kind, id, rev, seq, data, origin_device FROM records WHERE municipality = ? AND seq > ? AND kind IN (${kinds.map(() => '?').join(', ')})
         ORDER BY seq LIMIT ?`,
      ).all(municipality, afterSeq, ...kinds, limit) as Pick<RecordRow, 'kind' | 'id' | 'rev' | 'seq' | 'data' | 'origin_device'>[];
      return rows.map((r) => ({ kind: r.kind, id: r.id, rev: r.rev, seq: r.seq, dataJson: r.data, ...(r.origin_device ? { origin: r.origin_device } : {}) }));
    });
  }

  countRecords(municipality: string, kind?: string): Promise<number> {
    return this.lock.run(async () => {
      const row = (
        kind
          ? this.prep('SELECT count(*) AS n FROM records WHERE municipality = ? AND kind = ?').get(municipality, kind)
          : this.prep('SELECT count(*) AS n FROM records WHERE municipality = ?').get(municipality)
      ) as { n: number };
      return row.n;
    });
  }

  recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]> {
    return this.lock.run(() => this.txFor(municipality).recordsOfKind(municipality, kind));
  }

  dueOutbound(now: string, limit: number): Promise<OutboundRow[]> {
    return this.lock.run(async () => {
      const rows = this.prep('SELECT * FROM outbound WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY created_at LIMIT ?')
        .all(now, limit) as {
        id: string;
        municipality: string;
        payload: string;
        created_at: string;
        attempts: number;
        next_attempt_at: string;
        delivered_at: string | null;
        last_error: string | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        municipality: r.municipality,
        payload: JSON.parse(r.payload) as unknown,
        createdAt: r.created_at,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        deliveredAt: r.delivered_at,
        lastError: r.last_error,
      }));
    });
  }

  markOutbound(id: string, patch: Partial<Pick<OutboundRow, 'attempts' | 'nextAttemptAt' | 'deliveredAt' | 'lastError'>>): Promise<void> {
    return this.lock.run(async () => {
      const cols: Record<string, string> = { attempts: 'attempts', nextAttemptAt: 'next_attempt_at', deliveredAt: 'delivered_at', lastError: 'last_error' };
      const sets = Object.keys(patch).map((k) => `${cols[k]} = @${k}`);
      if (sets.length > 0) this.prep(`UPDATE outbound SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
    });
  }

  getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null> {
    return this.lock.run(async () => {
      const row = this.prep('SELECT * FROM records WHERE municipality = ? AND kind = ? AND id = ?')
        .get(municipality, kind, id) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    });
  }

  fileReferences(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]> {
    return this.lock.run(async () => this.fileReferencesNow(municipality, hash, addedBy, limit));
  }

  private fileReferencesNow(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): FileReference[] {
    if (addedBy !== null && addedBy.length === 0) return [];
    const by = addedBy === null ? '' : `AND f.added_by IN (${addedBy.map(() => '?').join(', ')})`;
    const rows = this.prep(
      `SELECT r.*, f.added_by FROM record_files AS f
       JOIN records AS r ON r.municipality = f.municipality AND r.kind = f.kind AND r.id = f.id
       WHERE f.municipality = ? AND f.hash = ? ${by} ORDER BY r.seq LIMIT ?`,
    ).all(municipality, hash, ...(addedBy ?? []), limit) as (RecordRow & { added_by: string })[];
    return rows.map((r) => ({ record: toRecord(r), addedBy: r.added_by }));
  }


  findPqrsdByRadicado(radicado: string): Promise<StoredRecord | null> {
    return this.lock.run(async () => {
      const row = this.prep(`SELECT * FROM records WHERE kind = 'pqrsd' AND json_extract(data, '$.radicado') = ?`)
        .get(radicado) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    });
  }

  findPqrsdByProvisional(municipality: string, provisionalNumber: string): Promise<StoredRecord[]> {
    return this.lock.run(async () => {
      // Matches the partial expression index records_pqrsd_provisional.
      const rows = this.prep(
        `SELECT * FROM records WHERE municipality = ? AND kind = 'pqrsd' AND json_extract(data, '$.provisionalNumber') = ? LIMIT 10`,
      ).all(municipality, provisionalNumber) as RecordRow[];
      return rows.map(toRecord);
    });
  }

  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    return this.transaction(entry.municipality, (tx) => tx.appendAudit(entry));
  }

  auditEntries(chain: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
    return this.lock.run(async () => sqliteAuditEntries(this.prep, chain, afterSeq, limit));
  }

  auditChains(): Promise<string[]> {
    return this.lock.run(async () => (this.prep('SELECT DISTINCT chain FROM audit_log ORDER BY chain').all() as { chain: string }[]).map((r) => r.chain));
  }

  ensureMunicipality(code: string, name: string): Promise<void> {
    return this.lock.run(async () => {
      this.prep('INSERT INTO municipalities (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING').run(code, name);
    });
  }

  listMunicipalities(): Promise<string[]> {
    return this.lock.run(async () => (this.prep('SELECT code FROM municipalities ORDER BY code').all() as { code: string }[]).map((r) => r.code));
  }

  municipalityName(code: string): Promise<string | null> {
    return this.lock.run(async () => (this.prep('SELECT name FROM municipalities WHERE code = ?').get(code) as { name: string } | undefined)?.name ?? null);
  }

  spendBudget(key: string, cost: number, rule: BudgetRule, nowMs: number, overdraw = false): Promise<number> {
    return this.lock.run(async () => this.bookkeeping(() => sqliteSpendBudget(this.db, this.prep, key, cost, rule, nowMs, overdraw)));
  }

  /**
   * Writes that do not answer for anyone's data (a budget spent, a device's last contact) commit
   * without their own disk flush (synchronous=NORMAL: WAL stays consistent, never corrupt). The
   * WAL is append-only, so the next push's flush (synchronous=FULL) makes them durable too; a
   * power cut in between loses at most a budget charge or a contact time (a first contact is
   * made again at the next one). Every push used to pay
   * two such flushes besides its own (the profile's touchDevice and spendBudget).
   */
  private bookkeeping<T>(fn: () => T): T {
    this.prep('PRAGMA synchronous = NORMAL').run();
    try {
      return fn();
    } finally {
      this.prep('PRAGMA synchronous = FULL').run();
    }
  }

  private accounts<T>(fn: (a: SqliteAccounts) => T): Promise<T> {
    return this.lock.run(async () => fn(this.account));
  }

  countUsers = () => this.accounts((a) => a.countUsers());
  createUser = (u: StoredUser) => this.accounts((a) => a.createUser(u));
  findUserByUsername = (username: string) => this.accounts((a) => a.findUser('username', username));
  findUserById = (id: string) => this.accounts((a) => a.findUser('id', id));
  listUsers = (municipality: string) => this.accounts((a) => a.listUsers(municipality));
  updateUser = (id: string, patch: UserPatch) => this.accounts((a) => a.updateUser(id, patch));
  createSession = (s: SessionRow) => this.accounts((a) => a.createSession(s));
  findSession = (tokenHash: string) => this.accounts((a) => a.findSession(tokenHash));
  revokeSession = (tokenHash: string, at: string) => this.accounts((a) => a.revokeSession(tokenHash, at));
  revokeDeviceSessions = (municipality: string, deviceId: string, at: string) =>
    this.accounts((a) => a.revokeDeviceSessions(municipality, deviceId, at));
  revokeUserSessions = (userId: string, at: string) => this.accounts((a) => a.revokeUserSessions(userId, at));
  touchDevice = (d: DeviceRow) => this.accounts((a) => this.bookkeeping(() => a.touchDevice(d)));
  listDevices = (municipality: string) => this.accounts((a) => a.listDevices(municipality));
  renameDevice = (municipality: string, deviceId: string, name: string) => this.accounts((a) => a.renameDevice(municipality, deviceId, name));
  // One lock around insert-then-count: parallel guesses each see the ones before them.
  recordSignInFailure = (f: SignInFailure, since: string) => this.accounts((a) => a.recordSignInFailure(f, since));
  forgetSignInFailure = (id: number) => this.accounts((a) => a.forgetSignInFailure(id));
  clearSignInFailures = (username: string, address: string) => this.accounts((a) => a.clearSignInFailures(username, address));
  clearUserSignInFailures = (username: string) => this.accounts((a) => a.clearUserSignInFailures(username));
  issueDeviceKey = (k: Omit<DeviceKeyRow, 'revokedAt'>) => this.accounts((a) => a.issueDeviceKey(k));
  findDeviceKey = (deviceId: string) => this.accounts((a) => a.findDeviceKey(deviceId));
  revokeUserDeviceKeys = (userId: string, at: string) => this.accounts((a) => a.revokeUserDeviceKeys(userId, at));
  officialIdKey = (municipality: string) => this.accounts((a) => a.officialIdKey(municipality));

  close(): Promise<void> {
    return this.lock.run(async () => {
      // The worker first: the last connection to close checkpoints what is left and removes the WAL.
      await this.checkpointer?.stop();
      this.db.close();
    });
  }
}
