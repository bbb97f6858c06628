import { Hono, type Context } from 'hono';
import { AppError } from '../../src/shared/errors';
import { pullRequestSchema, pushRequestSchema, SYNC_LIMITS } from '../../src/shared/sync-protocol';
import { pullChanges } from '../sync/pull';
import { actorFor, pushMutations } from '../sync/push';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

export function syncRoutes(store: Store, limits: BodyLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  /** The admin screens show each device's last contact, pending count and app version. */
  const touch = async (c: Context<AppEnv>, deviceId: string | undefined) => {
    if (!deviceId) return;
    const user = c.get('user');
    const pending = Number(c.req.header('x-pending-count'));
    await store.touchDevice({
      deviceId: deviceId.slice(0, 64),
      userId: user.id,
      municipality: user.municipality,
      lastContactAt: new Date().toISOString(),
      appVersion: c.req.header('x-app-version')?.slice(0, 40) ?? null,
      pendingReported: Number.isInteger(pending) && pending >= 0 ? pending : null,
    });
  };

  app.post('/push', guard(store, 'POST /api/sync/push'), async (c) => {
    const body = await readJson(c, pushRequestSchema, limits);
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
    await touch(c, c.req.header('x-device-id'));
    const user = c.get('user');
    return c.json(await pullChanges(store, { ...user, deviceId: c.req.header('x-device-id') ?? null }, body.cursor, body.limit, body.features ?? []));
  });

  return app;
}
