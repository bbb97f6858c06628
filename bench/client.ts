// Part 4, the client: what the first load downloads, opening offline at 4× CPU throttle, save
// latency and the list queries over 10,000 requests (in Chromium, on its real IndexedDB).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIRST_LOAD_BUDGET, INSTALL_TARGET, wireSize } from '../build-tools/wire-size';
import { REPO_ROOT } from '../tests/helpers/launch-server';
import type { ChunkStats } from './client/chunk-stats';
import { runBrowser, type BrowserFigures, type OpenSample } from './client/browser';
import { profileLines, summarizeProfile, type AreaRule } from './lib/profile';
import { info, judged, kb, msf, type Finding, type PartResult, type Row } from './lib/report';
import { median, percentile } from './lib/rng';
import { startBenchServer } from './lib/server';
import type { BenchOptions } from './rural';

const part = 'client';

function buildInto(mode: 'app' | 'harness', outDir: string, statsFile?: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/client/build-app.ts', mode, outDir, ...(statsFile ? [statsFile] : [])], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build (${mode}) failed:\n${r.stdout}\n${r.stderr}`);
}

/** Where the first load's bytes come from: the entry chunk and what it imports statically. */
function bundleComposition(chunks: ChunkStats[]): string[] {
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const first = new Set<string>();
  const visit = (file: string) => {
    if (first.has(file)) return;
    first.add(file);
    for (const i of byFile.get(file)?.imports ?? []) visit(i);
  };
  for (const c of chunks) if (c.isEntry) visit(c.file);
  const groups = new Map<string, number>();
  let total = 0;
  for (const file of first) {
    for (const m of byFile.get(file)?.modules ?? []) {
      const id = m.id.replace(/^\0/, '');
      const nm = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(id);
      const key = nm ? (nm[1] as string) : id.split('/').slice(0, id.startsWith('src/') ? 3 : 1).join('/') || '(vite helpers)';
      groups.set(key, (groups.get(key) ?? 0) + m.renderedLength);
      total += m.renderedLength;
    }
  }
  const top = [...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16);
  const lazy = chunks.filter((c) => !first.has(c.file)).length;
  return [
    `loaded at start: ${[...first].join(' + ')} = ${kb(total)} of module code (rendered, before minification)`,
    `by package / folder: ${top.map(([k, v]) => `${k} ${((100 * v) / total).toFixed(1)} %`).join(', ')}`,
    `${lazy} lazy chunks are not counted (loaded when a page needs them)`,
  ];
}

const BROWSER_AREAS: AreaRule[] = [
  [/\/assets\/index-[^/]*\.js/, 'entry chunk (assets/index-*.js)'],
  [/^ \(garbage collector\)$/, '(garbage collector)'],
  [/^ \(program\)$/, '(program: parse, compile, layout, style)'],
];

const usable = (s: OpenSample, withRows: boolean) => (withRows ? s.rowIdle : s.idle) ?? Number.NaN;
const list = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');

function openRows(b: BrowserFigures, findings: Finding[]): Row[] {
  const empty = b.openEmpty.map((s) => usable(s, false));
  const full = b.openWithData.map((s) => usable(s, true));
  const rows = [
    info(part, 'CPU throttle check (same JS loop, 1× vs 4×)', `${msf(b.calibration.rate1, 0)} vs ${msf(b.calibration.rate4, 0)} (${(b.calibration.rate4 / b.calibration.rate1).toFixed(1)}×)`),
    judged(part, 'Open offline, 4× CPU: signed-in list usable (empty device)', `median ${msf(median(empty), 0)} (runs: ${list(empty)}); heading in DOM ${msf(median(b.openEmpty.map((s) => s.heading ?? NaN)), 0)}`, '≤ 1,000 ms', median(empty) <= 1000),
    judged(part, `Open offline, 4× CPU: first rows usable with ${b.seeded.count} requests on the device`, `median ${msf(median(full), 0)} (runs: ${list(full)})`, '≤ 1,000 ms', median(full) <= 1000),
  ];
  if (median(empty) > 1000 || median(full) > 1000) {
    const n = b.navigation;
    const s = b.openWithData[0];
    findings.push({
      part,
      title: `Opening offline at 4× takes ${msf(median(empty), 0)} (empty device) / ${msf(median(full), 0)} (${b.seeded.count} requests) to a usable list (target 1,000 ms)`,
      lines: [
        `timeline of the profiled open (ms from navigation start): service worker started ${n.workerStart?.toFixed(0)}, document from the SW ${n.documentResponseEnd?.toFixed(0)}, last JS chunk from the SW ${n.jsResponseEnd?.toFixed(0)}, DOM interactive ${n.domInteractive?.toFixed(0)}, DOMContentLoaded ${n.domContentLoaded?.toFixed(0)}, load ${n.loadEventEnd?.toFixed(0)}`,
        `one run with data: heading ${s?.heading?.toFixed(0)}, first row in DOM ${s?.firstRow?.toFixed(0)}, its frame ${s?.rowFrame?.toFixed(0)}, main thread free ${s?.rowIdle?.toFixed(0)}; long tasks [start, ms]: ${JSON.stringify(s?.longTasks ?? [])}`,
        ...profileLines(
          summarizeProfile(b.openProfile, BROWSER_AREAS, { top: 6 }),
          'main-thread CPU profile of one open (4×, with data; the service worker runs on its own thread)',
          'waiting on IndexedDB, the service worker, frames',
        ),
      ],
    });
  }
  return rows;
}

