import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { seedIfEmpty } from './demo-seed';
import { createApp } from './http/app';
import { createStore, type StoreConfig } from './store/create-store';
import { BlobFiles } from './blobs/blob-files';
import { setOutboundEnabled } from './sync/hooks/portal-hooks';
import { ensureMunicipalityRecords } from './sync/server-records';
import { startOutboundWorker } from './portal/outbound-worker';
import type { Store } from './store/store';

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR; migrated. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = createStore(config);
  await store.migrate();
  return store;
}

export async function startServer(config: ServerConfig, log: (msg: string) => void = console.log): Promise<RunningServer> {
  const store = await openStore(config);
  await seedIfEmpty(store, config.demo, log);
  for (const m of await store.listMunicipalities()) await ensureMunicipalityRecords(store, m);
  setOutboundEnabled(config.portalPublishUrl !== null);
  const outbound = config.portalPublishUrl ? startOutboundWorker(store, { url: config.portalPublishUrl, intervalMs: config.portalPublishIntervalMs, retryBaseMs: config.portalPublishRetryMs }) : null;
  const files = new BlobFiles(config.blobDir, config.maxFileBytes);
  const app = createApp({ store, staticDir: config.staticDir, portalMunicipality: config.portalMunicipality, files, publicLimits: config.publicLimits, trustProxyHops: config.trustProxyHops, publicUrl: config.publicUrl });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  return {
    url,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        outbound?.stop();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).then(() => store.close()),
  };
}
