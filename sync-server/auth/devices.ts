import type { DeviceRow, Store, StoredUser } from '../store/store';
import { deviceTaken } from './device-keys';

/** What a device says of itself when it syncs, as sent (headers x-app-version, x-pending-count). */
export interface DeviceReport {
  appVersion?: string;
  /** Changes the device still has to send, as it counts them. */
  pendingCount?: string;
}

/**
 * Records a device's contact: the admin screens show each device's last contact, pending count
 * and app version. A device id belongs to the user who first used it: another user's contact is
 * refused, not recorded.
 */
export async function recordContact(store: Store, user: StoredUser, deviceId: string, report: DeviceReport, now: Date = new Date()): Promise<void> {
  const pending = Number(report.pendingCount);
  const mine = await store.touchDevice({
    deviceId: deviceId.slice(0, 64),
    userId: user.id,
    municipality: user.municipality,
    lastContactAt: now.toISOString(),
    appVersion: report.appVersion?.slice(0, 40) ?? null,
    pendingReported: Number.isInteger(pending) && pending >= 0 ? pending : null,
  });
  if (!mine) throw deviceTaken();
}

/** A device as the admin screen lists it: with the name of the user it belongs to. */
export type DeviceView = DeviceRow & { username: string | null; displayName: string | null };

/** The municipality's devices, each with its user's name. */
export async function devicesOfMunicipality(store: Store, municipality: string): Promise<DeviceView[]> {
  const users = new Map((await store.listUsers(municipality)).map((u) => [u.id, u]));
  const devices = await store.listDevices(municipality);
  return devices.map((d) => ({ ...d, username: users.get(d.userId)?.username ?? null, displayName: users.get(d.userId)?.displayName ?? null }));
}

/** Ends every session opened on the device (lost or stolen); answers how many were open. */
export function revokeDevice(store: Store, municipality: string, deviceId: string, now: Date = new Date()): Promise<number> {
  return store.revokeDeviceSessions(municipality, deviceId, now.toISOString());
}
