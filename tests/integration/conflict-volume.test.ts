// One push cannot fill the disk through conflicts: a device's conflicting values for one field of
// one record keep one open conflict (its latest value, as a new revision of the conflict), and
// what a push makes the server write beyond what it sent (conflicts, history, receipts, audit) is
// charged to its user's volume budget. A decision made on an older revision of a conflict is
// refused (STALE_REVISION), never applied to a value the person did not see. Over real HTTP
// against the real server process, on SQLite and on a throwaway PostgreSQL.
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolveConflict } from '../../src/modules/conflicts/resolve-conflict';
import { uuidv7 } from '#shared/ids';
import type { Conflict } from '#shared/records';
import type { MutationResult, PullResponse } from '#shared/sync-protocol';
import { messages, rejectionText } from '../../src/ui/i18n/es-CO';
import { postgresCluster } from '../helpers/postgres-cluster';
import { draftEdit } from '../helpers/fixtures';
import { DEMO_PASSWORD, http, login, serverOnDialectPerTest } from '../helpers/server-process';

const cluster = postgresCluster();
const fleet = serverOnDialectPerTest(cluster);
const start = fleet.start;
const url = () => fleet.server.url;

/**
 * Bytes the store takes: the PostgreSQL database, or the SQLite file and its write-ahead log.
 * `vacuum`: after PostgreSQL reclaimed the row versions an update left behind.
 */
async function storageBytes({ vacuum = false } = {}): Promise<number> {
  if (fleet.databaseUrl) {
    const client = new pg.Client({ connectionString: fleet.databaseUrl });
    await client.connect();
    try {
      if (vacuum) await client.query('VACUUM');
      const r = await client.query('SELECT pg_database_size(current_database())::bigint AS n');
      return Number((r.rows[0] as { n: string }).n);
    } finally {
      await client.end();
    }
  }
  const file = join(fleet.server.dataDir, 'gel-campo.sqlite');
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}

type PushAnswer = { results: MutationResult[]; code?: string; details?: { reason?: string; retryAfterSeconds?: number } };

function push(token: string, deviceId: string, mutations: unknown[]) {
  return http<PushAnswer>(url(), '/api/sync/push', { token, body: { deviceId, mutations } });
}

async function pushOk(token: string, deviceId: string, mutations: unknown[]): Promise<MutationResult[]> {
  const res = await push(token, deviceId, mutations);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return res.body.results;
}

