import { AppError } from '../../src/shared/errors';
import { newSecretKey } from '../../src/shared/crypto/hmac';
import type { Store, StoredUser } from '../store/store';

/**
 * Binds a device id to the user signing in on it (the first user to use an id keeps it) and
 * gives that device its export key: the one it already has, or a new one the first time or
 * after an admin revoked the device. The key seals "Exportar pendientes" files, so the server
 * can tell which user and device wrote one.
 */
export async function claimDevice(store: Store, user: StoredUser, deviceId: string, now: Date): Promise<string> {
  const mine = await store.touchDevice({
    deviceId,
    userId: user.id,
    municipality: user.municipality,
    lastContactAt: now.toISOString(),
    appVersion: null,
    pendingReported: null,
  });
  const key = mine
    ? await store.issueDeviceKey({ deviceId, userId: user.id, municipality: user.municipality, secret: newSecretKey(), createdAt: now.toISOString() })
    : null;
  if (!key) throw deviceTaken();
  return key.secret;
}

export const deviceTaken = () =>
  new AppError('DEVICE_TAKEN', 'This device id belongs to another user; sign in again so the app makes a new one for you');
