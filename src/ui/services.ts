import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { openDb, type GelDb } from '../db/database';
import type { DeviceContext } from '../modules/local-records';
import { saveSession, type Session } from '../session/session';
import type { SyncEngine } from '../sync/engine';
import { createSyncEngine } from '../modules/sync-wiring';
import { APP_VERSION } from '../app-version';
import { flushDrafts } from '../modules/portal/drafts';
import { createApiClient, type ApiClient } from '../api/client';
import { serverFeatures } from '../sync/server-features';
import { syncTransport } from '../sync/transport';
import { logFailure, reportActionError } from './common/action';

/** What a signed-in screen needs: the user's local database and the sync engine. */
export interface Services {
  session: Session;
  deviceId: string;
  db: GelDb;
  engine: SyncEngine;
  device: DeviceContext;
  /** Downloads a file of the attachments channel (with this session's token). */
  download(hash: string): Promise<Uint8Array>;
  /** Calls to the server with this session (screens that need it online): answers checked, errors in Spanish. */
  api: ApiClient;
  /** Replaces the session after signing in again (same user), keeping everything local. */
  renewSession(next: Session): Promise<void>;
  dispose(): void;
}

const REFRESH_WHEN_LEFT_MS = 7 * 24 * 3600_000;

export function startServices(initial: Session, deviceId: string): Services {
  let session = initial;
  const db = openDb(session.user.id);
  let engine: SyncEngine | null = null;
  // One client for the session: the engine's sync and every screen's call send the same headers.
  const api = createApiClient({
    baseUrl: location.origin,
    getToken: () => session.token,
    headers: () => ({ 'x-device-id': deviceId, 'x-app-version': APP_VERSION, 'x-pending-count': String(engine?.getStatus().pending ?? 0) }),
  });
  const transport = syncTransport(api, serverFeatures(location.origin));
  engine = createSyncEngine({ db, transport, deviceId });
  // Leaving the page: what was typed goes into the outbox now rather than at the next sync.
  addEventListener('pagehide', () => void flushDrafts(db).catch(logFailure('Keeping the drafts on leaving')));
  engine.start().catch((err: unknown) => reportActionError(err));
  // Online with a week or less left: swap the token for a fresh one, so an official who syncs
  // now and then is never locked out in the field. Also when the session lacks the keys a
  // device needs offline (a session stored before they existed): the refresh hands them.
  let lastSeen: string | null = null;
  let askedForKeys = false;
  engine.subscribe((st) => {
    if (!st.lastSyncAt || st.lastSyncAt === lastSeen) return;
    lastSeen = st.lastSyncAt;
    const lacksKeys = !askedForKeys && (!session.deviceKey || !session.officialIdKey);
    if (!lacksKeys && Date.parse(session.expiresAt) - Date.now() > REFRESH_WHEN_LEFT_MS) return;
    askedForKeys = true;
    void transport
      .refresh()
      .then(async (next) => {
        session = next;
        await saveSession(next);
      })
      .catch((err: unknown) => {
        // Nothing is lost (the session in use still works): said in the console, asked again after the next sync.
        askedForKeys = false;
        console.warn('Session refresh failed; asked again after the next sync', err);
      });
  });
  const services: Services = {
    get session() {
      return session;
    },
    deviceId,
    db,
    engine: engine as SyncEngine,
    download: (hash) => transport.download(hash),
    api,
    get device() {
      return { deviceId, userId: session.user.id, municipality: session.user.municipality, officialIdKey: session.officialIdKey ?? null };
    },
    async renewSession(next) {
      session = next;
      await saveSession(next);
      await engine.resumeAfterSignIn();
    },
    dispose() {
      engine.stop();
      db.close();
    },
  };
  return services;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside a signed-in screen');
  return s;
}
