// Part 1, the rural link: one device pushes the workload through the emulated link to a real
// sync server, a second device pulls everything; compared with the physical limit.
import { gzipSync } from 'node:zlib';
import 'fake-indexeddb/auto';
import { GelDb } from '../src/db/database';
import { openBenchDevice, type SyncOutcome } from './lib/device';
import { physicalLimitMs, startLink, type LinkOptions, type LinkStats } from './lib/link';
import { profileLines, summarizeProfile, type AreaRule } from './lib/profile';
import { info, judged, kb, ratio, sec, type Finding, type PartResult } from './lib/report';
import { withCpuProfile } from './lib/self-profile';
import { startBenchServer } from './lib/server';
import { fileWorkload, FULL_WORKLOAD, QUICK_WORKLOAD, workloadDocuments, type WorkloadSize } from './lib/workload';
import { newSecretKey } from '#shared/crypto/hmac';

export interface BenchOptions {
  quick: boolean;
  seed: number;
}

/** 256 kbit/s each way, 600 ms round trip, 1 % of requests lost, every connection cut each 30 s. */
export const RURAL_LINK: Omit<LinkOptions, 'upstreamPort'> = {
  bitsPerSecond: 256_000,
  oneWayDelayMs: 300,
  dropRequestProbability: 0.01,
  cutEveryMs: 30_000,
  seed: 1755,
};
export const LINK_LABEL = '256 kbit/s each way, RTT 600 ms, 1 % requests dropped (seed 1755), all connections cut every 30 s';

export type Doc = { kind: string; doc: Record<string, unknown> };

