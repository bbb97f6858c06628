// A device as the app runs it: its own Dexie database (fake-indexeddb in Node), the real ky
// transport with the app's defaults (60 s timeout, gzip above 1 KB) and the real SyncEngine with
// the app's backoff. Only the sign-in goes straight to the server: it is not part of a sync.
import 'fake-indexeddb/auto';
import { GelDb } from '../../src/db/database';
import type { DeviceContext } from '../../src/modules/local-records';
import { uuidv7 } from '#shared/ids';
import type { User } from '#shared/roles';
import type { SyncEngine } from '../../src/sync/engine';
import { createSyncEngine } from '../../src/modules/sync-wiring';
import { createTransport } from '../../src/sync/transport';
import { serverFeatures } from '../../src/sync/server-features';
import { DEMO_PASSWORD, login } from '../../tests/helpers/server-process';
import { createRng } from './rng';

export interface SyncOutcome {
  ms: number;
  /** Engine runs that ended in an error (then retried by the engine's own backoff). */
  failures: number;
  errors: string[];
}

export interface BenchDevice {
  user: User;
  deviceId: string;
  db: GelDb;
  ctx: DeviceContext;
  engine: SyncEngine;
  /** Asks for a sync ("Sincronizar ahora") and waits until everything went through. */
  syncUntilDone(timeoutMs?: number): Promise<SyncOutcome>;
  close(): Promise<void>;
}

export async function openBenchDevice(serverUrl: string, syncUrl: string, username: string, seed: number): Promise<BenchDevice> {
  const deviceId = uuidv7();
  const { token, user, officialIdKey } = await login(serverUrl, username, DEMO_PASSWORD, deviceId);
  const db = new GelDb(`bench-${username}-${deviceId}`);
  await db.open();
  // What a browser asks for (Node's fetch alone offers only gzip and deflate); it decodes brotli either way.
  const transport = createTransport({ baseUrl: syncUrl, getToken: () => token, headers: () => ({ 'accept-encoding': 'gzip, deflate, br' }) }, serverFeatures(`${syncUrl} ${deviceId}`));
  const rng = createRng(seed);
  const engine = createSyncEngine({ db, transport, deviceId, isOnline: () => true, random: rng.next });

  async function syncUntilDone(timeoutMs = 30 * 60_000): Promise<SyncOutcome> {
    const startIso = new Date().toISOString();
    const t0 = performance.now();
    const errors: string[] = [];
    let lastErrorAt: string | null = null;
    const unsubscribe = engine.subscribe((s) => {
      if (s.lastError && s.lastError.at !== lastErrorAt) {
        lastErrorAt = s.lastError.at;
        errors.push(s.lastError.message);
      }
    });
    void engine.syncNow();
    try {
      for (;;) {
        const s = engine.getStatus();
        if (!s.running && s.pending === 0 && s.lastError === null && s.lastSyncAt !== null && s.lastSyncAt >= startIso) break;
        if (s.needsSignIn) throw new Error('The server refused the session during the benchmark');
        if (s.rejected > 0) throw new Error(`The server rejected ${s.rejected} changes of the workload`);
        if (performance.now() - t0 > timeoutMs) throw new Error(`Sync did not finish within ${timeoutMs / 1000} s (last: ${errors.at(-1) ?? 'none'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      unsubscribe();
    }
    return { ms: performance.now() - t0, failures: errors.length, errors };
  }

  return {
    user,
    deviceId,
    db,
    // The municipality key arrives at sign-in, as on a real device (officials' ids are keyed).
    ctx: { deviceId, userId: user.id, municipality: user.municipality, officialIdKey: officialIdKey ?? null },
    engine,
    syncUntilDone,
    close: async () => {
      engine.stop();
      db.close();
      await db.delete();
    },
  };
}
