// `npm run bench` (tsx bench/run.ts): the figures of issue 8, measured side by side in one run.
//   --quick                         a small workload (smoke test)
//   --only=rural,peer,server,client choose parts (default: all)
//   --use-dist                      part 4 measures dist/ as it is instead of building afresh
// Prints a table (targets met / MISSED) and the findings, and writes bench/results.json
// (bench/results.quick.json for --quick).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runClient } from './client';
import { formatFindings, formatTable, type Finding, type PartResult, type Row } from './lib/report';
import { runPeer } from './peer';
import { runRural, type BenchOptions, type Shared } from './rural';
import { runServer } from './server';

const PARTS = ['rural', 'peer', 'server', 'client'] as const;
type Part = (typeof PARTS)[number];

function parseArgs(argv: string[]): BenchOptions & { parts: Set<Part>; useDist: boolean } {
  let parts = new Set<Part>(PARTS);
  let quick = false;
  let useDist = false;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a === '--use-dist') useDist = true;
    else if (a.startsWith('--only=')) {
      const wanted = a.slice('--only='.length).split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = wanted.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (unknown.length > 0) throw new Error(`Unknown part(s) ${unknown.join(', ')}; choose among ${PARTS.join(', ')}`);
      parts = new Set(wanted as Part[]);
    } else if (a === '--help' || a === '-h') {
      console.log('tsx bench/run.ts [--quick] [--only=rural,peer,server,client] [--use-dist]');
      process.exit(0);
    } else throw new Error(`Unknown argument '${a}' (try --help)`);
  }
  return { parts, quick, useDist, seed: 20260310 };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  console.log(`GEL Campo benchmark — ${opts.quick ? 'QUICK (smoke) workload' : 'full workload'}; parts: ${[...opts.parts].join(', ')}`);
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}\n`);

  const shared: Shared = {};
  const rows: Row[] = [];
  const findings: Finding[] = [];
  const raw: Record<string, unknown> = {};
  const run = async (part: Part, fn: () => Promise<PartResult>) => {
    if (!opts.parts.has(part)) return;
    const t0 = performance.now();
    const loadBefore = loadavg()[0] ?? 0;
    console.log(`… ${part} (load average ${loadBefore.toFixed(1)} on ${machine.cpus} cores)`);
    try {
      const r = await fn();
      const load = `1-min load average ${loadBefore.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end, on ${machine.cpus} cores (other processes on the machine compete for them)`;
      rows.push({ part, figure: 'Machine load during this part', value: load, target: '', verdict: 'info' }, ...r.rows);
      findings.push(...r.findings);
      raw[part] = { ...(r.raw ?? {}), loadAverage: { start: loadBefore, end: loadavg()[0] } };
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`part ${part} failed:\n${message}`);
      rows.push({ part, figure: 'PART FAILED', value: message.split('\n')[0]?.slice(0, 200) ?? '', target: '', verdict: 'n/a' });
      raw[part] = { error: message };
    }
    console.log(`  ${part} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  };

  await run('rural', () => runRural(opts, shared));
  await run('peer', () => runPeer(opts, shared));
  await run('server', () => runServer(opts));
  await run('client', () => runClient({ ...opts, useDist: opts.useDist }));

  const table = formatTable(rows);
  console.log(`\n${table}\n`);
  if (findings.length > 0) console.log(`Findings (targets missed, with where the time or the bytes go):\n\n${formatFindings(findings)}\n`);
  // A smoke run must not overwrite the figures of the last full run.
  const file = join(dirname(fileURLToPath(import.meta.url)), opts.quick ? 'results.quick.json' : 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt: started.toISOString(), finishedAt: new Date().toISOString(), quick: opts.quick, parts: [...opts.parts], machine, rows, findings, table, raw }, null, 2)}\n`,
  );
  console.log(`written ${file}`);
  // Dexie, PouchDB and keep-alive sockets would keep the process alive for a while. A part
  // that could not run is an error (a missed target is a finding, not a failure).
  const failed = rows.filter((r) => r.figure === 'PART FAILED').map((r) => r.part);
  if (failed.length > 0) console.error(`parts that could not run: ${failed.join(', ')}`);
  process.exit(failed.length > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
