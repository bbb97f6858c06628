import { newSecretKey } from '#shared/crypto/hmac';
import type { DeviceKeyRow, DeviceRow, FailureTally, SessionRow, SignInFailure, StoredUser, UserPatch } from './store';
import type { Prepare } from './sqlite-statements';
import { userPatchColumns } from './user-patch';
import { userOfRow, type UserRow } from './user-row';

/**
 * Users, sessions, devices and sign-in failures on SQLite. Synchronous: the store calls these
 * under its lock, so they never interleave with a push transaction.
 */
export class SqliteAccounts {
  constructor(private readonly prep: Prepare) {}

  countUsers(): number {
    return (this.prep('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  createUser(u: StoredUser): void {
    this.prep(
        `INSERT INTO users (id, username, display_name, role, municipality, password_hash, active, created_at, dependencia, must_change_password)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.id, u.username, u.displayName, u.role, u.municipality, u.passwordHash, u.active ? 1 : 0, u.createdAt, u.dependencia, u.mustChangePassword ? 1 : 0);
  }

  findUser(column: 'username' | 'id', value: string): StoredUser | null {
    const row = this.prep(`SELECT * FROM users WHERE ${column} = ?`).get(value) as UserRow | undefined;
    return row ? userOfRow(row) : null;
  }

  listUsers(municipality: string): StoredUser[] {
    return (this.prep('SELECT * FROM users WHERE municipality = ? ORDER BY username').all(municipality) as UserRow[]).map(userOfRow);
  }

  updateUser(id: string, patch: UserPatch): void {
    const sets = userPatchColumns(patch);
    if (sets.length === 0) return;
    const values = sets.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    this.prep(`UPDATE users SET ${sets.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
  }

  createSession(s: SessionRow): void {
    this.prep(
        `INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(s.tokenHash, s.userId, s.deviceId, s.createdAt, s.expiresAt, s.revokedAt);
  }

  findSession(tokenHash: string): SessionRow | null {
    const row = this.prep('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
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
  }

  revokeSession(tokenHash: string, at: string): void {
    this.prep('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash);
  }

  revokeDeviceSessions(municipality: string, deviceId: string, at: string): number {
    this.prep('UPDATE device_keys SET revoked_at = ? WHERE device_id = ? AND municipality = ? AND revoked_at IS NULL').run(at, deviceId, municipality);
    return this.prep(
        `UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL
         AND user_id IN (SELECT id FROM users WHERE municipality = ?)`,
      )
      .run(at, deviceId, municipality).changes;
  }

  revokeUserSessions(userId: string, at: string): number {
    return this.prep('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
  }

  touchDevice(d: DeviceRow): boolean {
    // The WHERE makes another user's contact a no-op: RETURNING then gives no row.
    const row = this.prep(
        `INSERT INTO devices (device_id, user_id, municipality, last_contact_at, app_version, pending_reported, name)
         VALUES (@deviceId, @userId, @municipality, @lastContactAt, @appVersion, @pendingReported, @name)
         ON CONFLICT (device_id) DO UPDATE SET last_contact_at = excluded.last_contact_at,
           name = coalesce(devices.name, excluded.name),
           app_version = coalesce(excluded.app_version, devices.app_version),
           pending_reported = coalesce(excluded.pending_reported, devices.pending_reported)
         WHERE devices.user_id = excluded.user_id AND devices.municipality = excluded.municipality
         RETURNING device_id`,
      )
      .get({ ...d, name: d.name ?? null });
    return row !== undefined;
  }

  issueDeviceKey(k: Omit<DeviceKeyRow, 'revokedAt'>): DeviceKeyRow | null {
    this.prep(
      `INSERT INTO device_keys (device_id, user_id, municipality, secret, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, revoked_at = NULL
       WHERE device_keys.revoked_at IS NOT NULL AND device_keys.user_id = excluded.user_id`,
    ).run(k.deviceId, k.userId, k.municipality, k.secret, k.createdAt);
    const row = this.findDeviceKey(k.deviceId);
    return row && row.userId === k.userId ? row : null;
  }

  revokeUserDeviceKeys(userId: string, at: string): number {
    return this.prep('UPDATE device_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
  }

  findDeviceKey(deviceId: string): DeviceKeyRow | null {
    const r = this.prep('SELECT * FROM device_keys WHERE device_id = ?').get(deviceId) as
      | { device_id: string; user_id: string; municipality: string; secret: string; created_at: string; revoked_at: string | null }
      | undefined;
    return r
      ? { deviceId: r.device_id, userId: r.user_id, municipality: r.municipality, secret: r.secret, createdAt: r.created_at, revokedAt: r.revoked_at }
      : null;
  }

  /** Made on first use, once: a second caller finds the first one's key. */
  officialIdKey(municipality: string): string {
    const read = () => (this.prep('SELECT official_id_key AS k FROM municipalities WHERE code = ?').get(municipality) as { k: string | null } | undefined)?.k;
    const current = read();
    if (current) return current;
    this.prep('UPDATE municipalities SET official_id_key = ? WHERE code = ? AND official_id_key IS NULL').run(newSecretKey(), municipality);
    const made = read();
    if (!made) throw new Error(`Unknown municipality ${municipality}`);
    return made;
  }

  renameDevice(municipality: string, deviceId: string, name: string): boolean {
    return this.prep('UPDATE devices SET name = ? WHERE municipality = ? AND device_id = ?').run(name, municipality, deviceId).changes > 0;
  }

  listDevices(municipality: string): DeviceRow[] {
    const rows = this.prep('SELECT * FROM devices WHERE municipality = ? ORDER BY last_contact_at DESC').all(municipality) as {
      device_id: string;
      user_id: string;
      municipality: string;
      last_contact_at: string;
      app_version: string | null;
      pending_reported: number | null;
      name: string | null;
    }[];
    return rows.map((r) => ({
      name: r.name,
      deviceId: r.device_id,
      userId: r.user_id,
      municipality: r.municipality,
      lastContactAt: r.last_contact_at,
      appVersion: r.app_version,
      pendingReported: r.pending_reported,
    }));
  }

  recordSignInFailure(f: SignInFailure, since: string): { id: number; pair: FailureTally; address: FailureTally } {
    this.prep('DELETE FROM sign_in_failures WHERE at < ?').run(since);
    const id = Number(this.prep('INSERT INTO sign_in_failures (username, address, at) VALUES (?, ?, ?)').run(f.username, f.address, f.at).lastInsertRowid);
    const row = this.prep(
      `SELECT count(*) FILTER (WHERE username = ?) AS pair_count, max(at) FILTER (WHERE username = ?) AS pair_last,
              count(*) AS address_count, max(at) AS address_last
       FROM sign_in_failures WHERE address = ? AND at >= ? AND id < ?`,
    ).get(f.username, f.username, f.address, since, id) as { pair_count: number; pair_last: string | null; address_count: number; address_last: string | null };
    return {
      id,
      pair: { count: row.pair_count, lastAt: row.pair_last },
      address: { count: row.address_count, lastAt: row.address_last },
    };
  }

  forgetSignInFailure(id: number): void {
    this.prep('DELETE FROM sign_in_failures WHERE id = ?').run(id);
  }

  clearSignInFailures(username: string, address: string): void {
    this.prep('DELETE FROM sign_in_failures WHERE address = ? AND username = ?').run(address, username);
  }

  clearUserSignInFailures(username: string): void {
    this.prep('DELETE FROM sign_in_failures WHERE username = ?').run(username);
  }
}
