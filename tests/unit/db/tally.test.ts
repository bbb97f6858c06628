// The tallies (src/db/tally) are kept by a DBCore middleware in the same transaction as every
// write of the request table: after any sequence of writes, through any path, they equal a
// count from scratch, and the list screen's counts equal the index walks they replace.
import 'fake-indexeddb/auto';
import Dexie, { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import { GelDb, type LocalPqrsd } from '../../../src/db/database';
import { recount, TALLIES, type TallyRow } from '../../../src/db/tally/tallies';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { recordStep } from '../../../src/modules/pqrsd/record-step';
import { deadlineCounts, dependencias, dueSoonLimit } from '../../../src/modules/pqrsd/queries';
import { localSettings } from '../../../src/modules/municipality/profile';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { applyPulledPage } from '../../../src/sync/apply-changes';
import { applyPushResults } from '../../../src/sync/apply-push';
import { SyncEvents } from '../../../src/sync/sync-events';
import { addBusinessDays } from '#shared/calendar';
import { AppError } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import type { Change, MutationResult } from '#shared/sync-protocol';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { sampleFiling } from '../../helpers/fixtures';

const ctx = { deviceId: '01a20aba-4735-7cfd-b2d2-74354c1d1e65', userId: 'user-1', municipality: '95200' };
const events = new SyncEvents();
subscribeModules(events);
let db: GelDb;
freshDeviceDbEachTest('tally', (d) => (db = d));

/** A small seeded generator (mulberry32): a failing sequence can be replayed. */
function rngOf(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

const DEPENDENCIAS = ['Secretaría de Gobierno', 'Secretaría de Planeación', 'Tesorería', 'Personería'];
const sortRows = (rows: TallyRow[]) => [...rows].sort((a, b) => (a.dim + '\u0000' + a.key).localeCompare(b.dim + '\u0000' + b.key));

/** The stored tallies equal a recount, and the screen's reads equal the index walks they replaced. */
async function expectTalliesExact(days: readonly string[]): Promise<void> {
  const stored = sortRows(await db.tally.toArray());
  const fresh = sortRows(recount(TALLIES.pqrsd ?? [], await db.pqrsd.toArray()));
  expect(stored).toEqual(fresh);
  const { pqrsd: settings } = await localSettings(db);
  for (const today of days) {
    const walked = {
      overdue: await db.pqrsd.where('_openDue').below(today).count(),
      dueSoon: await db.pqrsd.where('_openDue').between(today, dueSoonLimit(today, settings), true, true).count(),
    };
    expect(await deadlineCounts(db, today), today).toEqual(walked);
  }
  expect(await dependencias(db)).toEqual((await db.pqrsd.orderBy('lifecycle.dependencia').uniqueKeys()).map(String));
}

/** A date of the first half of 2026 (due dates then span several months). */
const someDay = (rng: ReturnType<typeof rngOf>) => `2026-0${1 + rng.int(6)}-${String(1 + rng.int(28)).padStart(2, '0')}`;

/** A request as the server would send it, from a row of this device (local fields left out). */
function serverCopy(row: LocalPqrsd, id: string, lifecycle: LocalPqrsd['lifecycle']): Record<string, unknown> {
  const { _rev, _sync, _search, _base, _openDue, _awaitingRadicado, ...server } = row;
  void [_rev, _sync, _search, _base, _openDue, _awaitingRadicado];
  return { ...server, id, lifecycle };
}

/** A step that the lifecycle rules may refuse for the request's state: refused ones are counted, not hidden. */
async function tryStep(op: string, run: () => Promise<unknown>, refused: Record<string, number>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'INVALID_TRANSITION') throw err;
    refused[op] = (refused[op] ?? 0) + 1;
  }
}

