// A push's answers are applied set-wise: a bounded number of IndexedDB requests whatever the
// batch size, and the same end state as applying each answer alone, in order.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import { GelDb, type LocalPqrsd, type OutboxEntry } from '../../../src/db/database';
import { commitLocalChange } from '../../../src/db/outbox';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { uuidv7 } from '#shared/ids';
import type { Change, MutationResult } from '#shared/sync-protocol';
import { applyPushResults } from '../../../src/sync/apply-push';
import { applyPulledPage } from '../../../src/sync/apply-changes';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';
import { sampleFiling } from '../../helpers/fixtures';
import { freshDeviceDbEachTest } from '../../helpers/device-db';

const events = new SyncEvents();
subscribeModules(events);
/** No module subscribed: what applyPushResults itself asks of the database. */
const bare = new SyncEvents();

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
let db: GelDb;
freshDeviceDbEachTest('apply-push', (d) => (db = d));

/** Counts the requests Dexie sends to IndexedDB (every DBCore table call), while `on`. */
function requestCounter(): { middleware: Middleware<DBCore>; count: (on: boolean) => number } {
  let on = false;
  let n = 0;
  const counted = <F extends (...a: never[]) => unknown>(f: F): F => ((...a: Parameters<F>) => (on && n++, f(...a))) as F;
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'request-counter',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return { ...t, get: counted(t.get), getMany: counted(t.getMany), query: counted(t.query), openCursor: counted(t.openCursor), count: counted(t.count), mutate: counted(t.mutate) };
      },
    }),
  };
  return { middleware, count: (next) => ((on = next), n) };
}

const applied = (e: OutboxEntry, radicado: string, settled = false): MutationResult => ({
  status: 'applied',
  mutationId: e.mutationId,
  rev: 1,
  serverFields: { radicado },
  ...(settled ? { settled: true as const } : {}),
});

/** A database counted by `counter`, filled with `n` filed requests; deleted after `use`. */
async function withCounted<T>(n: number, use: (db: GelDb, counter: ReturnType<typeof requestCounter>) => Promise<T>): Promise<T> {
  const counter = requestCounter();
  const counted = new GelDb(`apply-count-${uuidv7()}`);
  counted.use(counter.middleware);
  try {
    for (let i = 0; i < n; i++) await fileRequest(counted, ctx, sampleFiling());
    return await use(counted, counter);
  } finally {
    counted.close();
    await counted.delete();
  }
}

const requestsToApply = (n: number, listeners: SyncEvents) =>
  withCounted(n, async (counted, counter) => {
    const sent = await counted.outbox.orderBy('seq').toArray();
    counter.count(true);
    const { retry } = await applyPushResults(counted, listeners, sent, sent.map((e, i) => applied(e, `95200-2026-${String(i).padStart(6, '0')}`, true)));
    const requests = counter.count(false);
    expect(retry).toBe(0);
    expect(await counted.outbox.count()).toBe(0);
    expect((await counted.pqrsd.toArray()).every((r) => r._sync === 'synced' && r._rev === 1 && r.radicado?.startsWith('95200-2026-'))).toBe(true);
    return requests;
  });