function saveAndFilterRows(b: BrowserFigures, findings: Finding[]): Row[] {
  const rows: Row[] = [];
  const r1 = b.rates['1'];
  const r4 = b.rates['4'];
  const stat = (xs: number[]) => `p50 ${msf(percentile(xs, 50), 2)} · p95 ${msf(percentile(xs, 95), 2)} · max ${msf(Math.max(...xs), 1)} (n=${xs.length})`;
  rows.push(
    judged(part, 'Save a request (fileRequest: Dexie transaction), empty device, 1×', stat(r1.savesEmpty), 'p95 ≤ 10 ms', percentile(r1.savesEmpty, 95) <= 10),
    judged(part, `Save a request with ${r1.seed.count} on the device, 1×`, stat(r1.savesFull), 'p95 ≤ 10 ms', percentile(r1.savesFull, 95) <= 10),
    info(part, 'Save a request at 4× CPU (empty / full device)', `p50 ${msf(percentile(r4.savesEmpty, 50), 1)} / ${msf(percentile(r4.savesFull, 50), 1)} · p95 ${msf(percentile(r4.savesEmpty, 95), 1)} / ${msf(percentile(r4.savesFull, 95), 1)}`),
  );
  for (const [label, r] of [['1×', r1], ['4× CPU', r4]] as const) {
    const medians = Object.entries(r.filters).map(([name, f]) => [name, median(f.ms), f.rows] as const);
    const worst = medians.reduce((a, b) => (b[1] > a[1] ? b : a));
    const detail = medians.map(([name, m, n]) => `${name}: ${m.toFixed(1)} ms (${n})`).join('; ');
    rows.push(
      label === '1×'
        ? judged(part, `List and filter ${r.seed.count} requests (src/modules/pqrsd/queries.ts in the page, Chromium IndexedDB), ${label}: slowest median`, `${worst[0]}: ${msf(worst[1])}`, '≤ 50 ms', worst[1] <= 50, { medians })
        : info(part, `List and filter ${r.seed.count} requests at ${label}: slowest median`, `${worst[0]}: ${msf(worst[1])}`, { medians }),
      info(part, `… every query, median ms (rows returned), ${label}`, detail),
    );
    if (label === '1×' && worst[1] > 50) {
      findings.push({
        part,
        title: `Filtering ${r.seed.count} requests: '${worst[0]}' takes ${msf(worst[1])} at 1× (target 50 ms)`,
        lines: [
          `medians at 1×: ${detail}`,
          `medians at 4×: ${Object.entries(r4.filters).map(([n, f]) => `${n} ${median(f.ms).toFixed(0)} ms`).join('; ')}`,
          `records in the index ranges the queries walk: ${JSON.stringify(r.scan)}; deadlineCounts() and dependencias() read the tally table (open requests per due month and day, requests per dependencia; kept by a DBCore middleware in each write's transaction); the list screen runs them with listRequests on every open and every change`,
        ],
      });
    }
  }
  for (const [name, xs] of [['empty device', r1.savesEmpty], ['full device', r1.savesFull]] as const) {
    if (percentile(xs, 95) > 10) {
      const sorted = [...xs].sort((a, b) => a - b);
      findings.push({
        part,
        title: `Saving a request (${name}) has p95 ${msf(percentile(xs, 95), 1)} (target 10 ms)`,
        lines: [
          `distribution: p10 ${msf(percentile(xs, 10))}, p50 ${msf(percentile(xs, 50))}, p90 ${msf(percentile(xs, 90))}, p99 ${msf(percentile(xs, 99))}; slowest ${sorted.slice(-5).map((x) => x.toFixed(1)).join(', ')} ms; first 5 saves ${xs.slice(0, 5).map((x) => x.toFixed(1)).join(', ')} ms`,
          `parts of a save at 1× (same page, same database): zod check of the filing p50 ${msf(percentile(r1.breakdown.validate, 50), 2)} / p95 ${msf(percentile(r1.breakdown.validate, 95), 2)}; a bare read-write transaction putting one meta key (the IndexedDB commit floor) p50 ${msf(percentile(r1.breakdown.bareTx, 50), 2)} / p95 ${msf(percentile(r1.breakdown.bareTx, 95), 2)}`,
          'fileRequest = zod check + one Dexie rw transaction over pqrsd, outbox, meta, the settings and the tallies (settings and counter read together; counter put and the request add with at most 40 search-token index entries together, the tally middleware reading and writing the 3 tallies it changes; outbox add)',
        ],
      });
    }
  }
  return rows;
}

