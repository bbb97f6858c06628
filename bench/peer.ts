// Part 2, the peer: the same documents replicated with PouchDB (memory adapter) to an
// express-pouchdb server over the same emulated link, then pulled by a second PouchDB.
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { fetch as pouchFetch } from 'pouchdb-fetch';
import PouchDB, { type PouchDatabase, type PouchReplication } from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import { backoffDelay, DEFAULT_BACKOFF } from '../src/sync/backoff';
import { REPO_ROOT } from '../tests/helpers/launch-server';
import { startLink } from './lib/link';
import { info, judged, kb, ratio, sec, type Finding, type PartResult, type Row } from './lib/report';
import { createRng } from './lib/rng';
import { processCpuSeconds } from './lib/server';
import { limitOf, LINK_LABEL, phaseProfile, RURAL_LINK, scratchDocuments, workloadOf, type BenchOptions, type Doc, type PhaseFigures, type Shared } from './rural';

const Pouch = PouchDB.plugin(memory).plugin(httpAdapter).plugin(replication);

async function startPeerServer(): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/peer/peer-server.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`express-pouchdb did not start:\n${out}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`express-pouchdb exited (${code}):\n${out}`)));
  });
  return {
    port,
    pid: child.pid ?? -1,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

type Replication = PouchReplication;

/**
 * One attempt: PouchDB's replication, failed when it fails or when one of its requests fails
 * outside its promise chain (the http adapter lets some cut connections escape as unhandled
 * rejections; the replication would then wait forever). `progressed` tells whether it wrote
 * any document before failing.
 */
function attempt(start: () => Replication, progress: { made: boolean }): Promise<Awaited<Replication>> {
  return new Promise((resolve, reject) => {
    const rep = start();
    rep.on('change', () => (progress.made = true));
    const escaped = (reason: unknown) => {
      rep.cancel();
      reject(reason instanceof Error ? reason : new Error(String(reason)));
    };
    process.on('unhandledRejection', escaped);
    rep.then(resolve, reject).finally(() => process.removeListener('unhandledRejection', escaped));
  });
}

/**
 * One-shot replication, started again after a failure (it resumes from its checkpoint) with our
 * engine's backoff (2 s base, doubling, jitter), reset when the failed attempt had made progress,
 * as PouchDB's own `retry: true` resets its backoff once the replication is active again.
 */
async function replicateUntilDone(start: () => Replication, seed: number): Promise<{ ms: number; failures: number; errors: string[] }> {
  const rng = createRng(seed);
  const t0 = performance.now();
  const errors: string[] = [];
  let consecutive = 0;
  for (;;) {
    const progress = { made: false };
    try {
      const result = await attempt(start, progress);
      if (result.status === 'cancelled' || result.ok === false) throw new Error(`replication ended: ${JSON.stringify(result).slice(0, 200)}`);
      return { ms: performance.now() - t0, failures: errors.length, errors };
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
      if (errors.length > 50) throw new Error(`PouchDB replication kept failing: ${errors.slice(-3).join(' | ')}`);
      consecutive = progress.made ? 1 : consecutive + 1;
      await new Promise((r) => setTimeout(r, backoffDelay(consecutive, DEFAULT_BACKOFF, rng.next)));
    }
  }
}

/** A record as a PouchDB document: its id, its kind, its fields. */
const toPouch = (d: Doc): Record<string, unknown> => ({ ...d.doc, _id: String(d.doc.id), kind: d.kind });

export async function runPeer(o: BenchOptions, shared: Shared): Promise<PartResult> {
  const docs = shared.docs ?? (await scratchDocuments(workloadOf(o), o.seed));
  const { gzipBytes, limitMs } = shared.gzipBytes !== undefined && shared.limitMs !== undefined ? { gzipBytes: shared.gzipBytes, limitMs: shared.limitMs } : limitOf(docs);
  const peer = await startPeerServer();
  const link = await startLink({ ...RURAL_LINK, upstreamPort: peer.port });
  const direct = `http://127.0.0.1:${peer.port}/gel`;
  const dbs: PouchDatabase[] = [];
  try {
    // The database exists before the devices come (as our server's schema does).
    await fetch(direct, { method: 'PUT' });
    const a = new Pouch(`bench-a-${Date.now()}`, { adapter: 'memory' });
    const b = new Pouch(`bench-b-${Date.now()}`, { adapter: 'memory' });
    // node-fetch sends `Connection: close` without an agent; a browser would keep the connection,
    // so PouchDB gets a keep-alive agent (it would otherwise pay a handshake per request).
    const agent = new Agent({ keepAlive: true, maxSockets: 6 });
    const remote = new Pouch(`${link.url}/gel`, { skip_setup: true, fetch: (url: string, init: Record<string, unknown>) => pouchFetch(url, { ...init, agent }) });
    dbs.push(a, b, remote);
    const written = await a.bulkDocs(docs.map(toPouch));
    const failed = written.filter((r) => r.error);
    if (failed.length > 0) throw new Error(`PouchDB refused ${failed.length} documents: ${JSON.stringify(failed[0])}`);

    const errors: string[] = [];
    const phase = async (run: () => Replication, seed: number): Promise<PhaseFigures> => {
      link.reset();
      const cpu0 = process.cpuUsage();
      const srv0 = processCpuSeconds(peer.pid);
      const out = await replicateUntilDone(run, seed);
      const cpu = process.cpuUsage(cpu0);
      errors.push(...out.errors);
      return { ms: out.ms, stats: link.stats(), failures: out.failures, errors: out.errors, clientCpuS: (cpu.user + cpu.system) / 1e6, serverCpuS: processCpuSeconds(peer.pid) - srv0 };
    };
    const push = await phase(() => a.replicate.to(remote), o.seed + 10);
    const pull = await phase(() => b.replicate.from(remote), o.seed + 11);
    const got = (await b.info()).doc_count;

    const total = {
      ms: push.ms + pull.ms,
      bytesUp: push.stats.bytesUp + pull.stats.bytesUp,
      bytesDown: push.stats.bytesDown + pull.stats.bytesDown,
      requests: push.stats.requests + pull.stats.requests,
    };
    const part = 'peer';
    const rows: Row[] = [
      info(part, 'PouchDB 9 (memory) ⇄ express-pouchdb 4 (its compression on)', `same ${docs.length} documents, same link: ${LINK_LABEL}`),
      info(part, 'Device A replicate.to(server)', `${sec(push.ms)} · ↑${kb(push.stats.bytesUp)} ↓${kb(push.stats.bytesDown)} · ${push.stats.requests} req · ${push.failures} restarts`, { ...push }),
      info(part, 'Device B replicate.from(server)', `${sec(pull.ms)} · ↑${kb(pull.stats.bytesUp)} ↓${kb(pull.stats.bytesDown)} · ${pull.stats.requests} req · ${pull.failures} restarts`, { ...pull }),
      info(part, 'PouchDB total', `${sec(total.ms)} (${ratio(total.ms / limitMs)} the limit) · ↑${kb(total.bytesUp)} ↓${kb(total.bytesDown)} · ${total.requests} requests`, total),
      judged(part, 'All documents arrived at device B', `${got} of ${docs.length}`, 'all', got === docs.length),
    ];
    const findings: Finding[] = [];
    const ours = shared.rural;
    if (ours) {
      const bytesRatio = (total.bytesUp + total.bytesDown) / (ours.bytesUp + ours.bytesDown);
      const reqRatio = total.requests / ours.requests;
      rows.push(
        info(part, 'Wall time: GEL Campo ÷ PouchDB', `${ratio(ours.ms / total.ms)} (${sec(ours.ms)} vs ${sec(total.ms)})`),
        judged(part, 'Bytes (both ways): PouchDB ÷ GEL Campo', `${ratio(bytesRatio)} (${kb(total.bytesUp + total.bytesDown)} vs ${kb(ours.bytesUp + ours.bytesDown)})`, '≥ 5× fewer', bytesRatio >= 5),
        judged(part, 'HTTP requests: PouchDB ÷ GEL Campo', `${ratio(reqRatio)} (${total.requests} vs ${ours.requests})`, '≥ 10× fewer', reqRatio >= 10),
      );
      if (bytesRatio < 5 || reqRatio < 10) {
        findings.push({
          part,
          title: `Against PouchDB: ${ratio(bytesRatio)} fewer bytes (target 5×), ${ratio(reqRatio)} fewer requests (target 10×)`,
          lines: [
            `gzip of the records: ${kb(gzipBytes)}; PouchDB moved ↑${ratio(total.bytesUp / gzipBytes)} ↓${ratio(total.bytesDown / gzipBytes)} of it, GEL Campo ↑${ratio(ours.bytesUp / gzipBytes)} ↓${ratio(ours.bytesDown / gzipBytes)}`,
            phaseProfile('PouchDB push', push),
            phaseProfile('PouchDB pull', pull),
            `PouchDB requests by endpoint: push ${JSON.stringify(push.stats.endpoints)}; pull ${JSON.stringify(pull.stats.endpoints)}`,
            `GEL Campo requests: ${ours.requests} (pushes sized by bytes up to the server's 500 changes; the last one carries the pull); PouchDB restarts after a failure: ${push.failures + pull.failures} (${errors.slice(0, 2).join(' | ').slice(0, 200)})`,
            `GEL Campo bytes: device 1's downloads in its phase (push answers and its pull, which leaves out its own ${docs.length} records) are ${ours.pullBack !== undefined ? `${kb(ours.pullBack)} (${((100 * ours.pullBack) / (ours.bytesUp + ours.bytesDown)).toFixed(0)} % of all our bytes)` : 'n/a'}`,
            'PouchDB sends request bodies uncompressed (node-fetch) but express-pouchdb gzips answers; it batches 100 docs per _bulk_docs/_bulk_get plus _revs_diff, _changes and checkpoint (_local) requests',
          ],
        });
      }
    } else rows.push(info(part, 'Comparison with GEL Campo', 'n/a: part rural did not run in this run'));
    return { rows, findings, raw: { push, pull, total, got, errors } };
  } finally {
    for (const d of dbs) await d.close().catch(() => undefined);
    await link.close();
    await peer.stop();
  }
}
