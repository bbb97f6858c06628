import type { DeviceRow, Store, StoredUser } from '../store/store';
import { deviceTaken } from './device-keys';
import { deviceLabel } from '#shared/device-label';
import { bogotaDateOf } from '#shared/calendar';
import { AppError } from '#shared/errors';

/** What a device says of itself when it syncs, as sent (headers x-app-version, x-pending-count). */
export interface DeviceReport {
  appVersion?: string;
  /** Changes the device still has to send, as it counts them. */
  pendingCount?: string;
  /** Its browser's User-Agent: names the device at its first contact ("Chrome en Android · 30/11/2026"). */
  userAgent?: string;
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
    name: deviceLabel(report.userAgent, bogotaDateOf(now.toISOString())),
  });
  if (!mine) throw deviceTaken();
}

/** A device as the admin screen lists it: with the name of the user it belongs to. */
export type DeviceView = DeviceRow & { name: string | null; username: string | null; displayName: string | null };

/** The municipality's devices, each with its user's name. */
export async function devicesOfMunicipality(store: Store, municipality: string): Promise<DeviceView[]> {
  const users = new Map((await store.listUsers(municipality)).map((u) => [u.id, u]));
  const devices = await store.listDevices(municipality);
  return devices.map((d) => ({ ...d, name: d.name ?? null, username: users.get(d.userId)?.username ?? null, displayName: users.get(d.userId)?.displayName ?? null }));
}

/** Ends every session opened on the device (lost or stolen); answers how many were open. */
export function revokeDevice(store: Store, municipality: string, deviceId: string, now: Date = new Date()): Promise<number> {
  return store.revokeDeviceSessions(municipality, deviceId, now.toISOString());
}

/** The admin names a device of their municipality; another municipality's id answers like an unknown one. */
export async function renameDevice(
  store: Store,
  admin: { user: StoredUser; deviceId: string | null },
  deviceId: string,
  name: string,
  now: Date = new Date(),
): Promise<void> {
  const { user } = admin;
  if (!(await store.renameDevice(user.municipality, deviceId, name))) throw new AppError('NOT_FOUND', 'No existe ese dispositivo');
  // The field only: a name may be a person's ("tableta de María"), and the log cannot be erased.
  await store.appendAudit({ at: now.toISOString(), municipality: user.municipality, userId: user.id, deviceId: admin.deviceId, action: 'update', kind: 'device', recordId: deviceId, detail: { fields: ['name'] } });
}
