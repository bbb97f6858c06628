// Sync under injected faults, end to end: devices of every role (real Dexie on fake-indexeddb,
// real ky transport, real SyncEngine) reach the real server (child process, SQLite) through a
// TCP-level proxy that drops, cuts, delays and throttles requests and SIGKILLs the server.
// Each seeded run then heals and checks: nothing lost, nothing duplicated, all converged.
// Fixed seeds, so a failure replays: `tsx scripts/soak.ts 1 <seed>`.
import { afterAll, describe, expect, it } from 'vitest';
import { proxiedServerPerFile } from '../fault/proxy';
import { faultSummary, optionsFor, runScenario, type RunReport } from '../fault/scenario';

/** Seeds of the fixed runs; KILL_SEEDS also SIGKILL the server (and restart it on the same DATA_DIR). */
const SEEDS = Array.from({ length: 20 }, (_, i) => 101 + i);
const KILL_SEEDS = new Set([104, 116]);

const world = proxiedServerPerFile();
const reports: RunReport[] = [];

afterAll(() => {
  if (reports.length > 0) {
    const sum = (f: (r: RunReport) => number) => reports.reduce((s, r) => s + f(r), 0);
    const faults: Record<string, number> = {};
    for (const r of reports) for (const [k, n] of Object.entries(r.faults)) faults[k] = (faults[k] ?? 0) + n;
    console.log(
      `fault injection: ${reports.length} runs, ${sum((r) => r.mutations)} mutations (${sum((r) => r.resent)} re-sent), ${sum((r) => r.kills)} kills, ` +
        `${faultSummary(faults)}, ${sum((r) => r.ms)} ms`,
    );
  }
});

describe('sync under injected faults (fixed seeds)', () => {
  it.each(SEEDS)('seed %i: nothing lost, nothing duplicated, every device converges', async (seed) => {
    const r = await runScenario(seed, { server: world.server, proxy: world.proxy, ...optionsFor(seed), steps: 24, kills: KILL_SEEDS.has(seed) ? 2 : 0 });
    reports.push(r);
    if (!r.ok) console.error(`fault-injection seed ${seed} failed (replay: tsx scripts/soak.ts 1 ${seed}):\n  ${r.failures.join('\n  ')}\n${world.server.output().slice(-2000)}`);
    expect(r.failures, `seed ${seed}`).toEqual([]);
    expect(r.mutations, `seed ${seed} made changes`).toBeGreaterThan(0);
    expect(r.checksums).toHaveLength(5);
  });

  it('the fixed runs injected every kind of fault and killed the server', () => {
    const total = (k: string) => reports.reduce((s, r) => s + (r.faults[k as keyof RunReport['faults']] ?? 0), 0);
    for (const k of ['drop-before', 'cut-request', 'drop-after', 'cut-answer', 'delay', 'throttle', 'bad-gateway', 'duplicate', 'offline']) {
      expect(total(k), k).toBeGreaterThan(0);
    }
    expect(reports.reduce((s, r) => s + r.kills, 0)).toBeGreaterThan(0);
    // Answers were lost after the server committed, so receipts answered replays.
    expect(total('drop-after') + total('cut-answer')).toBeGreaterThan(0);
    expect(reports.reduce((s, r) => s + r.resent, 0)).toBeGreaterThan(0);
  });
});
