import { AppError } from '#shared/errors';
import { newSecretKey } from '#shared/crypto/hmac';
import type { Store, StoredUser } from '../store/store';

/**
 * Binds a device id to the user signing in on it (the first user to use an id keeps it) and
 * gives that device its export key: the one it already has, or a new one the first time or
 * after the key was revoked (an admin revoked the device, or reset the user's password). The
 * key seals "Exportar pendientes" files, so the server can tell which user and device wrote one.
 *
 * No key while the password is a temporary one: whoever reset it knows it, so a sign-in with it
 * proves nothing of the person (an admin must not get Control Interno's key that way). The key
 * comes with the session the user gets on choosing their own password.
 */
export async function claimDevice(store: Store, user: StoredUser, deviceId: string, now: Date): Promise<string | null> {
  const mine = await store.touchDevice({
    deviceId,
    userId: user.id,
    municipality: user.municipality,
    lastContactAt: now.toISOString(),
    appVersion: null,
    pendingReported: null,
  });
  if (!mine) throw deviceTaken();
  if (user.mustChangePassword) return null;
  const key = await store.issueDeviceKey({ deviceId, userId: user.id, municipality: user.municipality, secret: newSecretKey(), createdAt: now.toISOString() });
  if (!key) throw deviceTaken();
  return key.secret;
}

export const deviceTaken = () =>
  new AppError('DEVICE_TAKEN', 'This device id belongs to another user; sign in again so the app makes a new one for you');
