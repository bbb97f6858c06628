import type { StoredUser } from '../store/store';
import type { Actor } from '../reconcile/reconcile-mutation';

/**
 * The officer as the author of server-written revisions. The field stamps name a device no
 * real device has, so a stale edit of the same field from any device (the officer's own too)
 * becomes a conflict or a refusal instead of silently undoing the correction.
 */
export const HABEAS_DEVICE = 'server-habeas-data';

export function habeasActor(user: StoredUser): Actor {
  return { userId: user.id, displayName: user.displayName, role: user.role, municipality: user.municipality, deviceId: HABEAS_DEVICE };
}
