// Two servers in one process keep their own settings: a server's configuration reaches its
// kinds' rules with each push (HookContext), never through a module variable the second server
// would overwrite. Both are the real server (startServer) on their own SQLite and port; a real
// device on each publishes a portal item; only the server with an external CMS queues it.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushDrafts, newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { readConfig } from '../../sync-server/config';
import { startServer, type RunningServer } from '../../sync-server/server';
import { makeDevice, type Device } from '../helpers/server-process';

const open: { close(): Promise<void> }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function server(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gel-instance-'));
  dirs.push(dataDir);
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: dataDir, GEL_DEMO: '1', ...env });
  const s = await startServer(config, () => {});
  open.push(s);
  return { ...s, url: s.url.replace('localhost', '127.0.0.1') };
}

/** The committee publishes one item from a device of its own on `s`. */
async function publish(s: RunningServer, title: string): Promise<void> {
  const d: Device = await makeDevice(s.url, 'comite');
  open.push(d);
  const draft = await newDraft(d.db, d.ctx, 'noticias');
  await saveWorkingCopy(d.db, draft.id, { title, body: 'Texto publicado.' });
  await flushDrafts(d.db);
  for (const action of ['enviar_revision', 'aprobar', 'publicar'] as const) await recordPortalStep(d.db, d.ctx, draft.id, action);
  await d.syncNow();
  expect((await d.db.portal_draft.get(draft.id))?.status).toBe('publicado');
}

const queued = async (s: RunningServer) => (await s.store.dueOutbound('2100-01-01T00:00:00.000Z', 10)).map((o) => (o.payload as { item: { title: string } }).item.title);

describe('two servers in one process', () => {
  // Started in both orders: a setting shared through the module would take the last one's value.
  for (const order of ['with the connector first', 'with the connector last'] as const) {
    it(`keep their own portal connector setting (${order})`, async () => {
      // A CMS that is never asked: the connector looks once a day, so the queue stays as written.
      const withCms = { PORTAL_PUBLISH_URL: 'http://127.0.0.1:9/ingest', PORTAL_PUBLISH_INTERVAL_MS: '86400000' };
      let connected: RunningServer;
      let plain: RunningServer;
      if (order === 'with the connector first') {
        connected = await server(withCms);
        plain = await server({});
      } else {
        plain = await server({});
        connected = await server(withCms);
      }
      await publish(connected, 'Publicado con conector');
      await publish(plain, 'Publicado sin conector');
      expect(await queued(connected)).toEqual(['Publicado con conector']);
      expect(await queued(plain)).toEqual([]);
    }, 30_000);
  }
});
