import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqliteAppendAudit, sqliteAuditEntries } from '../audit/sqlite-audit';
import { Mutex } from './mutex';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import type {
  AuditEntry,
  DeviceRow,
  LoginFailures,
  OutboundRow,
  NewRecordState,
  Receipt,
  SessionRow,
  Store,
  StoredAuditEntry,
  StoredRecord,
  StoredUser,
  UserPatch,
  StoreTx,
} from './store';
import { userPatchColumns } from './user-patch';

interface RecordRow {
  municipality: string;
  kind: string;
  id: string;
  rev: number;
  seq: number;
  data: string;
  field_revs: string;
  updated_at: string;
  updated_by: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StoredUser['role'];
  municipality: string;
  password_hash: string;
  active: number;
  created_at: string;
  dependencia: string | null;
  must_change_password: number;
}

const toRecord = (r: RecordRow): StoredRecord => ({
  municipality: r.municipality,
  kind: r.kind,
  id: r.id,
  rev: r.rev,
  seq: r.seq,
  data: JSON.parse(r.data) as Record<string, unknown>,
  fieldRevs: JSON.parse(r.field_revs) as StoredRecord['fieldRevs'],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const toUser = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  municipality: r.municipality,
  passwordHash: r.password_hash,
  active: r.active === 1,
  createdAt: r.created_at,
  dependencia: r.dependencia,
  mustChangePassword: r.must_change_password === 1,
});

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a push is
 * answered only once its transaction is on disk.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly lock = new Mutex();
  private savepointDepth = 0;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    await this.lock.run(async () => {
      const current = this.db.pragma('user_version', { simple: true }) as number;
      for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
        this.db.transaction(() => {
          this.db.exec(SQLITE_MIGRATIONS[v] as string);
          this.db.pragma(`user_version = ${v + 1}`);
        })();
      }
    });
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  private readonly tx: StoreTx = {
    getReceipt: async (mutationId) => {
      const row = this.db
        .prepare('SELECT mutation_id, device_id, user_id, result, at FROM receipts WHERE mutation_id = ?')
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
    putReceipt: async (r) => {
      this.db
        .prepare('INSERT INTO receipts (mutation_id, device_id, user_id, result, at) VALUES (?, ?, ?, ?, ?)')
        .run(r.mutationId, r.deviceId, r.userId, JSON.stringify(r.result), r.at);
    },
    getRecord: async (municipality, kind, id) => {
      const row = this.db
        .prepare('SELECT * FROM records WHERE municipality = ? AND kind = ? AND id = ?')
        .get(municipality, kind, id) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    },
    saveRecord: async (s: NewRecordState) => {
      const { last } = this.db
        .prepare('UPDATE change_seq SET last = last + 1 WHERE id = 1 RETURNING last')
        .get() as { last: number };
      this.db
        .prepare(
          `INSERT INTO records (municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by)
           VALUES (@municipality, @kind, @id, @rev, @seq, @data, @fieldRevs, @updatedAt, @updatedBy)
           ON CONFLICT (municipality, kind, id) DO UPDATE SET
             rev = excluded.rev, seq = excluded.seq, data = excluded.data,
             field_revs = excluded.field_revs, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run({ ...s, seq: last, data: JSON.stringify(s.data), fieldRevs: JSON.stringify(s.fieldRevs) });
      return last;
    },
    nextInSeries: async (municipality, name, year) => {
      const row = this.db
        .prepare(
          `INSERT INTO series (municipality, name, year, last) VALUES (?, ?, ?, 1)
           ON CONFLICT (municipality, name, year) DO UPDATE SET last = last + 1
           RETURNING last`,
        )
        .get(municipality, name, year) as { last: number };
      return row.last;
    },
    recordsOfKind: async (municipality, kind) =>
      (this.db.prepare('SELECT * FROM records WHERE municipality = ? AND kind = ? ORDER BY seq').all(municipality, kind) as RecordRow[]).map(toRecord),
    enqueueOutbound: async (e) => {
      this.db
        .prepare('INSERT INTO outbound (id, municipality, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)')
        .run(e.id, e.municipality, JSON.stringify(e.payload), e.createdAt, e.createdAt);
    },
    appendAudit: async (entry) => sqliteAppendAudit(this.db, entry),
    savepoint: async <T>(fn: () => Promise<T>): Promise<T> => {
      const name = `sp${++this.savepointDepth}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        this.db.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        this.db.exec(`ROLLBACK TO ${name}`);
        this.db.exec(`RELEASE ${name}`);
        throw err;
      } finally {
        this.savepointDepth--;
      }
    },
  };

  changesSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<StoredRecord[]> {
    return this.lock.run(async () => {
      if (kinds.length === 0) return [];
      const marks = kinds.map(() => '?').join(', ');
      const rows = this.db
        .prepare(
          `SELECT * FROM records WHERE municipality = ? AND seq > ? AND kind IN (${marks})
           ORDER BY seq LIMIT ?`,
        )
        .all(municipality, afterSeq, ...kinds, limit) as RecordRow[];
      return rows.map(toRecord);
    });
  }

  countRecords(municipality: string, kind?: string): Promise<number> {
    return this.lock.run(async () => {
      const row = (
        kind
          ? this.db.prepare('SELECT count(*) AS n FROM records WHERE municipality = ? AND kind = ?').get(municipality, kind)
          : this.db.prepare('SELECT count(*) AS n FROM records WHERE municipality = ?').get(municipality)
      ) as { n: number };
      return row.n;
    });
  }

  recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]> {
    return this.lock.run(() => this.tx.recordsOfKind(municipality, kind));
  }

  dueOutbound(now: string, limit: number): Promise<OutboundRow[]> {
    return this.lock.run(async () => {
      const rows = this.db
        .prepare('SELECT * FROM outbound WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY created_at LIMIT ?')
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
      if (sets.length > 0) this.db.prepare(`UPDATE outbound SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
    });
  }

  getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null> {
    return this.lock.run(async () => {
      const row = this.db
        .prepare('SELECT * FROM records WHERE municipality = ? AND kind = ? AND id = ?')
        .get(municipality, kind, id) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    });
  }

  findPqrsdByRadicado(radicado: string): Promise<StoredRecord | null> {
    return this.lock.run(async () => {
      const row = this.db
        .prepare(`SELECT * FROM records WHERE kind = 'pqrsd' AND json_extract(data, '$.radicado') = ?`)
        .get(radicado) as RecordRow | undefined;
      return row ? toRecord(row) : null;
    });
  }

  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    return this.transaction((tx) => tx.appendAudit(entry));
  }

  auditEntries(afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
    return this.lock.run(async () => sqliteAuditEntries(this.db, afterSeq, limit));
  }

  ensureMunicipality(code: string, name: string): Promise<void> {
    return this.lock.run(async () => {
      this.db.prepare('INSERT INTO municipalities (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING').run(code, name);
    });
  }

  listMunicipalities(): Promise<string[]> {
    return this.lock.run(async () => (this.db.prepare('SELECT code FROM municipalities ORDER BY code').all() as { code: string }[]).map((r) => r.code));
  }

  countUsers(): Promise<number> {
    return this.lock.run(async () => (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n);
  }

  createUser(u: StoredUser): Promise<void> {
    return this.lock.run(async () => {
      this.db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, municipality, password_hash, active, created_at, dependencia, must_change_password)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(u.id, u.username, u.displayName, u.role, u.municipality, u.passwordHash, u.active ? 1 : 0, u.createdAt, u.dependencia, u.mustChangePassword ? 1 : 0);
    });
  }

  findUserByUsername(username: string): Promise<StoredUser | null> {
    return this.lock.run(async () => {
      const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
      return row ? toUser(row) : null;
    });
  }

  findUserById(id: string): Promise<StoredUser | null> {
    return this.lock.run(async () => {
      const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
      return row ? toUser(row) : null;
    });
  }

  listUsers(municipality: string): Promise<StoredUser[]> {
    return this.lock.run(async () =>
      (this.db.prepare('SELECT * FROM users WHERE municipality = ? ORDER BY username').all(municipality) as UserRow[]).map(
        toUser,
      ),
    );
  }

  setUserActive(id: string, active: boolean): Promise<void> {
    return this.updateUser(id, { active });
  }

  updateUser(id: string, patch: UserPatch): Promise<void> {
    const sets = userPatchColumns(patch);
    if (sets.length === 0) return Promise.resolve();
    return this.lock.run(async () => {
      const values = sets.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
      this.db.prepare(`UPDATE users SET ${sets.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
    });
  }

  createSession(s: SessionRow): Promise<void> {
    return this.lock.run(async () => {
      this.db
        .prepare(
          `INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(s.tokenHash, s.userId, s.deviceId, s.createdAt, s.expiresAt, s.revokedAt);
    });
  }

  findSession(tokenHash: string): Promise<SessionRow | null> {
    return this.lock.run(async () => {
      const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
        | { token_hash: string; user_id: string; device_id: string | null; created_at: string; expires_at: string; revoked_at: string | null }
        | undefined;
      return row
        ? {
            tokenHash: row.token_hash,
            userId: row.user_id,
            deviceId: row.device_id,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            revokedAt: row.revoked_at,
          }
        : null;
    });
  }

  revokeSession(tokenHash: string, at: string): Promise<void> {
    return this.lock.run(async () => {
      this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash);
    });
  }

  revokeDeviceSessions(municipality: string, deviceId: string, at: string): Promise<number> {
    return this.lock.run(async () => {
      const r = this.db
        .prepare(
          `UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL
           AND user_id IN (SELECT id FROM users WHERE municipality = ?)`,
        )
        .run(at, deviceId, municipality);
      return r.changes;
    });
  }

  revokeUserSessions(userId: string, at: string): Promise<number> {
    return this.lock.run(async () => this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes);
  }

  touchDevice(d: DeviceRow): Promise<void> {
    return this.lock.run(async () => {
      this.db
        .prepare(
          `INSERT INTO devices (device_id, user_id, municipality, last_contact_at, app_version, pending_reported)
           VALUES (@deviceId, @userId, @municipality, @lastContactAt, @appVersion, @pendingReported)
           ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id, municipality = excluded.municipality,
             last_contact_at = excluded.last_contact_at, app_version = excluded.app_version, pending_reported = excluded.pending_reported`,
        )
        .run(d);
    });
  }

  listDevices(municipality: string): Promise<DeviceRow[]> {
    return this.lock.run(async () =>
      (
        this.db.prepare('SELECT * FROM devices WHERE municipality = ? ORDER BY last_contact_at DESC').all(municipality) as {
          device_id: string;
          user_id: string;
          municipality: string;
          last_contact_at: string;
          app_version: string | null;
          pending_reported: number | null;
        }[]
      ).map((r) => ({
        deviceId: r.device_id,
        userId: r.user_id,
        municipality: r.municipality,
        lastContactAt: r.last_contact_at,
        appVersion: r.app_version,
        pendingReported: r.pending_reported,
      })),
    );
  }

  getLoginFailures(key: string): Promise<LoginFailures | null> {
    return this.lock.run(async () => {
      const row = this.db.prepare('SELECT key, count, locked_until FROM login_failures WHERE key = ?').get(key) as
        | { key: string; count: number; locked_until: string | null }
        | undefined;
      return row ? { key: row.key, count: row.count, lockedUntil: row.locked_until } : null;
    });
  }

  putLoginFailures(e: LoginFailures): Promise<void> {
    return this.lock.run(async () => {
      this.db
        .prepare(
          `INSERT INTO login_failures (key, count, locked_until) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until`,
        )
        .run(e.key, e.count, e.lockedUntil);
    });
  }

  clearLoginFailures(key: string): Promise<void> {
    return this.lock.run(async () => {
      this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
    });
  }

  close(): Promise<void> {
    return this.lock.run(async () => {
      this.db.close();
    });
  }
}