/** Areas of the device side's CPU profile. */
export const CLIENT_AREAS: AreaRule[] = [
  [/node_modules\/fake-indexeddb\//, 'fake-indexeddb'],
  [/node_modules\/dexie\//, 'Dexie'],
  [/node_modules\/zod\//, 'zod'],
  [/node_modules\/ky\//, 'ky'],
  [/node_modules\/undici|node:internal\/deps\/undici/, 'undici (fetch)'],
  [/src\/sync\//, 'src/sync (engine)'],
  [/src\/(modules|db)\//, 'src/modules + db'],
  [/src\/shared\//, 'src/shared'],
  [/bench\/lib\/link/, 'link emulator'],
  [/^node:/, 'node internals'],
  [/^ \(garbage collector\)$/, '(garbage collector)'],
  [/^ \(program\)$/, '(program)'],
];

export interface PhaseFigures {
  ms: number;
  stats: LinkStats;
  failures: number;
  errors: string[];
  clientCpuS: number;
  serverCpuS: number;
}

/** What part 2 compares with; filled by part 1. */
export interface Shared {
  docs?: Doc[];
  workload?: WorkloadSize;
  gzipBytes?: number;
  limitMs?: number;
  rural?: { ms: number; bytesUp: number; bytesDown: number; requests: number; pullBack?: number };
}

export const workloadOf = (o: BenchOptions) => (o.quick ? QUICK_WORKLOAD : FULL_WORKLOAD);

export function describeWorkload(w: WorkloadSize): string {
  return `${w.pqrsd} PQRSD, ${w.sessions * w.officials} attendance marks, ${w.drafts} portal drafts (+ ${w.officials} officials, 1 course, ${w.sessions} sessions)`;
}

/** gzip -9 of the JSON of the records, and the physical limit of moving it once. */
export function limitOf(docs: Doc[]): { jsonBytes: number; gzipBytes: number; limitMs: number } {
  const json = JSON.stringify(docs.map((d) => d.doc));
  const gzipBytes = gzipSync(json, { level: 9 }).length;
  return { jsonBytes: Buffer.byteLength(json), gzipBytes, limitMs: physicalLimitMs(gzipBytes, RURAL_LINK.bitsPerSecond, 2 * RURAL_LINK.oneWayDelayMs) };
}

/** The documents without a server: the workload filed on a scratch database (for part 2 alone). */
export async function scratchDocuments(w: WorkloadSize, seed: number): Promise<Doc[]> {
  const db = new GelDb(`bench-scratch-${seed}-${Date.now()}`);
  await db.open();
  // A scratch device that never talks to the server: its own municipality key.
  await fileWorkload(db, { deviceId: '01890000-0000-7000-8000-00000000beef', userId: 'scratch', municipality: '95200', officialIdKey: newSecretKey() }, w, seed);
  const docs = await workloadDocuments(db);
  db.close();
  await db.delete();
  return docs;
}

/** Where a phase's wall time went: the link busy moving bytes, round trips, retries, CPU. */
export function phaseProfile(name: string, p: PhaseFigures): string {
  const busyUp = (p.stats.bytesUp * 8 * 1000) / RURAL_LINK.bitsPerSecond;
  const busyDown = (p.stats.bytesDown * 8 * 1000) / RURAL_LINK.bitsPerSecond;
  const rtts = (p.stats.requests + p.stats.connections) * 2 * RURAL_LINK.oneWayDelayMs;
  return (
    `${name}: wall ${sec(p.ms)} = link busy ↑${sec(busyUp)} ↓${sec(busyDown)}; ${p.stats.requests} requests + ${p.stats.connections} connections ` +
    `≈ ${sec(rtts)} of round trips if none overlap; ${p.failures} failed runs (${p.stats.droppedRequests} dropped requests, ${p.stats.cutConnections} cut connections) ` +
    `retried after a backoff; CPU: bench process ${p.clientCpuS.toFixed(1)} s, server ${p.serverCpuS.toFixed(1)} s`
  );
}

/** When device 1 pushed, pulled and was done, from the link's timeline. */
function pushSplit(p: PhaseFigures): string {
  const at = (line: string | undefined) => Number(line?.split('s ')[0] ?? Number.NaN);
  const firstPull = p.stats.timeline.find((l) => l.includes('POST /api/sync/pull'));
  const pushes = p.stats.timeline.filter((l) => l.includes('POST /api/sync/push'));
  const answered = p.stats.timeline.filter((l) => l.includes('server answers')).at(-1);
  const pull = firstPull ? `first pull request at ${at(firstPull).toFixed(1)} s` : 'the pull came with the last push';
  return `${pushes.length} pushes from ${at(pushes[0]).toFixed(1)} s to ${at(pushes.at(-1)).toFixed(1)} s; ${pull}; last answer at ${at(answered).toFixed(1)} s; done at ${(p.ms / 1000).toFixed(1)} s (the rest is the device applying it); failures: ${p.errors.join(' | ').slice(0, 200) || 'none'}`;
}

export async function runRural(o: BenchOptions, shared: Shared): Promise<PartResult> {
  const w = workloadOf(o);
  const server = await startBenchServer();
  const link = await startLink({ ...RURAL_LINK, upstreamPort: server.port });
  const findings: Finding[] = [];
  try {
    const dev1 = await openBenchDevice(server.url, link.url, 'admin', o.seed);
    // As the app does at sign-in (the engine's start): the device takes its view of the server
    // (the seeded settings) before working offline, so its next pull is no reset. Not measured.
    await dev1.syncUntilDone();
    const tFile = performance.now();
    const filed = await fileWorkload(dev1.db, dev1.ctx, w, o.seed);
    const fileMs = performance.now() - tFile;
    const docs = await workloadDocuments(dev1.db);
    const outbox = await dev1.db.outbox.count();
    const { jsonBytes, gzipBytes, limitMs } = limitOf(docs);
    Object.assign(shared, { docs, workload: w, gzipBytes, limitMs });

    const profiles: string[] = [];
    const phase = async (name: string, run: () => Promise<SyncOutcome>): Promise<PhaseFigures> => {
      link.reset();
      const cpu0 = process.cpuUsage();
      const srv0 = server.cpuSeconds();
      const { result: out, profile } = await withCpuProfile(run);
      const cpu = process.cpuUsage(cpu0);
      profiles.push(
        ...profileLines(summarizeProfile(profile, CLIENT_AREAS, { top: 7 }), `${name}: CPU profile of the bench process (devices + link emulator, sampled 1 ms)`, 'waiting on the link and the server'),
      );
      return { ms: out.ms, stats: link.stats(), failures: out.failures, errors: out.errors, clientCpuS: (cpu.user + cpu.system) / 1e6, serverCpuS: server.cpuSeconds() - srv0 };
    };
    const push = await phase('push phase', () => dev1.syncUntilDone());
    const withRadicado = await dev1.db.pqrsd.filter((r) => r.radicado !== null).count();
    const dev2 = await openBenchDevice(server.url, link.url, 'comite', o.seed + 1);
    const pull = await phase('pull phase', () => dev2.syncUntilDone());
    const got = {
      pqrsd: await dev2.db.pqrsd.count(),
      attendance_mark: await dev2.db.attendance_mark.count(),
      portal_draft: await dev2.db.portal_draft.count(),
      portal_revision: await dev2.db.portal_revision.count(),
    };
    const complete = got.pqrsd === w.pqrsd && got.attendance_mark === w.sessions * w.officials && got.portal_draft === w.drafts && withRadicado === w.pqrsd;
    const draftsFull = (await dev2.db.portal_draft.toArray()).every((d) => d.body.length > 1000);
    await dev1.close();
    await dev2.close();

    const total = {
      ms: push.ms + pull.ms,
      bytesUp: push.stats.bytesUp + pull.stats.bytesUp,
      bytesDown: push.stats.bytesDown + pull.stats.bytesDown,
      requests: push.stats.requests + pull.stats.requests,
    };
    shared.rural = { ...total, pullBack: push.stats.bytesDown };
    const r = total.ms / limitMs;
    const part = 'rural';
    const rows = [
      info(part, 'Link', LINK_LABEL),
      info(part, 'Workload (filed with the app commands, outbox)', `${describeWorkload(w)} = ${docs.length} records, ${outbox} outbox changes; filed locally in ${sec(fileMs)}`, { counts: filed.counts }),
      info(part, 'Records JSON / gzip -9', `${kb(jsonBytes)} / ${kb(gzipBytes)}`, { jsonBytes, gzipBytes }),
      info(part, 'Physical limit = gzip ÷ 256 kbit/s + 1 RTT', sec(limitMs), { limitMs }),
      info(part, 'Device 1 sync (push, then its own pull)', `${sec(push.ms)} · ↑${kb(push.stats.bytesUp)} ↓${kb(push.stats.bytesDown)} · ${push.stats.requests} req · ${push.failures} failed runs retried`, { ...push }),
      info(part, 'Device 2 sync (pulls everything)', `${sec(pull.ms)} · ↑${kb(pull.stats.bytesUp)} ↓${kb(pull.stats.bytesDown)} · ${pull.stats.requests} req · ${pull.failures} failed runs retried`, { ...pull }),
      info(part, 'Total bytes each way / HTTP requests', `↑${kb(total.bytesUp)} ↓${kb(total.bytesDown)} / ${total.requests} requests`, total),
      judged(part, 'Rural sync wall time (push + pull) vs physical limit', `${sec(total.ms)} = ${ratio(r)} the limit`, '≤ 1.3× limit', r <= 1.3, { ms: total.ms, ratio: r }),
      judged(part, '… device 1 phase alone (push, then its pull) vs limit', ratio(push.ms / limitMs), '≤ 1.3× limit', push.ms / limitMs <= 1.3),
      judged(part, '… device 2 phase alone (pull) vs limit', ratio(pull.ms / limitMs), '≤ 1.3× limit', pull.ms / limitMs <= 1.3),
      judged(part, 'Everything arrived (radicados, counts, draft text)', `${complete && draftsFull ? 'yes' : 'NO'}: ${Object.entries(got).map(([k, v]) => `${k} ${v}`).join(', ')}; radicados ${withRadicado}`, 'all', complete && draftsFull),
    ];
    if (r > 1.3 || push.ms / limitMs > 1.3 || pull.ms / limitMs > 1.3) {
      findings.push({
        part,
        title: `Rural sync takes ${ratio(r)} the physical limit (${sec(total.ms)} vs ${sec(limitMs)})`,
        lines: [
          phaseProfile('push phase (device 1)', push),
          phaseProfile('pull phase (device 2)', pull),
          `device 1 timeline: ${pushSplit(push)}`,
          `bytes on the link vs the gzip of the records (${kb(gzipBytes)}): device 1 ↑${ratio(push.stats.bytesUp / gzipBytes)} ↓${ratio(push.stats.bytesDown / gzipBytes)}, device 2 ↓${ratio(pull.stats.bytesDown / gzipBytes)}`,
          `device 1 downloads ↓${kb(push.stats.bytesDown)} in its phase (push answers, and what the server changed or made: ${got.portal_revision} portal revisions); device 2 also receives those revisions`,
          `device 2 syncs after device 1 has finished, and each phase moves the records once over a 256 kbit/s direction: the sum of the two phases cannot go below about 2× the limit (the per-phase rows compare each with it)`,
          `requests by endpoint: device 1 ${JSON.stringify(push.stats.endpoints)}; device 2 ${JSON.stringify(pull.stats.endpoints)}`,
          ...profiles,
        ],
      });
    }
    return { rows, findings, raw: { push, pull, total, limitMs, gzipBytes, jsonBytes, got } };
  } finally {
    await link.close();
    await server.stop();
  }
}
