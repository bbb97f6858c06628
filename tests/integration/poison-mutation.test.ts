// A poison change never blocks the rest: the real server (in this process, listening on a real
// port, on SQLite and on PostgreSQL) is given a rule that throws for one request — a server bug
// answered INTERNAL — and a real device (Dexie on fake-indexeddb, the real ky transport and
// SyncEngine) files that request, edits it, records a step on it, and files others around it.
// The others go through at once; the poison's later changes wait behind it, in order; after
// MAX_PUSH_ATTEMPTS it is set aside under the rejected changes with its reason; a new app version
// sends it again, and once the server is fixed everything lands in order.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { updateLocal } from '../../src/modules/local-records';
import { recordStep } from '../../src/modules/pqrsd/record-step';
import type { PullResponse } from '#shared/sync-protocol';
import { MAX_PUSH_ATTEMPTS } from '../../src/sync/apply-push';
import { SyncEngine } from '../../src/sync/engine';
import { readConfig } from '../../sync-server/config';
import { startServer, type RunningServer } from '../../sync-server/server';
import type { KindHooks } from '../../sync-server/sync/hooks/types';
import { KIND_HOOKS, type KindHookTable } from '../../sync-server/sync/kind-hooks';
import { sampleFiling } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, makeDevice, type Device } from '../helpers/server-process';

const POISON = 'Solicitud envenenada';

const cluster = postgresCluster();

/** The real server with a request rule that fails on the poison while `poisoned` says so. */
async function serverWithPoison(env: Record<string, string>, poisoned: () => boolean): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gel-poison-'));
  const real = KIND_HOOKS.pqrsd as KindHooks<'pqrsd'>;
  const kindHooks: KindHookTable = {
    ...KIND_HOOKS,
    pqrsd: {
      ...real,
      async onCreate(tx, data, actor, at, ctx) {
        if (poisoned() && data.subject === POISON) throw new Error('a server bug on this one request');
        return (real.onCreate as NonNullable<KindHooks<'pqrsd'>['onCreate']>)(tx, data, actor, at, ctx);
      },
    },
  };
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'none'), GEL_DEMO: '1', ...env });
  const server = await startServer(config, () => {}, { kindHooks });
  return { ...server, url: server.url.replace('localhost', '127.0.0.1'), dataDir };
}

const STORES: [string, () => Promise<Record<string, string>>][] = [
  ['SQLite', async () => ({})],
  ['PostgreSQL', async () => ({ DATABASE_URL: await cluster.newDatabase() })],
];

describe.each(STORES)('a poison change (%s)', (_name, env) => {
  let server: (RunningServer & { dataDir: string }) | null = null;
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    server = null;
  });

  it('never blocks the rest: others flow, its own later changes wait in order, it is set aside, and an app update sends it again', async () => {
    let poisoned = true;
    server = await serverWithPoison(await env(), () => poisoned);
    const d: Device = await makeDevice(server.url, 'funcionario', { engine: { appVersion: '1.0.0' } });
    open.push(d);

    const poison = await d.file(sampleFiling({ subject: POISON }));
    await updateLocal(d.db, 'pqrsd', poison.id, { description: 'Descripción corregida en el dispositivo' });
    await recordStep(d.db, d.ctx, {
      requestId: poison.id,
      date: '2026-03-11',
      note: '',
      action: { type: 'asignar', dependencia: 'Ventanilla única', assignee: 'Ana Gómez' },
    });
    const good = [await d.file(sampleFiling({ subject: 'Primera solicitud buena' })), await d.file(sampleFiling({ subject: 'Segunda solicitud buena' }))];

    await d.syncNow();
    for (const g of good) expect(await d.db.pqrsd.get(g.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-2026-/), _sync: 'synced' });
    expect(await d.db.outbox.count()).toBe(3); // the poison, its edit and its step
    expect((await d.db.outbox.toArray()).map((e) => [e.kind, e.mutation.op, e.attempts ?? 0])).toEqual([
      ['pqrsd', 'create', 1],
      ['pqrsd', 'update', 0],
      ['pqrsd_event', 'create', 0],
    ]);
    expect(d.engine.getStatus()).toMatchObject({ pending: 3, rejected: 0, lastError: { code: 'INTERNAL' } });

    for (let i = 2; i <= MAX_PUSH_ATTEMPTS; i++) await d.syncNow();
    const [aside, ...others] = await d.db.quarantine.toArray();
    expect(others).toEqual([]); // its edit and step never reached the server out of order
    expect(aside).toMatchObject({ recordId: poison.id, error: { code: 'INTERNAL' }, setAside: { attempts: MAX_PUSH_ATTEMPTS, appVersion: '1.0.0' } });
    expect(await d.db.outbox.count()).toBe(2);
    expect(await d.db.pqrsd.get(poison.id)).toMatchObject({ radicado: null, _sync: 'pending' });

    // With it set aside, the device is not stuck: a new filing goes, and no error is left.
    const later = await d.file(sampleFiling({ subject: 'Radicada después' }));
    await d.syncNow();
    expect(await d.db.pqrsd.get(later.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-2026-/) });
    expect(d.engine.getStatus()).toMatchObject({ pending: 2, rejected: 1, lastError: null });
    expect(await d.db.outbox.count()).toBe(2);

    // A new version of the app (and the fixed server): it goes back in its place, then its edit and step.
    poisoned = false;
    d.engine.stop();
    const updated = new SyncEngine({ db: d.db, transport: d.transport, deviceId: d.deviceId, isOnline: () => true, backoff: { baseMs: 600_000, maxMs: 600_000 }, appVersion: '1.0.1' });
    open.push({ close: async () => updated.stop() });
    await updated.start();
    await updated.syncNow();
    expect(await d.db.quarantine.count()).toBe(0);
    expect(await d.db.outbox.count()).toBe(0);
    expect(updated.getStatus()).toMatchObject({ pending: 0, rejected: 0, lastError: null });
    expect(await d.db.pqrsd.get(poison.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-2026-/), _sync: 'synced' });

    const { token } = await login(server.url, 'comite');
    const pulled = await http<PullResponse>(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } });
    const onServer = pulled.body.changes.find((c) => c.kind === 'pqrsd' && c.id === poison.id);
    expect(onServer).toMatchObject({ rev: 3, data: { description: 'Descripción corregida en el dispositivo', lifecycle: { state: 'asignada' } } });
  });
});