async function randomStep(rng: ReturnType<typeof rngOf>, seen: Record<string, number>, refused: Record<string, number>): Promise<void> {
  const ids = (await db.pqrsd.toCollection().primaryKeys()) as string[];
  const op = ids.length < 4 ? 'file' : rng.pick(['file', 'file', 'assign', 'extend', 'answer', 'delete', 'deleteWhere', 'rawUpdate', 'modify', 'bulkPutTwice', 'concurrent', 'bulkAddPartly', 'aborted', 'pull', 'pull', 'push', 'clear'] as const);
  if (op === 'clear' && rng.next() > 0.1) return; // rare: a whole table emptied
  seen[op] = (seen[op] ?? 0) + 1;
  const id = rng.pick(ids);
  const date = someDay(rng);
  switch (op) {
    case 'file':
      await fileRequest(db, ctx, sampleFiling({ receivedAt: `${date}T15:00:00.000Z`, type: rng.pick(['peticion_general', 'queja', 'peticion_documentos'] as const) }));
      return;
    case 'assign':
      return tryStep(op, async () => recordStep(db, ctx, { requestId: id, date: ((await db.pqrsd.get(id))?.receivedAt ?? date).slice(0, 10), note: '', action: { type: 'asignar', dependencia: rng.pick(DEPENDENCIAS), assignee: 'ana' } }), refused);
    case 'extend': {
      const due = (await db.pqrsd.get(id))?.lifecycle.dueDate ?? date;
      const later = addBusinessDays(due, 1 + rng.int(5));
      return tryStep(op, () => recordStep(db, ctx, { requestId: id, date: due, note: '', action: { type: 'prorrogar', newDueDate: later, reason: 'Se requiere visita técnica a la vereda' } }), refused);
    }
    case 'answer':
      return tryStep(op, async () => recordStep(db, ctx, { requestId: id, date: ((await db.pqrsd.get(id))?.receivedAt ?? date).slice(0, 10), note: '', action: { type: 'responder', answer: 'Respuesta de fondo', denied: false, documentName: null } }), refused);
    case 'delete':
      await db.pqrsd.delete(id);
      return;
    case 'deleteWhere':
      await db.pqrsd.where('lifecycle.dependencia').equals(rng.pick(DEPENDENCIAS)).delete();
      return;
    case 'rawUpdate':
      // A path that knows nothing of tallies: the indexed fields changed directly.
      await db.pqrsd.update(id, { 'lifecycle.dependencia': rng.next() < 0.2 ? null : rng.pick(DEPENDENCIAS), _openDue: rng.next() < 0.3 ? undefined : date });
      return;
    case 'modify':
      await db.pqrsd
        .filter(() => rng.next() < 0.3)
        .modify((r: LocalPqrsd) => {
          r._openDue = date;
        });
      return;
    case 'bulkPutTwice': {
      // The same request twice in one bulk write: the second replaces what the first wrote.
      const row = (await db.pqrsd.get(id)) as LocalPqrsd;
      const first = { ...row, _openDue: date, lifecycle: { ...row.lifecycle, dependencia: rng.pick(DEPENDENCIAS) } };
      const second = { ...row, _openDue: someDay(rng), lifecycle: { ...row.lifecycle, dependencia: rng.pick(DEPENDENCIAS) } };
      await db.pqrsd.bulkPut([first, second]);
      return;
    }
    case 'concurrent': {
      // Two writes of one request in flight at once inside one transaction.
      const row = (await db.pqrsd.get(id)) as LocalPqrsd;
      await db.transaction('rw', db.pqrsd, () =>
        Promise.all([db.pqrsd.put({ ...row, _openDue: date }), db.pqrsd.put({ ...row, _openDue: someDay(rng), lifecycle: { ...row.lifecycle, dependencia: rng.pick(DEPENDENCIAS) } })]),
      );
      return;
    }
    case 'bulkAddPartly': {
      // One add fails (the id exists), the other commits: only the committed one is counted.
      const row = (await db.pqrsd.get(id)) as LocalPqrsd;
      await db.transaction('rw', db.pqrsd, async () => {
        const err = await db.pqrsd.bulkAdd([{ ...row, id: uuidv7(), _openDue: date }, row]).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Dexie.BulkError);
      });
      return;
    }
    case 'aborted': {
      // A transaction that fails leaves the tallies as they were, the record write too.
      const err = await db
        .transaction('rw', db.pqrsd, async () => {
          await db.pqrsd.delete(id);
          throw new Error('cancelled');
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect((err as Error).message).toBe('cancelled');
      return;
    }
    case 'pull': {
      // A page of the server's changes: updates moving dependencia, due date and state, new requests, removals.
      const template = (await db.pqrsd.get(id)) as LocalPqrsd;
      const changes: Change[] = [];
      for (let i = 0; i < 1 + rng.int(6); i++) {
        const target = rng.next() < 0.6 ? rng.pick(ids) : uuidv7();
        const current = ((await db.pqrsd.get(target)) as LocalPqrsd | undefined) ?? template;
        if (current !== template && rng.next() < 0.15) {
          changes.push({ seq: 1, kind: 'pqrsd', id: target, rev: 1, data: {}, removed: true });
          continue;
        }
        const state = rng.next() < 0.25 ? 'respondida' : current._base.state;
        const lifecycle = { ...current._base, state, dueDate: rng.next() < 0.1 ? null : someDay(rng), dependencia: rng.next() < 0.2 ? null : rng.pick(DEPENDENCIAS) };
        changes.push({ seq: 1, kind: 'pqrsd', id: target, rev: (current._rev ?? 0) + 1, data: serverCopy(current, target, lifecycle) });
      }
      await applyPulledPage(db, events, changes, `c-${uuidv7()}`);
      return;
    }
    case 'push': {
      // The answers to what waits: most applied (a radicado given), some refused (to quarantine).
      const sent = await db.outbox.orderBy('seq').limit(8).toArray();
      const results: MutationResult[] = sent.map((e, i) =>
        rng.next() < 0.8
          ? { status: 'applied', mutationId: e.mutationId, rev: 1, serverFields: e.kind === 'pqrsd' ? { radicado: `95200-2026-${String(i).padStart(6, '0')}` } : {} }
          : { status: 'rejected', mutationId: e.mutationId, error: { code: 'VALIDATION_FAILED', message: 'Datos inválidos', details: [] } },
      );
      await applyPushResults(db, events, sent, results);
      return;
    }
    case 'clear':
      await db.pqrsd.clear();
      return;
  }
}

describe('tallies kept by the middleware', () => {
  it('equal a recount after a random sequence of creates, steps, raw writes, deletes, pulled pages and push answers', async () => {
    for (const seed of [17, 4242]) {
      const rng = rngOf(seed);
      const seen: Record<string, number> = {};
      const refused: Record<string, number> = {};
      for (let i = 0; i < 90; i++) {
        await randomStep(rng, seen, refused);
        await expectTalliesExact([someDay(rng), someDay(rng), '2026-07-15']);
      }
      // The sequence did exercise every kind of write (the check above is not vacuous).
      for (const op of ['file', 'assign', 'extend', 'answer', 'delete', 'deleteWhere', 'rawUpdate', 'modify', 'bulkPutTwice', 'concurrent', 'bulkAddPartly', 'aborted', 'pull', 'push']) {
        expect(seen[op], `${op} (seed ${seed})`).toBeGreaterThan(0);
      }
      // Some of each step were taken, not only refused by the lifecycle rules.
      for (const op of ['assign', 'extend', 'answer']) expect(seen[op] ?? 0, `${op} taken (seed ${seed})`).toBeGreaterThan(refused[op] ?? 0);
      expect(await db.tally.count()).toBeGreaterThan(0);
      await db.pqrsd.clear();
    }
  });

  it('follow a write that names only the request table, and roll back with its transaction', async () => {
    const r = await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
    const due = r._openDue as string;
    // A bare put outside any transaction, and one listing the request table alone.
    await db.pqrsd.put({ ...r, _openDue: '2026-05-04', lifecycle: { ...r.lifecycle, dependencia: 'Tesorería' } });
    expect(await db.tally.toArray()).toEqual(
      expect.arrayContaining([
        { dim: 'pqrsd.openDue', key: '2026-05-04', n: 1 },
        { dim: 'pqrsd.openDueMonth', key: '2026-05', n: 1 },
        { dim: 'pqrsd.dependencia', key: 'Tesorería', n: 1 },
      ]),
    );
    expect(await db.tally.get(['pqrsd.openDue', due])).toBeUndefined();
    await db.transaction('rw', db.pqrsd, async () => {
      await db.pqrsd.update(r.id, { 'lifecycle.dependencia': 'Personería' });
    });
    expect(await dependencias(db)).toEqual(['Personería']);

    const failed = await db
      .transaction('rw', db.pqrsd, async () => {
        await db.pqrsd.delete(r.id);
        expect(await dependencias(db)).toEqual([]); // seen inside the transaction…
        throw new Error('rolled back');
      })
      .then(
        () => null,
        (e: unknown) => (e as Error).message,
      );
    expect(failed).toBe('rolled back');
    expect(await dependencias(db)).toEqual(['Personería']); // …and gone with it
    expect(await deadlineCounts(db, '2026-05-05')).toEqual({ overdue: 1, dueSoon: 0 });
  });

  it('wake a live query of the deadline counts when a request is filed', async () => {
    const seen: { overdue: number; dueSoon: number }[] = [];
    const sub = liveQuery(() => deadlineCounts(db, '2026-12-01')).subscribe({ next: (c) => seen.push(c), error: (e: unknown) => seen.push(e as never) });
    try {
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      await fileRequest(db, ctx, sampleFiling({ receivedAt: '2026-03-02T15:00:00.000Z' }));
      await expect.poll(() => seen.at(-1)).toEqual({ overdue: 1, dueSoon: 0 });
    } finally {
      sub.unsubscribe();
    }
  });

  it('count overdue requests across months from the month and day tallies', async () => {
    for (const receivedAt of ['2026-01-05', '2026-01-20', '2026-02-16', '2026-03-02', '2026-03-03']) {
      await fileRequest(db, ctx, sampleFiling({ receivedAt: `${receivedAt}T15:00:00.000Z` }));
    }
    const dues = (await db.pqrsd.toArray()).map((r) => r._openDue as string).sort();
    // Every day from the first due date to past the last: the sum switches from days to months at each month start.
    for (let d = new Date(`${dues[0]}T00:00:00Z`); d <= new Date(`${dues.at(-1)}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      const today = d.toISOString().slice(0, 10);
      expect((await deadlineCounts(db, today)).overdue, today).toBe(dues.filter((x) => x < today).length);
    }
  });
});
