// One seeded fault run: devices of every role act offline and online while the proxy breaks
// their requests (and, if asked, SIGKILLs the server); then the link heals, every device syncs
// until quiet, and the run is checked: nothing lost, nothing duplicated, everyone converged.
import { getMeta, type QuarantineEntry } from '../../src/db/database';
import { discardRejected } from '../../src/sync/quarantine';
import type { ServerProcess } from '../helpers/server-process';
import { newRegistry, randomAction } from './actions';
import { checkMutations, checksum, deviceView, diffViews, readServerFacts, serverView } from './checks';
import { FAULT_TYPES, type Fault, type FaultProxy, type FaultType, type ProxyCounter, type RequestInfo } from './proxy';
import { ACCOUNTS, makeFaultDevice, Rng, type FaultDevice } from './world';

export interface ScenarioOptions {
  server: ServerProcess;
  proxy: FaultProxy;
  /** Random steps (actions, syncs, link changes) before healing. */
  steps?: number;
  /** Share of a device's requests that get a fault. */
  faultRate?: number;
  /** Most server kills in this run (through 'kill' faults and kills between requests). */
  kills?: number;
  /** Syncs of several devices at once, and user actions while a device syncs. */
  concurrency?: boolean;
}

export interface RunReport {
  seed: number;
  ok: boolean;
  failures: string[];
  /** Changes the devices made (outbox entries). */
  mutations: number;
  actions: number;
  syncs: number;
  /** Mutations pushed more than once (their first attempt failed or its answer was lost). */
  resent: number;
  faults: Record<ProxyCounter, number>;
  /** The same by route (`drop-after /api/sync/push`). */
  byRoute: Record<string, number>;
  kills: number;
  /** Refusals kept in quarantine, by kind and code (all of them expected when ok). */
  quarantined: Record<string, number>;
  /** Device checksum = server checksum, per device. */
  checksums: string[];
  ms: number;
}

const FAULT_WEIGHTS: Record<Exclude<FaultType, 'pass' | 'kill'>, number> = {
  'drop-before': 3,
  'cut-request': 2,
  'drop-after': 4,
  'cut-answer': 3,
  delay: 3,
  throttle: 2,
  'bad-gateway': 2,
  duplicate: 2,
};

/**
 * A device's stream of faults: its own PRNG, so what one device gets never shifts another's.
 * Pushes get more faults than pulls (a lost push answer is what exercises the receipts), and
 * kills happen during pushes (a transaction may be open when the server dies).
 */
function faultStream(seed: number, device: number, rate: number, mayKill: () => boolean): (info: RequestInfo) => Fault {
  const rng = new Rng(seed, 1000 + device);
  return (info) => {
    const push = info.path.startsWith('/api/sync/push');
    if (!rng.chance(push ? Math.min(0.9, rate * 1.5) : rate * 0.7)) return { type: 'pass' };
    if (push && mayKill() && rng.chance(0.25)) return { type: 'kill', ms: rng.int(25) };
    const type = rng.weighted(FAULT_WEIGHTS);
    return { type, ms: type === 'delay' ? rng.range(20, 150) : rng.range(2, 12), fraction: 0.1 + rng.next() * 0.8, pieces: rng.range(2, 8) };
  };
}

/** Syncs every device in turn until a whole round moves nothing (no outbox, no new changes, no error). */
async function settle(devices: readonly FaultDevice[], maxRounds = 12): Promise<string | null> {
  let lastError = '';
  for (let round = 0; round < maxRounds; round++) {
    let moved = false;
    for (const d of devices) {
      const before = [await d.db.outbox.count(), await getMeta(d.db, 'cursor')] as const;
      await d.engine.syncNow();
      const cursor = await getMeta(d.db, 'cursor');
      const error = d.engine.getStatus().lastError;
      if (error) lastError = `; last error: ${d.account.username} ${error.code} ${error.message}`;
      if (before[0] > 0 || before[1] !== cursor || error) moved = true;
    }
    if (!moved) return null;
  }
  return `devices did not settle within ${maxRounds} rounds${lastError}`;
}

