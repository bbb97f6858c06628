import { Hono, type Context } from 'hono';
import { AppError } from '../../src/shared/errors';
import { pullRequestSchema, pushRequestSchema, SYNC_LIMITS } from '../../src/shared/sync-protocol';
import { deviceTaken } from '../auth/device-keys';
import { pullChanges } from '../sync/pull';
import { actorFor, pushMutations } from '../sync/push';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

export function syncRoutes(store: Store, limits: BodyLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  /**
   * The admin screens show each device's last contact, pending count and app version. A device
   * id belongs to the user who first used it: another user's contact is refused, not recorded.
   */
  const touch = async (c: Context<AppEnv>, deviceId: string | null) => {
    if (!deviceId) return;
    const user = c.get('user');
    const pending = Number(c.req.header('x-pending-count'));
    const mine = await store.touchDevice({
      deviceId: deviceId.slice(0, 64),
      userId: user.id,
      municipality: user.municipality,
      lastContactAt: new Date().toISOString(),
      appVersion: c.req.header('x-app-version')?.slice(0, 40) ?? null,
      pendingReported: Number.isInteger(pending) && pending >= 0 ? pending : null,
    });
    if (!mine) throw deviceTaken();
  };

  app.post('/push', guard(store, 'POST /api/sync/push'), async (c) => {
    const body = await readJson(c, pushRequestSchema, limits);
    // A session opened on a device pushes as that device only (its changes, receipts and audit
    // entries name it); a session without one (a script) names any id of its own user.
    const session = c.get('deviceId');
    if (session && body.deviceId !== session) {
      throw new AppError('DEVICE_MISMATCH', 'This session was opened on another device', { sessionDevice: session });
    }
    await touch(c, body.deviceId);
    if (body.mutations.length > SYNC_LIMITS.maxMutationsPerPush) {
      throw new AppError('TOO_MANY_MUTATIONS', `At most ${SYNC_LIMITS.maxMutationsPerPush} mutations per push`, {
        limit: SYNC_LIMITS.maxMutationsPerPush,
        received: body.mutations.length,
      });
    }
    const user = c.get('user');
    const results = await pushMutations(store, actorFor(user, body.deviceId), body.mutations);
    return c.json({ results });
  });

  app.post('/pull', guard(store, 'POST /api/sync/pull'), async (c) => {
    const body = await readJson(c, pullRequestSchema, limits);
    await touch(c, c.get('deviceId'));
    const user = c.get('user');
    return c.json(await pullChanges(store, { ...user, deviceId: c.get('deviceId') }, body.cursor, body.limit, body.features ?? []));
  });

  return app;
}
