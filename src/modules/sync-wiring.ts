import { SyncEngine, type EngineOptions } from '../sync/engine';
import { projectionListener, type ClientProjections, type SyncEvents } from '../sync/sync-events';
import { flushDrafts } from './portal/drafts';
import { pqrsdProjections } from './pqrsd/sync-projection';

/** Each kind's device-side derived state (a kind without any needs no entry). */
export const CLIENT_PROJECTIONS: ClientProjections = {
  ...pqrsdProjections,
};

/** What the modules do around sync, as subscriptions to its events. Returns the unsubscribe. */
export function subscribeModules(events: Pick<SyncEvents, 'on'>): () => void {
  const off = [
    // Autosaved drafts become outbox changes first, so what was typed goes with the push (or the export).
    events.on('beforePush', (db) => flushDrafts(db)),
    events.on('applied', projectionListener(CLIENT_PROJECTIONS)),
  ];
  return () => off.forEach((f) => f());
}

/** The device's sync engine with the modules subscribed: how the app (and the tests) start one. */
export function createSyncEngine(options: EngineOptions): SyncEngine {
  const engine = new SyncEngine(options);
  subscribeModules(engine.events);
  return engine;
}
