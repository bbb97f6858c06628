import { Hono, type Context } from 'hono';
import { AppError } from '#shared/errors';
import { pullRequestSchema, pushRequestSchema, SYNC_LIMITS, type PullRequest, type PushWireResponse } from '#shared/sync-protocol';
import { honouredFeatures, mutationFromWire, resultsToWire } from '#shared/sync-wire';
import { recordContact } from '../auth/devices';
import { pullPageJson } from '../sync/pull';
import { actorFor, pushMutations } from '../sync/push';
import { chargeBudget, chargeWritten, DEFAULT_PUSH_BYTES_PER_HOUR } from '../sync/push-budget';
import { WriteMeter } from '../sync/batch-tx';
import type { KindHookTable } from '../sync/kind-hooks';
import type { HookContext } from '../sync/hooks/types';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, readJsonSized, type BodyLimits } from './read-body';

export interface SyncRouteOptions {
  /** Bytes of changes each user may push per hour. */
  pushBytesPerHour?: number;
  /** The kinds' server rules (a test server may be given others). */
  kindHooks?: KindHookTable;
  /** This server's settings the rules read (imports run under them too). */
  hookContext?: HookContext;
}

/** An answer already serialised (a PullResponse or PushResponse written by pullPageJson). */
const jsonText = (c: Context<AppEnv>, text: string) => c.body(text, 200, { 'content-type': 'application/json' });
/** An answer's `features`: what this server understood of those declared; nothing when none were (an older build's body). */
const featuresJson = (declared: readonly string[] | undefined) => {
  const honoured = honouredFeatures(declared);
  return honoured ? `,"features":${JSON.stringify(honoured)}` : '';
};

export function syncRoutes(store: Store, limits: BodyLimits, opts: SyncRouteOptions = {}): Hono<AppEnv> {
  const { pushBytesPerHour = DEFAULT_PUSH_BYTES_PER_HOUR, kindHooks, hookContext } = opts;
  const app = new Hono<AppEnv>();
  /** The device's contact, for the admin screens (refused if the device id is another user's). */
  const touch = async (c: Context<AppEnv>, deviceId: string | null) => {
    if (!deviceId) return;
    await recordContact(store, c.get('user'), deviceId, { appVersion: c.req.header('x-app-version'), pendingCount: c.req.header('x-pending-count'), userAgent: c.req.header('user-agent') });
  };

  /** One pull page for the signed-in user on their session's device (the pull route, or with a push). */
  const pullFor = (c: Context<AppEnv>, body: PullRequest) =>
    pullPageJson(store, { ...c.get('user'), deviceId: c.get('deviceId') }, body.cursor, body.limit, body.features ?? []);

  app.post('/push', guard(store, 'POST /api/sync/push'), async (c) => {
    const { value: body, bytes } = await readJsonSized(c, pushRequestSchema, limits);
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
    // Over budget: 429 with Retry-After, nothing of this push applied; the device backs off and says so.
    const charged = await chargeBudget(store, 'push', user.id, bytes, pushBytesPerHour);
    // One push writes at most an hour's budget beyond its records, else it is refused whole (413).
    const meter = new WriteMeter(pushBytesPerHour);
    // Answers settle only on a device's own session (a script naming a device id is not that
    // device), and only when it says it holds what the batch changes (see `settle`).
    const answersTo = session && body.settle === true ? session : undefined;
    // What the device's build understands of the wire form (none from older builds: answered as before).
    const features = body.features ?? [];
    const mutations = body.mutations.map((m) => mutationFromWire(m, features));
    const results = await pushMutations(store, actorFor(user, body.deviceId), mutations, { hooks: kindHooks, context: hookContext, meter, answersTo });
    await chargeWritten(store, user.id, charged, meter, pushBytesPerHour);
    // The pull the device asked for with it, read after the push committed (as a pull right after would).
    const pull = body.pull ? await pullFor(c, body.pull) : undefined;
    // The pull's page is JSON text already (its stored data spliced in, see pullPageJson); the
    // answers in the wire form the device asked for (sync-wire.ts).
    return jsonText(c, `{"results":${JSON.stringify(resultsToWire(results, features) satisfies PushWireResponse['results'])}${featuresJson(body.features)}${pull ? `,"pull":${pull}` : ''}}`);
  });

  app.post('/pull', guard(store, 'POST /api/sync/pull'), async (c) => {
    const body = await readJson(c, pullRequestSchema, limits);
    await touch(c, c.get('deviceId'));
    // The page is an object's JSON text: the answered features go in before its closing brace.
    const page = await pullFor(c, body);
    return jsonText(c, `${page.slice(0, -1)}${featuresJson(body.features)}}`);
  });

  return app;
}