export async function runScenario(seed: number, opts: ScenarioOptions): Promise<RunReport> {
  const started = Date.now();
  const { server, proxy } = opts;
  const rng = new Rng(seed);
  const steps = opts.steps ?? 40;
  const maxKills = opts.kills ?? 0;
  const killsAtStart = proxy.kills;
  const mayKill = () => proxy.kills - killsAtStart < maxKills && !proxy.serverDown;
  const reg = newRegistry(seed);
  let order = 0;
  proxy.resetCounts();
  const report: RunReport = {
    seed,
    ok: false,
    failures: [],
    mutations: 0,
    actions: 0,
    syncs: 0,
    resent: 0,
    faults: { ...proxy.counts },
    byRoute: {},
    kills: 0,
    quarantined: {},
    checksums: [],
    ms: 0,
  };
  await proxy.restartServer();
  const devices: FaultDevice[] = [];
  try {
    for (const [i, account] of ACCOUNTS.entries()) {
      devices.push(
        await makeFaultDevice(server, proxy.deviceUrl(i), i, account, {
          batchSize: rng.range(1, 12),
          onMutation: (m) => reg.mutationOrder.set(m.id, order++),
        }),
      );
    }
    const streams = devices.map((d) => faultStream(seed, d.index, opts.faultRate ?? 0.45, mayKill));
    proxy.setPlan((info) => (info.device === null ? { type: 'pass' } : (streams[info.device]?.(info) ?? { type: 'pass' })));
    // Everyone starts from the server's state (the run's faults already apply).
    for (const d of devices) await d.engine.syncNow();

    const act = async (d: FaultDevice) => {
      if ((await randomAction(d, reg, rng)) !== null) report.actions++;
    };
    const sync = async (...ds: FaultDevice[]) => {
      report.syncs += ds.length;
      await Promise.all(ds.map((d) => d.engine.syncNow()));
    };
    // The server comes back on its own time (it takes a while): devices keep working meanwhile.
    let restarting: Promise<void> | null = null;
    for (let i = 0; i < steps; i++) {
      if (proxy.serverDown && !restarting && rng.chance(0.3)) {
        restarting = proxy.restartServer().finally(() => {
          restarting = null;
        });
      }
      const d = rng.pick(devices) as FaultDevice;
      const op = rng.weighted({
        act: 50,
        sync: 24,
        link: 7,
        ...(opts.concurrency ? { together: 8, actWhileSyncing: 8 } : {}),
        ...(maxKills > 0 ? { kill: 3 } : {}),
      });
      if (op === 'act') for (let n = rng.range(1, 3); n > 0; n--) await act(d);
      else if (op === 'sync') await sync(d);
      else if (op === 'link') {
        d.online = !d.online;
        proxy.setDeviceOnline(d.index, d.online);
      } else if (op === 'together') {
        const others = devices.filter((x) => x !== d && rng.chance(0.5));
        await sync(d, ...others);
      } else if (op === 'actWhileSyncing') {
        report.syncs++;
        const running = d.engine.syncNow();
        await act(d);
        await act(d);
        await running;
      } else if (op === 'kill' && mayKill() && !restarting) {
        await proxy.idle();
        await proxy.killServer();
      }
    }
    if (maxKills > 0 && proxy.kills === killsAtStart) {
      // A run that may kill does kill at least once: during the next push of a device with work to send.
      await restarting;
      await proxy.restartServer();
      const d = devices.find((x) => x.online) ?? (devices[0] as FaultDevice);
      d.online = true;
      proxy.setDeviceOnline(d.index, true);
      for (let n = 0; n < 50 && (await d.db.outbox.count()) === 0; n++) await act(d);
      const ms = rng.int(25);
      proxy.setPlan((info) => (info.device === d.index && info.path.startsWith('/api/sync/push') ? { type: 'kill', ms } : { type: 'pass' }));
      await sync(d);
    }
    report.faults = { ...proxy.counts };
    report.byRoute = { ...proxy.byRoute };
    report.kills = proxy.kills - killsAtStart;

    // Heal: no faults, every link up, the server running; then sync until quiet.
    proxy.setPlan(null);
    await proxy.idle();
    await restarting;
    await proxy.restartServer();
    for (const d of devices) {
      d.online = true;
      proxy.setDeviceOnline(d.index, true);
    }
    const failures = report.failures;
    const unsettled = await settle(devices);
    if (unsettled) failures.push(unsettled);
    const quarantines = new Map<FaultDevice, QuarantineEntry[]>();
    for (const d of devices) {
      if ((await d.db.outbox.count()) > 0) failures.push(`${d.account.username}: ${await d.db.outbox.count()} changes still in the outbox`);
      const q = await d.db.quarantine.toArray();
      quarantines.set(d, q);
      for (const e of q) {
        const key = `${e.kind}/${e.mutation.op}:${e.error.code}`;
        report.quarantined[key] = (report.quarantined[key] ?? 0) + 1;
      }
    }
    const all = devices.flatMap((d) => d.created);
    report.mutations = all.length;
    report.resent = devices.reduce((n, d) => n + [...d.sends.values()].filter((k) => k > 1).length, 0);
    const facts = readServerFacts(server.dataDir, all, devices.map((d) => d.deviceId));
    failures.push(...checkMutations(devices, quarantines, facts));

    // A person discards each (expected) refusal; then everyone must hold exactly the server's state.
    let discarded = 0;
    for (const [d, q] of quarantines) for (const e of q) discarded += (await discardRejected(d.db, d.engine.events, e.mutationId), 1);
    const again = discarded > 0 ? await settle(devices) : null;
    if (again) failures.push(`after discarding refusals: ${again}`);
    for (const d of devices) {
      const [mine, theirs] = [await deviceView(d), await serverView(server.url, d.token)];
      const diff = diffViews(mine.records, theirs);
      const [a, b] = [checksum(mine.records), checksum(theirs)];
      report.checksums.push(a);
      if (a !== b || diff.length > 0) failures.push(`${d.account.username} diverged (device ${a} ≠ server ${b}):\n  ${diff.join('\n  ')}`);
      if (mine.unsynced.length > 0) failures.push(`${d.account.username}: records not synced after healing: ${mine.unsynced.slice(0, 3).join(', ')}`);
      if ((await d.db.quarantine.count()) > 0) failures.push(`${d.account.username}: quarantine not empty after discarding`);
    }
  } catch (err) {
    report.failures.push(`run crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    proxy.setPlan(null);
    for (const d of devices) await d.close().catch(() => undefined);
    for (const d of devices) proxy.setDeviceOnline(d.index, true);
  }
  report.ok = report.failures.length === 0;
  report.ms = Date.now() - started;
  return report;
}

/** The options of a seed's run, shared by the integration test and the soak. */
export function optionsFor(seed: number): Omit<ScenarioOptions, 'server' | 'proxy'> {
  return { steps: 40, faultRate: 0.45, concurrency: seed % 2 === 0, kills: seed % 4 === 0 ? 2 : 0 };
}

export function faultSummary(counts: Partial<Record<ProxyCounter, number>>): string {
  return [...FAULT_TYPES.filter((t) => t !== 'pass'), 'offline', 'refused']
    .map((t) => `${t}=${counts[t as ProxyCounter] ?? 0}`)
    .join(' ');
}
