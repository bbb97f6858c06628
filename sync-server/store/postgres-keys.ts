import type { QueryResultRow } from 'pg';
import { newSecretKey } from '#shared/crypto/hmac';
import { isoOrNull } from './postgres-rows';
import type { DeviceKeyRow } from './store';

/** Runs one statement on the pool or on a transaction's client. */
export type PgQuery = <R extends QueryResultRow>(sql: string, params: unknown[]) => Promise<R[]>;

interface PgDeviceKeyRow {
  device_id: string;
  user_id: string;
  municipality: string;
  secret: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toDeviceKey = (r: PgDeviceKeyRow): DeviceKeyRow => ({
  deviceId: r.device_id,
  userId: r.user_id,
  municipality: r.municipality,
  secret: r.secret,
  createdAt: r.created_at.toISOString(),
  revokedAt: isoOrNull(r.revoked_at),
});

export async function pgFindDeviceKey(query: PgQuery, deviceId: string): Promise<DeviceKeyRow | null> {
  const [row] = await query<PgDeviceKeyRow>('SELECT * FROM device_keys WHERE device_id = $1', [deviceId]);
  return row ? toDeviceKey(row) : null;
}

/** The current key, or a new one if none or revoked; null if the device is another user's. */
export async function pgIssueDeviceKey(query: PgQuery, k: Omit<DeviceKeyRow, 'revokedAt'>): Promise<DeviceKeyRow | null> {
  await query(
    `INSERT INTO device_keys (device_id, user_id, municipality, secret, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (device_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, revoked_at = NULL
     WHERE device_keys.revoked_at IS NOT NULL AND device_keys.user_id = EXCLUDED.user_id`,
    [k.deviceId, k.userId, k.municipality, k.secret, k.createdAt],
  );
  const row = await pgFindDeviceKey(query, k.deviceId);
  return row && row.userId === k.userId ? row : null;
}

export async function pgRevokeUserDeviceKeys(query: PgQuery, userId: string, at: string): Promise<number> {
  const rows = await query<{ device_id: string }>('UPDATE device_keys SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING device_id', [at, userId]);
  return rows.length;
}

/** Made on first use, once: concurrent first callers all end up with the one that was stored. */
export async function pgOfficialIdKey(query: PgQuery, municipality: string): Promise<string> {
  const read = async () => (await query<{ k: string | null }>('SELECT official_id_key AS k FROM municipalities WHERE code = $1', [municipality]))[0]?.k;
  const current = await read();
  if (current) return current;
  await query('UPDATE municipalities SET official_id_key = $1 WHERE code = $2 AND official_id_key IS NULL', [newSecretKey(), municipality]);
  const made = await read();
  if (!made) throw new Error(`Unknown municipality ${municipality}`);
  return made;
}