describe('applyPushResults, set-wise', () => {
  it('applies an answer of many records with a bounded number of IndexedDB requests', async () => {
    const few = await requestsToApply(3, bare);
    const many = await requestsToApply(60, bare);
    // Per table one read and one write: the per-record loop made about five per record (300 here).
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(8);
    // With the modules' derived state (the requests' views, the radicado notices) in the same step.
    expect(await requestsToApply(60, events)).toBe(await requestsToApply(3, events));
  });

  it('a mixed batch ends as the same answers applied one at a time, in order', async () => {
    const recs: LocalPqrsd[] = [];
    for (let i = 0; i < 8; i++) recs.push(await fileRequest(db, ctx, sampleFiling()));
    const correct = (id: string, subject: string) =>
      commitLocalChange(db, { kind: 'pqrsd', recordId: id, op: 'update', baseRev: 0 }, async () => {
        await db.pqrsd.update(id, { subject });
        return { subject };
      });
    await correct(recs[0]!.id, 'Asunto corregido'); // r0: create + update, both answered
    await correct(recs[4]!.id, 'Otro asunto'); // r4: update waits behind the failed create
    await correct(recs[6]!.id, 'Sin enviar'); // r6: update not sent
    // r1 has text typed here not yet in the outbox; r5 is past the answer already (a replay).
    await db.pqrsd.update(recs[1]!.id, { _dirty: ['subject'], subject: 'Escrito aquí' } as Partial<LocalPqrsd>);
    await db.pqrsd.update(recs[5]!.id, { _rev: 4, radicado: '95200-2026-000050' });
    const all = await db.outbox.orderBy('seq').toArray();
    const byRec = (i: number) => all.filter((e) => e.recordId === recs[i]!.id);
    const [c0, u0] = byRec(0) as [OutboxEntry, OutboxEntry];
    const [c4, u4] = byRec(4) as [OutboxEntry, OutboxEntry];
    const [c6, u6] = byRec(6) as [OutboxEntry, OutboxEntry];
    // r3's create already failed four times: this failure sets it aside.
    await db.outbox.update(byRec(3)[0]!.seq!, { attempts: 4 });
    const c3 = { ...byRec(3)[0]!, attempts: 4 };
    const [c1, c2, c5, c7] = [1, 2, 5, 7].map((i) => byRec(i)[0]!) as [OutboxEntry, OutboxEntry, OutboxEntry, OutboxEntry];
    const fail = (e: OutboxEntry, details?: unknown): MutationResult => ({ status: 'rejected', mutationId: e.mutationId, error: { code: 'INTERNAL', message: 'x', ...(details ? { details } : {}) } });
    const sent = [c0, c1, c2, c3, c4, u4, u0, c5, c6, c7];
    const results: MutationResult[] = [
      { status: 'applied', mutationId: c0.mutationId, rev: 1, serverFields: { radicado: '95200-2026-000001', subject: 'Asunto' }, settled: true },
      { status: 'conflict', mutationId: c1.mutationId, rev: 2, serverFields: { radicado: '95200-2026-000002', subject: 'Del servidor' }, conflicts: [] },
      { status: 'rejected', mutationId: c2.mutationId, error: { code: 'VALIDATION_FAILED', message: 'no', details: [{ path: 'subject', message: 'x' }] } },
      fail(c3),
      fail(c4),
      fail(u4, { waitsFor: c4.mutationId }),
      { status: 'applied', mutationId: u0.mutationId, rev: 2, serverFields: {}, settled: true },
      applied(c5, 'otro', true),
      applied(c6, '95200-2026-000006'),
      { ...applied(c7, 'x'), mutationId: uuidv7() }, // an answer for another mutation
    ];
    const at = new Date('2026-03-10T16:00:00Z');

    // The same device state in a second database, answered one change at a time.
    const alone = new GelDb(`apply-push-alone-${uuidv7()}`);
    try {
      await alone.open();
      const copy = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const));
      await alone.transaction('rw', alone.tables, async () => {
        for (const [name, rows] of copy) await alone.table(name).bulkPut(rows);
      });
      // The modules stamp what they derive (a radicado's notice) with the clock: one instant for both.
      vi.useFakeTimers({ toFake: ['Date'], now: at });
      const batch = await applyPushResults(db, events, sent, results, at);
      const kept: string[] = [];
      for (const [i, e] of sent.entries()) kept.push(...(await applyPushResults(alone, events, [e], [results[i]!], at)).kept);
      expect(batch.kept).toEqual(kept);
      for (const t of db.tables) expect(await t.toArray(), t.name).toEqual(await alone.table(t.name).toArray());
    } finally {
      vi.useRealTimers();
      alone.close();
      await alone.delete();
    }

    // And that state is the rules' (spot checks).
    expect(await db.pqrsd.get(recs[0]!.id)).toMatchObject({ radicado: '95200-2026-000001', subject: 'Asunto corregido', _rev: 2, _sync: 'synced' });
    expect(await db.pqrsd.get(recs[1]!.id)).toMatchObject({ radicado: '95200-2026-000002', subject: 'Escrito aquí', _rev: 0, _sync: 'synced' });
    expect(await db.pqrsd.get(recs[2]!.id)).toMatchObject({ radicado: null, _sync: 'rejected' });
    expect(await db.pqrsd.get(recs[3]!.id)).toMatchObject({ _sync: 'rejected' });
    expect(await db.pqrsd.get(recs[4]!.id)).toMatchObject({ _sync: 'pending' });
    expect(await db.pqrsd.get(recs[5]!.id)).toMatchObject({ radicado: '95200-2026-000050', _rev: 4, _sync: 'synced' });
    expect(await db.pqrsd.get(recs[6]!.id)).toMatchObject({ radicado: '95200-2026-000006', _rev: 0, _sync: 'pending' });
    expect(await db.pqrsd.get(recs[7]!.id)).toMatchObject({ radicado: null, _sync: 'pending' });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.mutationId, e.attempts])).toEqual([
      [c4.mutationId, 1],
      [c7.mutationId, undefined],
      [u4.mutationId, undefined],
      [u6.mutationId, undefined],
    ]);
    expect((await db.quarantine.toArray()).map((q) => [q.mutationId, q.setAside?.attempts])).toEqual(
      expect.arrayContaining([
        [c2.mutationId, undefined],
        [c3.mutationId, 5],
      ]),
    );
    expect(await db.quarantine.count()).toBe(2);
  });
});

