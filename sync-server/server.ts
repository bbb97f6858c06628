import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { assertAuditChainReady } from './audit/audit-seal';
import { loadAuditKey, type AuditKey } from './audit/audit-key';
import type { ServerConfig } from './config';
import { seedIfEmpty } from './demo-seed';
import { createApp } from './http/app';
import { createStore } from './store/create-store';
import { BlobFiles } from './blobs/blob-files';
import { legacyReferrersFrom } from './blobs/file-access';
import { ensureMunicipalityRecords } from './sync/server-records';
import { startOutboundWorker } from './portal/outbound-worker';
import type { Store } from './store/store';
import type { KindHookTable } from './sync/kind-hooks';

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export interface OpenedStore {
  store: Store;
  auditKey: AuditKey;
}

/**
 * PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR; migrated, keying its audit
 * chain with the audit key (read, or made on first start when its file is missing).
 */
export async function openStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'auditKey'>, log: (msg: string) => void = console.log): Promise<OpenedStore> {
  const loaded = loadAuditKey(config.auditKey);
  if (loaded.generated) log(`Generated the audit key in ${loaded.from}: back it up apart from the database. Without it the audit log can no longer be verified.`);
  if (loaded.looselyProtected) log(`Warning: the audit key file ${loaded.from} can be read by other users of this machine (chmod 600 it).`);
  const store = createStore({ ...config, auditKey: loaded.key });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return { store, auditKey: loaded.key };
}

/** What a test server may be given besides its configuration. */
export interface ServerExtras {
  /** The kinds' server rules in place of the modules' (e.g. one that fails, to test recovery). */
  kindHooks?: KindHookTable;
}

export async function startServer(config: ServerConfig, log: (msg: string) => void = console.log, extras: ServerExtras = {}): Promise<RunningServer> {
  const { store, auditKey } = await openStore(config, log);
  try {
    await assertAuditChainReady(store, auditKey);
  } catch (err) {
    await store.close();
    throw err;
  }
  await seedIfEmpty(store, config.demo, log);
  for (const m of await store.listMunicipalities()) await ensureMunicipalityRecords(store, m);
  const files = new BlobFiles(config.blobDir, config.maxFileBytes, legacyReferrersFrom(store));
  const upgraded = await files.upgradeLegacySideFiles();
  if (upgraded > 0) log(`Files: ${upgraded} stored before per-user ownership now belong to the users whose records referenced them.`);
  const outbound = config.portalPublishUrl ? startOutboundWorker(store, { url: config.portalPublishUrl, intervalMs: config.portalPublishIntervalMs, retryBaseMs: config.portalPublishRetryMs }) : null;
  const sweeper = await startPartialSweeper(files, log);
  const app = createApp({
    store,
    staticDir: config.staticDir,
    portalMunicipality: config.portalMunicipality,
    files,
    publicLimits: config.publicLimits,
    trustProxyHops: config.trustProxyHops,
    signInPolicy: config.signInPolicy,
    publicUrl: config.publicUrl,
    sync: {
      pushBytesPerHour: config.pushBudgetBytesPerHour,
      kindHooks: extras.kindHooks,
      // This server's own: another server in the same process may have its connector off.
      hookContext: { outboundEnabled: config.portalPublishUrl !== null },
    },
    uploadBytesPerHour: config.uploadBudgetBytesPerHour,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  return {
    url,
    store,
    close: () =>
      closeGracefully(server, () => {
        outbound?.stop();
        clearInterval(sweeper);
      }).then(() => store.close()),
  };
}

/** An upload untouched this long is abandoned: its partial bytes are dropped. */
export const ABANDONED_UPLOAD_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 3_600_000;

/** Drops abandoned uploads now (before the server answers) and every hour. */
async function startPartialSweeper(files: BlobFiles, log: (msg: string) => void): Promise<ReturnType<typeof setInterval>> {
  const sweep = () =>
    files.sweepPartials(ABANDONED_UPLOAD_MS).then(
      (n) => {
        if (n > 0) log(`Dropped ${n} upload(s) abandoned for more than a day.`);
      },
      (err: unknown) => console.error('blobs: sweeping abandoned uploads failed', err),
    );
  await sweep();
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}

/** How long in-flight requests get to finish when the server stops, before connections are cut. */
const DRAIN_MS = 15_000;

/**
 * Stops accepting connections, lets requests in flight finish (a push commits and is
 * answered), closes idle keep-alive connections, and cuts whatever remains after DRAIN_MS.
 */
function closeGracefully(server: ServerType, beforeClose: () => void): Promise<void> {
  const http = server as ServerType & { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  return new Promise<void>((resolve) => {
    beforeClose();
    const force = setTimeout(() => http.closeAllConnections?.(), DRAIN_MS);
    // A keep-alive connection becomes idle once its answer is sent: close it then.
    const idle = setInterval(() => http.closeIdleConnections?.(), 50);
    server.close(() => {
      clearTimeout(force);
      clearInterval(idle);
      resolve();
    });
    http.closeIdleConnections?.();
  });
}
