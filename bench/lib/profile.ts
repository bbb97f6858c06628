// Summaries of V8 CPU profiles (node --cpu-prof, or the DevTools Profiler domain): self time
// by area and the heaviest functions, self and inclusive, so a missed target says where the
// time goes.

import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Frames of a bundle (the production server, dist-server/main.js) named by their source file and
 * line through the bundle's source map, so areas and lines read as in the sources.
 */
export function withSourceMaps(p: CpuProfile): CpuProfile {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      maps.set(url, file.endsWith('.js') && existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never) : null);
    }
    return maps.get(url) ?? null;
  };
  const nodes = p.nodes.map((n) => {
    const map = n.callFrame.url ? mapOf(n.callFrame.url) : null;
    const entry = map?.findEntry(n.callFrame.lineNumber, n.callFrame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return n;
    return { ...n, callFrame: { ...n.callFrame, url: entry.originalSource, lineNumber: entry.originalLine ?? 0 } };
  });
  return { ...p, nodes };
}

export type AreaRule = readonly [RegExp, string];

export interface ProfileSummary {
  totalMs: number;
  /** Samples where the thread had nothing to run (waiting on I/O, timers, other threads). */
  idleMs: number;
  byArea: [string, number][];
  topSelf: [string, number][];
  topInclusive: [string, number][];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const m = /\/(src|sync-server|bench|tests)\//.exec(url);
  if (m) return url.slice(m.index + 1);
  return url.replace(/^.*\//, '');
}

export function frameLabel(f: CpuProfileNode['callFrame']): string {
  const fn = f.functionName || '(anonymous)';
  return f.url ? `${fn} ${shortUrl(f.url)}:${f.lineNumber + 1}` : fn;
}

/**
 * `window`: only samples taken within [from, to], in microseconds of the monotonic clock (V8's
 * sample times on Linux; `process.hrtime.bigint() / 1000n` in another process reads the same
 * clock), e.g. the pull phase of a run whose profile also holds the pushes.
 */
export function summarizeProfile(
  p: CpuProfile,
  rules: readonly AreaRule[],
  opts: { top?: number; inclusiveOf?: RegExp; window?: { from: number; to: number } } = {},
): ProfileSummary {
  const top = opts.top ?? 10;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i] as number;
    const delta = p.timeDeltas[i] ?? 0;
    at += delta;
    if (opts.window && (at < opts.window.from || at > opts.window.to)) continue;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  let idleMs = 0;
  for (const [id, ms] of self) {
    if (byId.get(id)?.callFrame.functionName === '(idle)') {
      idleMs += ms;
      self.delete(id);
    }
  }
  const areaOf = (f: CpuProfileNode['callFrame']) => {
    const key = `${f.url} ${f.functionName}`;
    for (const [re, name] of rules) if (re.test(key)) return name;
    return f.url ? shortUrl(f.url).split('/').slice(0, 2).join('/') : `(native) ${f.functionName}`;
  };
  const areas = new Map<string, number>();
  const selfByLabel = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    areas.set(areaOf(n.callFrame), (areas.get(areaOf(n.callFrame)) ?? 0) + ms);
    const label = frameLabel(n.callFrame);
    selfByLabel.set(label, (selfByLabel.get(label) ?? 0) + ms);
  }
  // Inclusive time: a node's self time plus its subtree's, counted once per label on a path.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  if (opts.inclusiveOf) {
    for (const [id, ms] of self) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const n = byId.get(cur);
        if (!n || !opts.inclusiveOf.test(n.callFrame.url)) continue;
        const label = frameLabel(n.callFrame);
        if (seen.has(label)) continue;
        seen.add(label);
        inclusive.set(label, (inclusive.get(label) ?? 0) + ms);
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, byArea: sorted(areas).slice(0, top), topSelf: sorted(selfByLabel).slice(0, top), topInclusive: sorted(inclusive).slice(0, top) };
}

/** Lines for a finding: shares of the thread's busy (non-idle) time. */
export function profileLines(s: ProfileSummary, what: string, idleMeans = 'waiting'): string[] {
  const busy = s.totalMs - s.idleMs;
  const pct = (ms: number) => `${((100 * ms) / (busy || 1)).toFixed(1)} %`;
  const lines = [`${what}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.idleMs / 1000).toFixed(1)} s idle (${idleMeans}), ${(busy / 1000).toFixed(1)} s busy; shares of the busy time:`];
  lines.push(`  self time by area: ${s.byArea.map(([a, ms]) => `${a} ${pct(ms)}`).join(', ')}`);
  lines.push(`  heaviest functions (self): ${s.topSelf.map(([a, ms]) => `${a} ${pct(ms)}`).join('; ')}`);
  if (s.topInclusive.length > 0) lines.push(`  project code (inclusive): ${s.topInclusive.map(([a, ms]) => `${a} ${pct(ms)}`).join('; ')}`);
  return lines;
}
