import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { sqliteFile } from './config';
import { seedIfEmpty } from './demo-seed';
import { createApp } from './http/app';
import { SqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function openStore(config: Pick<ServerConfig, 'dataDir'>): Promise<Store> {
  const store = new SqliteStore(sqliteFile(config.dataDir));
  await store.migrate();
  return store;
}

export async function startServer(config: ServerConfig, log: (msg: string) => void = console.log): Promise<RunningServer> {
  const store = await openStore(config);
  await seedIfEmpty(store, config.demo, log);
  const app = createApp({ store, staticDir: config.staticDir });
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
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).then(() => store.close()),
  };
}
