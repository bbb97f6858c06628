// The pieces a fault scenario is made of: a seeded PRNG, the devices (real GelDb on
// fake-indexeddb, real ky transport through the fault proxy, real SyncEngine) and the
// registry of what this run created, in creation order, so random choices never depend on
// the order of random ids and a seed replays the same choices.
import 'fake-indexeddb/auto';
import { GelDb } from '../../src/db/database';
import type { DeviceContext } from '../../src/modules/local-records';
import { uuidv7 } from '#shared/ids';
import type { Role, User } from '#shared/roles';
import type { LoginResponse } from '#shared/auth';
import type { Mutation } from '#shared/sync-protocol';
import type { SyncEngine } from '../../src/sync/engine';
import { createSyncEngine } from '../../src/modules/sync-wiring';
import { createTransport, type Transport } from '../../src/sync/transport';
import { serverFeatures } from '../../src/sync/server-features';
import { createUserAsAdmin, login, OTHER_PASSWORD, DEMO_PASSWORD } from '../helpers/server-process';

// ---------------------------------------------------------------------------
// PRNG

/** sfc32: small, fast, good enough for test plans; every stream is derived from the seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9 ^ stream;
    this.b = 0x243f6a88 ^ Math.imul(stream + 1, 0x85ebca6b);
    this.c = 0xb7e15162 ^ seed;
    this.d = seed ^ Math.imul(stream, 0xc2b2ae35);
    for (let i = 0; i < 15; i++) this.next();
  }

  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }

  /** A key of `weights`, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      if ((x -= w) < 0) return k;
    }
    return (entries.at(-1) as [K, number])[0];
  }
}

// ---------------------------------------------------------------------------
// Accounts

export interface Account {
  username: string;
  role: Role;
  password: string;
}

/** The demo accounts, plus a second official so two windows file and step concurrently. */
export const ACCOUNTS: readonly Account[] = [
  { username: 'funcionario', role: 'official', password: DEMO_PASSWORD },
  { username: 'ventanilla2', role: 'official', password: OTHER_PASSWORD },
  { username: 'comite', role: 'committee', password: DEMO_PASSWORD },
  { username: 'capacitador', role: 'trainer', password: DEMO_PASSWORD },
  { username: 'admin', role: 'admin', password: DEMO_PASSWORD },
];

const sessions = new Map<string, Promise<LoginResponse>>();

/** One sign-in per account and server (scrypt is slow on purpose); sessions survive restarts. */
export function sessionFor(server: { url: string; dataDir: string }, a: Account): Promise<LoginResponse> {
  const serverUrl = server.url;
  const key = `${server.dataDir}|${a.username}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      if (a.username === 'ventanilla2') {
        await createUserAsAdmin(serverUrl, { username: 'ventanilla2', displayName: 'Segunda ventanilla', role: 'official' }).catch((e: Error) => {
          if (!String(e.message).includes('USERNAME_TAKEN')) throw e;
        });
      }
      return login(serverUrl, a.username, a.password);
    })();
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

// ---------------------------------------------------------------------------
// Devices

export interface FaultDevice {
  index: number;
  account: Account;
  user: User;
  token: string;
  deviceId: string;
  ctx: DeviceContext;
  db: GelDb;
  engine: SyncEngine;
  online: boolean;
  /** Every change this device put in its outbox (committed), in order. */
  created: Mutation[];
  /** Times each mutation id was sent in a push (more than once: re-sent after a failed attempt). */
  sends: Map<string, number>;
  close(): Promise<void>;
}

export async function makeFaultDevice(
  server: { url: string; dataDir: string },
  baseUrl: string,
  index: number,
  account: Account,
  opts: { batchSize: number; onMutation: (m: Mutation, d: FaultDevice) => void },
): Promise<FaultDevice> {
  const session = await sessionFor(server, account);
  const { token, user } = session;
  const deviceId = uuidv7();
  const db = new GelDb(`gel-fault-${account.username}-${deviceId}`);
  await db.open();
  // Each device its own settings (one process holds many devices).
  const real = createTransport({ baseUrl, getToken: () => token, timeoutMs: 8_000 }, serverFeatures(`${baseUrl} ${deviceId}`));
  const sends = new Map<string, number>();
  const transport: Transport = {
    push: (req) => {
      for (const m of req.mutations as Mutation[]) sends.set(m.id, (sends.get(m.id) ?? 0) + 1);
      return real.push(req);
    },
    pull: (req) => real.pull(req),
  };
  const device: FaultDevice = {
    index,
    account,
    user,
    token,
    deviceId,
    ctx: { deviceId, userId: user.id, municipality: user.municipality, officialIdKey: session.officialIdKey },
    db,
    engine: null as unknown as SyncEngine,
    online: true,
    created: [],
    sends,
    close: async () => {
      device.engine.stop();
      db.close();
      await db.delete();
    },
  };
  device.engine = createSyncEngine({
    db,
    transport,
    deviceId,
    isOnline: () => device.online,
    // No retries on its own: the scenario decides when each device syncs.
    backoff: { baseMs: 3_600_000, maxMs: 3_600_000 },
    batchSize: opts.batchSize,
  });
  // Counted when the transaction that wrote it commits: that is when the change exists.
  db.outbox.hook('creating', (_pk, entry, tx) => {
    tx.on('complete', () => {
      device.created.push(entry.mutation);
      opts.onMutation(entry.mutation, device);
    });
  });
  return device;
}