export async function runClient(o: BenchOptions & { useDist: boolean }): Promise<PartResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'gel-bench-client-'));
  try {
    const dist = o.useDist ? join(REPO_ROOT, 'dist') : join(tmp, 'dist');
    const statsFile = join(tmp, 'chunks.json');
    if (!o.useDist) buildInto('app', dist, statsFile);
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: build the app first (npm run build)`);
    buildInto('harness', join(tmp, 'harness'));
    const harness = readFileSync(join(tmp, 'harness', 'harness.js'), 'utf8');
    const findings: Finding[] = [];
    const rows: Row[] = [];

    // What a browser receives (Accept-Encoding: br, gzip): each file's brotli twin, as the server sends it.
    const wire = wireSize(dist);
    const firstLoad = wire.total(wire.firstLoad);
    const install = wire.total(wire.install);
    const largest = [...wire.install].sort((a, b) => wire.bytes(b) - wire.bytes(a)).slice(0, 6);
    const build = o.useDist ? 'dist/ as found' : 'fresh vite build';
    rows.push(
      judged(part, `First load on the wire: index.html + JS + CSS, brotli (${build})`, `${kb(firstLoad)}: ${wire.firstLoad.map((f) => `${f.replace('assets/', '')} ${kb(wire.bytes(f))}`).join(', ')}`, '≤ 60 KB', firstLoad <= FIRST_LOAD_BUDGET, { files: wire.firstLoad }),
      judged(part, 'Whole install on the wire: everything the service worker precaches, brotli', `${kb(install)} in ${wire.install.length} files (${kb(dirBytes(dist))} raw in the build)`, '≤ 150 KB', install <= INSTALL_TARGET),
    );
    const chunks = existsSync(statsFile) ? (JSON.parse(readFileSync(statsFile, 'utf8')) as ChunkStats[]) : [];
    if (firstLoad > FIRST_LOAD_BUDGET) {
      findings.push({
        part,
        title: `The first load is ${kb(firstLoad)} on the wire (target 60 KB)`,
        lines: chunks.length > 0 ? bundleComposition(chunks) : ['(module sizes are only known for a fresh build: run without --use-dist)'],
      });
    }
    if (install > INSTALL_TARGET) {
      findings.push({
        part,
        title: `The whole install is ${kb(install)} on the wire (target 150 KB)`,
        lines: [`largest files: ${largest.map((f) => `${f} ${kb(wire.bytes(f))}`).join(', ')}`, 'every screen stays precached so it opens offline; see README "Performance" for what each part is'],
      });
    }

    const server = await startBenchServer({ STATIC_DIR: dist });
    let b: BrowserFigures;
    try {
      b = await runBrowser(server.url, harness, o);
    } finally {
      await server.stop();
    }
    const shell = b.firstLoad.filter((r) => r.url === '/' || /\.(js|css)$/.test(r.url));
    const transferred = shell.reduce((s, r) => s + r.bodyBytes, 0);
    const encodings = [...new Set(shell.map((r) => r.contentEncoding || 'none'))].join(', ');
    rows.push(info(part, '… bytes the browser actually received on the first load (document + JS + CSS)', `${kb(transferred)} in ${shell.length} responses, content-encoding: ${encodings}`, { firstLoad: b.firstLoad }));
    if (encodings.includes('none')) {
      findings.push({ part, title: `Some first-load files came uncompressed: the browser received ${kb(transferred)} where the build's brotli twins are ${kb(firstLoad)}`, lines: [`responses: ${shell.map((r) => `${r.url} ${r.contentEncoding || 'none'}`).join(', ')}`] });
    }
    rows.push(...openRows(b, findings), ...saveAndFilterRows(b, findings));
    return { rows, findings, raw: { ...b, openProfile: undefined } };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function dirBytes(dir: string): number {
  const out = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  const n = Number(out.stdout.split(/\s/)[0]);
  return Number.isFinite(n) ? n : statSync(dir).size;
}