async function conflictsOf(token: string, recordId: string): Promise<(Conflict & { rev: number })[]> {
  const pulled = await http<PullResponse>(url(), '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } });
  expect(pulled.status).toBe(200);
  return pulled.body.changes
    .filter((c) => c.kind === 'conflict' && c.data.recordId === recordId)
    .map((c) => ({ ...(c.data as Conflict), rev: c.rev }));
}

const draftCreate = (draftId: string) => ({
  id: uuidv7(),
  kind: 'portal_draft',
  recordId: draftId,
  op: 'create',
  baseRev: null,
  data: { title: 'Feria', summary: '', body: 'Texto', category: 'noticias', tags: [], images: [], eventDate: null },
  at: new Date().toISOString(),
});
const edit = draftEdit;

/** A signed-in session of the demo official on a device of their own. */
async function session(username = 'funcionario') {
  const deviceId = uuidv7();
  const { token } = await login(url(), username, DEMO_PASSWORD, deviceId);
  return { token, deviceId };
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  it('300 conflicting values of one field from one device in one push store one conflict', async () => {
    await start(dialect);
    const a = await session();
    const b = await session();
    const draftId = uuidv7();
    // Text that does not compress (PostgreSQL would shrink a repeated letter on its own).
    const big = randomBytes(74_250).toString('base64');
    await pushOk(a.token, a.deviceId, [draftCreate(draftId)]);
    expect((await pushOk(a.token, a.deviceId, [edit(draftId, 1, { body: big })]))[0]).toMatchObject({ status: 'applied', rev: 2 });

    const before = await storageBytes();
    const attack = Array.from({ length: 300 }, (_, i) => edit(draftId, 1, { body: `y${i}` }));
    const results = await pushOk(b.token, b.deviceId, attack);
    expect(results.map((r) => r.status)).toEqual(Array(300).fill('conflict'));
    const ids = new Set(results.flatMap((r) => (r.status === 'conflict' ? r.conflicts.map((c) => c.conflictId) : [])));
    expect(ids.size).toBe(1);
    const grown = (await storageBytes()) - before;
    console.log(`${dialect}: 300 conflicting updates against a 99 KB body grew the store by ${(grown / 1e6).toFixed(2)} MB`);
    // One conflict of about a body, 300 receipts and audit entries: about 0.5 MB, where it grew
    // 62 MB on SQLite and 32 MB on PostgreSQL before (300 conflicts holding the 99 KB value).
    expect(grown).toBeLessThan(2_000_000);

    // Every device pulls one conflict, holding the latest value sent.
    const open = await conflictsOf(a.token, draftId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ field: 'body', clientValue: 'y299', serverValue: big, serverRev: 2, clientDevice: b.deviceId, resolved: false, rev: 1 });

    // B's next push replaces it again: one new revision for the whole batch.
    const again = await pushOk(b.token, b.deviceId, Array.from({ length: 50 }, (_, i) => edit(draftId, 1, { body: `z${i}` })));
    expect(new Set(again.flatMap((r) => (r.status === 'conflict' ? r.conflicts.map((c) => c.conflictId) : [])))).toEqual(ids);
    expect(await conflictsOf(a.token, draftId)).toEqual([expect.objectContaining({ clientValue: 'z49', rev: 2 })]);
  }, 120_000);

  it('a push pays for the conflicts it makes the server write, and never writes more than an hour of budget', async () => {
    // A budget of 1 MB an hour; two other people each write 6 drafts of 90 KB (0.55 MB each).
    await start(dialect, { PUSH_BUDGET_BYTES_PER_HOUR: '1000000' });
    const drafts: string[] = [];
    for (const who of ['gobierno', 'comite']) {
      const s = await session(who);
      for (let i = 0; i < 6; i++) {
        const id = uuidv7();
        drafts.push(id);
        await pushOk(s.token, s.deviceId, [draftCreate(id)]);
        await pushOk(s.token, s.deviceId, [edit(id, 1, { body: randomBytes(67_500).toString('base64') })]);
      }
    }
    const stale = (ids: string[]) => ids.map((id) => edit(id, 1, { body: 'Mi versión' }));
    const conflictCount = async (token: string) => (await Promise.all(drafts.map((id) => conflictsOf(token, id)))).flat().length;

    // A stale edit of all twelve in one push (3 KB sent) would copy 12 × 90 KB into conflicts:
    // more than the hour's budget, so the push is refused whole and nothing is written.
    const admin = await session('admin');
    expect(Buffer.byteLength(JSON.stringify({ deviceId: admin.deviceId, mutations: stale(drafts) }))).toBeLessThan(3_000);
    const whole = await push(admin.token, admin.deviceId, stale(drafts));
    expect(whole.status).toBe(413);
    expect(whole.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { reason: 'WRITES_OVER_BUDGET', limit: 1_000_000 } });
    expect(await conflictCount(admin.token)).toBe(0);
    // In smaller pushes it goes, each charged what it wrote (about 0.36 MB for 1 KB sent).
    const b = await session();
    for (let i = 0; i < 12; i += 4) {
      const results = await pushOk(b.token, b.deviceId, stale(drafts.slice(i, i + 4)));
      expect(results.map((r) => r.status)).toEqual(Array(4).fill('conflict'));
    }
    expect(await conflictCount(b.token)).toBe(12);
    // 1.09 MB written against 1 MB an hour: overdrawn by about 0.09 MB, so the next push waits
    // about 5 minutes (it would have gone at once, charged only the 3 KB sent).
    const next = await push(b.token, b.deviceId, [draftCreate(uuidv7())]);
    expect(next.status).toBe(429);
    expect(next.body).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'PUSH_BUDGET_EXCEEDED' } });
    const wait = Number(next.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(200);
    expect(wait).toBeLessThan(900);
    expect(next.body.details?.retryAfterSeconds).toBe(wait);
  }, 120_000);

  it('each device keeps its own open conflict; a decision on an older revision of it is refused, a decided one is never reopened', async () => {
    await start(dialect);
    const author = await fleet.device('funcionario');
    const b = await session('funcionario');
    const c = await session('funcionario');
    const draftId = uuidv7();
    await pushOk(b.token, b.deviceId, [draftCreate(draftId)]);
    await pushOk(b.token, b.deviceId, [edit(draftId, 1, { body: 'Versión del servidor' })]);

    // Two other devices each send a conflicting value; one of them twice.
    const [first] = await pushOk(c.token, c.deviceId, [edit(draftId, 1, { body: 'De C, primera' })]);
    expect(first?.status).toBe('conflict');
    await author.syncNow();
    const seen = await author.db.conflict.where('recordId').equals(draftId).toArray();
    expect(seen.map((x) => x.clientValue)).toEqual(['De C, primera']);

    // C sends a newer value after the author read the conflict: same conflict, a new revision.
    const [second] = await pushOk(c.token, c.deviceId, [edit(draftId, 1, { body: 'De C, segunda' })]);
    expect(second).toMatchObject({ status: 'conflict', conflicts: [{ field: 'body', conflictId: seen[0]?.id }] });
    // The same value again writes nothing new.
    const revBefore = (await conflictsOf(b.token, draftId))[0]?.rev;
    await pushOk(c.token, c.deviceId, [edit(draftId, 1, { body: 'De C, segunda' })]);
    expect((await conflictsOf(b.token, draftId))[0]?.rev).toBe(revBefore);

    // The author decides on what they saw: refused, the newer value stays open for a decision.
    await resolveConflict(author.db, seen[0]!, 'client');
    await author.syncNow();
    const refused = (await author.db.quarantine.toArray()).filter((q) => q.kind === 'conflict');
    expect(refused.map((q) => q.error)).toEqual([
      expect.objectContaining({ code: 'STALE_REVISION', details: expect.objectContaining({ baseRev: 1, fields: expect.arrayContaining(['clientValue']) }) }),
    ]);
    // The person reads why, in Spanish.
    expect(rejectionText(refused[0]!)).toBe(messages.conflicts.changedSince);
    const [still] = await conflictsOf(b.token, draftId);
    expect(still).toMatchObject({ id: seen[0]?.id, clientValue: 'De C, segunda', resolved: false });

    // A third device's conflicting value is a conflict of its own.
    const d = await session('funcionario');
    await pushOk(d.token, d.deviceId, [edit(draftId, 1, { body: 'De D' })]);
    expect((await conflictsOf(b.token, draftId)).map((x) => x.clientValue).sort()).toEqual(['De C, segunda', 'De D']);

    // Deciding on the current revision works; C's next conflicting value is a new conflict.
    const current = await pushOk(b.token, b.deviceId, [
      { id: uuidv7(), kind: 'conflict', recordId: still!.id, op: 'update', baseRev: still!.rev, data: { resolved: true, resolution: 'server' }, at: new Date().toISOString() },
    ]);
    expect(current[0]?.status).toBe('applied');
    const [third] = await pushOk(c.token, c.deviceId, [edit(draftId, 1, { body: 'De C, tercera' })]);
    expect(third?.status).toBe('conflict');
    const all = await conflictsOf(b.token, draftId);
    expect(all.map((x) => [x.clientValue, x.resolved]).sort()).toEqual([
      ['De C, segunda', true],
      ['De C, tercera', false],
      ['De D', false],
    ]);
  }, 120_000);
});
