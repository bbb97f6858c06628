// Soak test of sync under faults: many seeded runs of tests/fault/scenario.ts against the real
// server, in batches that share a server process (fresh devices per run).
//
//   npm run soak                        # 500 runs from seed 1
//   tsx scripts/soak.ts [runs=500] [startSeed=1] [runsPerServer=25]
//
// Ctrl-C stops after the current run and prints the summary of the runs done.
// Every 4th run may SIGKILL the server (and restarts it on the same DATA_DIR). A failing seed
// is printed with its reasons; replay it alone with `tsx scripts/soak.ts 1 <seed>`, or exactly
// (same server history) with its batch: `tsx scripts/soak.ts <n> <first seed of the batch>`.
import { startServerProcess, type ServerProcess } from '../tests/helpers/server-process';
import { startFaultProxy, FAULT_TYPES, type FaultProxy, type ProxyCounter } from '../tests/fault/proxy';
import { optionsFor, runScenario, type RunReport } from '../tests/fault/scenario';

const runs = Number(process.argv[2] ?? 500);
const startSeed = Number(process.argv[3] ?? 1);
const perServer = Number(process.argv[4] ?? 25);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(startSeed) || !Number.isInteger(perServer) || perServer < 1) {
  console.error('usage: tsx scripts/soak.ts [runs=500] [startSeed=1] [runsPerServer=25]');
  process.exit(2);
}

const totals = { runs: 0, mutations: 0, actions: 0, syncs: 0, resent: 0, kills: 0 };
const faults: Partial<Record<ProxyCounter, number>> = {};
const byRoute: Record<string, number> = {};
const quarantined: Record<string, number> = {};
const failed: RunReport[] = [];
const started = Date.now();
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// Ctrl-C (SIGINT) stops after the current run and still prints the summary.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.log('… interrupted: finishing the current run, then the summary');
});

let server: ServerProcess | null = null;
let proxy: FaultProxy | null = null;
try {
  for (let i = 0; i < runs && !interrupted; i++) {
    const seed = startSeed + i;
    if (i % perServer === 0) {
      await proxy?.close();
      await server?.stop();
      server = await startServerProcess();
      proxy = await startFaultProxy(server);
    }
    const r = await runScenario(seed, { server: server as ServerProcess, proxy: proxy as FaultProxy, ...optionsFor(seed) });
    totals.runs++;
    totals.mutations += r.mutations;
    totals.actions += r.actions;
    totals.syncs += r.syncs;
    totals.resent += r.resent;
    totals.kills += r.kills;
    for (const [k, n] of Object.entries(r.faults)) faults[k as ProxyCounter] = (faults[k as ProxyCounter] ?? 0) + n;
    for (const [k, n] of Object.entries(r.byRoute)) byRoute[k] = (byRoute[k] ?? 0) + n;
    for (const [k, n] of Object.entries(r.quarantined)) quarantined[k] = (quarantined[k] ?? 0) + n;
    if (!r.ok) {
      failed.push(r);
      console.log(`✗ seed ${seed} FAILED (${fmt(r.ms)}):\n  ${r.failures.join('\n  ')}`);
    }
    if ((i + 1) % 25 === 0 || i === runs - 1) {
      console.log(`… ${i + 1}/${runs} runs, ${failed.length} failed, ${totals.mutations} mutations, ${totals.kills} kills, ${fmt(Date.now() - started)}`);
    }
  }
} finally {
  await proxy?.close();
  await server?.stop();
}

const rows: [string, string | number][] = [
  ['runs', `${totals.runs}${interrupted ? ` (interrupted; ${runs} asked)` : ''}`],
  ['seeds', `${startSeed}…${startSeed + totals.runs - 1}`],
  ['user actions', totals.actions],
  ['mutations', totals.mutations],
  ['syncs', totals.syncs],
  ['mutations re-sent (replays)', totals.resent],
  ['server kills (SIGKILL + restart)', totals.kills],
  ...(['pass', ...FAULT_TYPES.filter((t) => t !== 'pass'), 'offline', 'refused'] as ProxyCounter[]).map((t): [string, string] => [
    t === 'offline' ? 'cut: device offline' : t === 'refused' ? 'cut: server down' : `fault: ${t}`,
    `${String(faults[t] ?? 0).padStart(6)}   (push ${byRoute[`${t} /api/sync/push`] ?? 0}, pull ${byRoute[`${t} /api/sync/pull`] ?? 0})`,
  ]),
  ...Object.entries(quarantined)
    .sort()
    .map(([k, n]): [string, number] => [`expected refusal: ${k}`, n]),
  ['failures', failed.length],
  ['failed seeds', failed.map((r) => r.seed).join(', ') || '—'],
  ['time', fmt(Date.now() - started)],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nSoak summary\n${'-'.repeat(width + 14)}`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
process.exit(failed.length > 0 ? 1 : 0);
