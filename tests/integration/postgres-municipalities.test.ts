// Two REAL server processes on one PostgreSQL database, four municipalities pushing at once to
// both (each municipality's writer lock is its own), with replays sent to the other instance,
// and one instance SIGKILLed while pushes are in flight (its devices retry on the other one, as
// the app does, then it restarts): per municipality, every change applied exactly once, its
// radicados gap-free and never doubled, nothing lost, and a full pull from either instance
// complete, in order and the same.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult, PullResponse } from '#shared/sync-protocol';
import { createMutation } from '../helpers/fixtures';
import { queryRows, startPostgres, type TestPostgres } from '../helpers/postgres';
import { http, login, pullAll, REPO_ROOT, startServerProcess, type ServerProcess } from '../helpers/server-process';

const TOWNS = ['95001', '95015', '95025', '95200'];
const PASSWORD = 'tejado-almendra-pescador-niebla';
const DEVICES_PER_TOWN = 2;
const BATCHES = 4;
const PER_BATCH = 6;

let cluster: TestPostgres;
let url: string;
let servers: ServerProcess[] = [];
const AUDIT_KEY = randomBytes(32).toString('hex');

beforeAll(async () => {
  cluster = await startPostgres();
  url = await cluster.newDatabase();
  servers = await Promise.all([startServerProcess({ DATABASE_URL: url, AUDIT_KEY }), startServerProcess({ DATABASE_URL: url, AUDIT_KEY })]);
  // An official and a committee member in each municipality, made with the admin CLI.
  const admin = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'sync-server/admin-cli.ts', 'create-user', ...args, '--password', PASSWORD], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, AUDIT_KEY, GEL_DEMO: '0' },
    });
  for (const town of TOWNS) {
    await admin(['--username', `of${town}`, '--name', `Funcionaria ${town}`, '--role', 'official', '--municipality', town, '--dependencia', 'Ventanilla única']);
    await admin(['--username', `com${town}`, '--name', `Comité ${town}`, '--role', 'committee', '--municipality', town]);
  }
}, 180_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await cluster?.stop();
});

const sql = <R extends pg.QueryResultRow>(text: string): Promise<R[]> => queryRows<R>(url, text);

interface Device {
  town: string;
  deviceId: string;
  batches: { mutations: Mutation[]; to: number; replay: boolean }[];
}

describe('four municipalities on two instances of one PostgreSQL', () => {
  it('pushing at once, with replays and one instance killed mid-push: exactly once, gap-free, nothing lost, pulls consistent', { timeout: 240_000 }, async () => {
    const tokens = new Map<string, string>();
    const devices: Device[] = [];
    for (const town of TOWNS) {
      for (let i = 0; i < DEVICES_PER_TOWN; i++) {
        const deviceId = `device-${town}-${i}`;
        tokens.set(deviceId, (await login(servers[i % 2]?.url ?? '', `of${town}`, PASSWORD, deviceId)).token);
        devices.push({
          town,
          deviceId,
          batches: Array.from({ length: BATCHES }, (_, b) => ({
            mutations: Array.from({ length: PER_BATCH }, () => createMutation()),
            to: (i + b) % 2,
            replay: b % 2 === 1,
          })),
        });
      }
    }
    const answers = new Map<string, MutationResult[]>();
    const recordOf = new Map<string, { town: string; recordId: string }>();
    for (const d of devices) for (const b of d.batches) for (const m of b.mutations) recordOf.set(m.id, { town: d.town, recordId: m.recordId });

    // A push as the app sends it: a dropped connection (the instance died) is retried on the other.
    let killed = false;
    const pushTo = async (server: number, d: Device, batch: Mutation[]): Promise<void> => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const target = servers[(server + attempt) % 2] as ServerProcess;
        try {
          const res = await http<{ results: MutationResult[] }>(target.url, '/api/sync/push', { token: tokens.get(d.deviceId), body: { deviceId: d.deviceId, mutations: batch } });
          if (res.status >= 500) continue;
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          res.body.results.forEach((r, i) => {
            const id = batch[i]?.id ?? '';
            answers.set(id, [...(answers.get(id) ?? []), r]);
          });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50)); // connection refused or reset: the other instance
        }
      }
      throw new Error('push never answered');
    };

    const victim = servers[0] as ServerProcess;
    const pushes = Promise.all(
      devices.map(async (d) => {
        for (const b of d.batches) {
          if (b.replay) await Promise.all([pushTo(b.to, d, b.mutations), pushTo(1 - b.to, d, b.mutations)]);
          else await pushTo(b.to, d, b.mutations);
        }
      }),
    );
    // SIGKILL one instance while pushes are in flight, then bring it back.
    const chaos = (async () => {
      while (answers.size < (devices.length * BATCHES * PER_BATCH) / 4) await new Promise((r) => setTimeout(r, 10));
      await victim.kill('SIGKILL');
      killed = true;
      await victim.restart();
    })();
    await Promise.all([pushes, chaos]);
    expect(killed).toBe(true);

    // Every change, once: all its answers (first, replayed, retried elsewhere) the same.
    const n = devices.length * BATCHES * PER_BATCH;
    expect(answers.size).toBe(n);
    const radicados = new Map<string, Map<string, string>>(TOWNS.map((t) => [t, new Map()]));
    for (const [id, results] of answers) {
      for (const r of results) expect(r).toEqual(results[0]);
      const r = results[0];
      expect(r?.status, JSON.stringify(r)).toBe('applied');
      const { town, recordId } = recordOf.get(id) ?? { town: '', recordId: '' };
      if (r?.status === 'applied') radicados.get(town)?.set(recordId, String(r.serverFields.radicado));
    }
    const perTown = n / TOWNS.length;
    const year = new Date().getUTCFullYear();
    for (const town of TOWNS) {
      // Gap-free, none doubled, in each municipality's own series.
      const numbers = [...(radicados.get(town)?.values() ?? [])].sort();
      expect(numbers).toEqual(Array.from({ length: perTown }, (_, i) => `${town}-${year}-${String(i + 1).padStart(6, '0')}`));
    }
    // In the database: one record and one receipt per change, each series at its count.
    expect(await sql("SELECT municipality, count(*)::int AS n FROM records WHERE kind = 'pqrsd' GROUP BY municipality ORDER BY municipality")).toEqual(
      TOWNS.map((municipality) => ({ municipality, n: perTown })),
    );
    expect(await sql('SELECT count(*)::int AS n FROM receipts')).toEqual([{ n }]);

    // Pulls per municipality: from either instance, complete, strictly in order, the same.
    for (const town of TOWNS) {
      const full: PullResponse['changes'][] = [];
      for (const server of servers) {
        const { token } = await login(server.url, `com${town}`, PASSWORD);
        const changes = await pullAll(server.url, token, 11);
        const seqs = changes.map((c) => c.seq);
        expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] ?? 0))).toBe(true);
        const pqrsd = changes.filter((c) => c.kind === 'pqrsd');
        expect(new Map(pqrsd.map((c) => [c.id, c.data.radicado]))).toEqual(radicados.get(town));
        full.push(changes);
      }
      expect(full[1]).toEqual(full[0]);
    }
  });
});