describe('applyPulledPage, set-wise', () => {
  /** A page of `n` requests from another device: the server's copies of requests filed there. */
  const requestsToPull = (n: number, listeners: SyncEvents) =>
    withCounted(n, async (counted, counter) => {
      const rows = await counted.pqrsd.toArray();
      await counted.pqrsd.clear();
      await counted.outbox.clear();
      const page: Change[] = rows.map(({ _rev, _sync, _base, _search, ...data }, i) => ({ seq: i + 1, kind: 'pqrsd', id: data.id, rev: 1, data }));
      counter.count(true);
      await applyPulledPage(counted, listeners, page, String(n));
      const requests = counter.count(false);
      expect(await counted.pqrsd.count()).toBe(n);
      return requests;
    });

  it('applies a page of many records with a bounded number of IndexedDB requests', async () => {
    expect(await requestsToPull(60, bare)).toBe(await requestsToPull(3, bare));
    // With the modules, and more records than Dexie's transaction zone survives native awaits for
    // (about 100 in a row without a request): the page must still apply in its one transaction.
    expect(await requestsToPull(150, events)).toBe(await requestsToPull(3, events));
  });

  it('keeps the page order: a record put, removed and put again; a step put then its request removed', async () => {
    const [a, b] = [await fileRequest(db, ctx, sampleFiling()), await fileRequest(db, ctx, sampleFiling())];
    await db.outbox.clear();
    const copy = ({ _rev, _sync, _base, _search, ...data }: LocalPqrsd) => data;
    const step = { id: uuidv7(), requestId: b.id, municipality: '95200', date: '2026-03-11', action: { type: 'assign' } };
    await applyPulledPage(
      db,
      bare,
      [
        { seq: 1, kind: 'pqrsd', id: a.id, rev: 1, data: copy(a) },
        { seq: 2, kind: 'pqrsd', id: a.id, rev: 2, data: {}, removed: true },
        { seq: 3, kind: 'pqrsd', id: a.id, rev: 3, data: { ...copy(a), subject: 'De nuevo' } },
        { seq: 4, kind: 'pqrsd_event', id: step.id, rev: 4, data: step },
        { seq: 5, kind: 'pqrsd', id: b.id, rev: 5, data: {}, removed: true },
      ],
      '5',
    );
    expect(await db.pqrsd.get(a.id)).toMatchObject({ subject: 'De nuevo', _rev: 3, _sync: 'synced' });
    expect(await db.pqrsd.get(b.id)).toBeUndefined();
    expect(await db.pqrsd_event.get(step.id)).toBeUndefined();
  });
});
