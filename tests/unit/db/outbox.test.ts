import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GelDb, getMeta, type LocalPqrsd, type OutboxEntry } from '../../../src/db/database';
import { commitLocalChange, pendingFor } from '../../../src/db/outbox';
import { deviceTag, fileRequest, formatProvisional } from '../../../src/modules/pqrsd/file-request';
import { AppError } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import type { Change, MutationResult } from '#shared/sync-protocol';
import { applyPulledPage, rebase } from '../../../src/sync/apply-changes';
import { applyPushResults } from '../../../src/sync/apply-push';
import { ANONYMOUS, sampleFiling } from '../../helpers/fixtures';
import { freshDeviceDbEachTest } from '../../helpers/device-db';
import { subscribeModules } from '../../../src/modules/sync-wiring';
import { SyncEvents } from '../../../src/sync/sync-events';

/** The app's module subscriptions (derived request views, drafts flushed before a push). */
const events = new SyncEvents();
subscribeModules(events);

const DEVICE = '01a20aba-4735-7cfd-b2d2-74354c1d1e65';
const ctx = { deviceId: DEVICE, userId: 'user-1', municipality: '95200' };
let db: GelDb;

freshDeviceDbEachTest('outbox-test', (d) => (db = d));

/** The fields the device itself wrote: what it must send, no more. */
/** What a device sends of a request: its own fields, none the server sets, no local bookkeeping (`_…`). */
const clientFields = (r: LocalPqrsd) => {
  const { id: _id, municipality: _m, radicado: _r, intakeDependencia: _i, heldBy: _h, createdBy: _c, deviceId: _d, lifecycle: _l, ...fields } = r;
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('_')));
};

describe('fileRequest', () => {
  it('stores the record and its outbox entry together', async () => {
    const rec = await fileRequest(db, ctx, sampleFiling(), new Date('2026-03-10T15:00:00Z'));
    expect(rec).toMatchObject({ municipality: '95200', radicado: null, createdBy: 'user-1', deviceId: DEVICE, _rev: 0, _sync: 'pending' });
    expect(await db.pqrsd.get(rec.id)).toEqual(rec);

    const [entry, ...more] = await db.outbox.toArray();
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ kind: 'pqrsd', recordId: rec.id, mutationId: entry?.mutation.id, createdAt: '2026-03-10T15:00:00.000Z' });
    expect(entry?.mutation).toMatchObject({ kind: 'pqrsd', recordId: rec.id, op: 'create', baseRev: null, at: '2026-03-10T15:00:00.000Z' });
    // What is sent is exactly what the device stored of its own fields: nothing more.
    expect(entry?.mutation.data).toEqual(clientFields(rec));
    for (const local of ['radicado', 'lifecycle', '_search', '_openDue', '_base', '_sync']) expect(entry?.mutation.data).not.toHaveProperty(local);
  });

  it('gives increasing provisional numbers tagged with the device', async () => {
    expect(deviceTag(DEVICE)).toBe('1E65');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await fileRequest(db, ctx, sampleFiling())).provisionalNumber);
    expect(numbers).toEqual(['P-1E65-0001', 'P-1E65-0002', 'P-1E65-0003']);
    expect(await getMeta(db, 'provisionalCounter')).toBe(3);
    expect(formatProvisional(DEVICE, 12345)).toBe('P-1E65-12345');
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => e.mutation.data.provisionalNumber)).toEqual(numbers);
  });

  it('refuses invalid input and leaves every table untouched', async () => {
    // Only quejas and denuncias may be filed anonymously.
    const bad = sampleFiling({ type: 'reclamo', citizen: ANONYMOUS });
    const err = await fileRequest(db, ctx, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    expect((err as AppError).details).toEqual([expect.objectContaining({ path: 'citizen.idType' })]);
    expect(await db.pqrsd.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await getMeta(db, 'provisionalCounter')).toBeUndefined();
  });

  it('keeps neither the record nor the number when the outbox write fails', async () => {
    await fileRequest(db, ctx, sampleFiling());
    // The outbox add fails after the record was put in the same transaction.
    const failOutbox = () => {
      throw new Error('disk full');
    };
    db.outbox.hook('creating', failOutbox);
    await expect(fileRequest(db, ctx, sampleFiling())).rejects.toThrow('disk full');
    db.outbox.hook('creating').unsubscribe(failOutbox);

    expect(await db.pqrsd.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await getMeta(db, 'provisionalCounter')).toBe(1);
    // The number that was not kept is given to the next request.
    expect((await fileRequest(db, ctx, sampleFiling())).provisionalNumber).toBe('P-1E65-0002');
  });

  it('commitLocalChange drops the record when the write itself throws after storing it', async () => {
    const id = uuidv7();
    const write = async () => {
      await db.pqrsd.put({ id } as unknown as LocalPqrsd);
      throw new Error('boom');
    };
    await expect(commitLocalChange(db, { kind: 'pqrsd', recordId: id, op: 'create', baseRev: null }, write)).rejects.toThrow('boom');
    expect(await db.pqrsd.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('applyPushResults', () => {
  async function fileThree(): Promise<{ recs: LocalPqrsd[]; sent: OutboxEntry[] }> {
    const recs = [];
    for (let i = 0; i < 3; i++) recs.push(await fileRequest(db, ctx, sampleFiling()));
    return { recs, sent: await db.outbox.orderBy('seq').toArray() };
  }
  const applied = (e: OutboxEntry, radicado: string): MutationResult => ({
    status: 'applied',
    mutationId: e.mutationId,
    rev: 1,
    serverFields: { radicado },
  });

  it('applied → leaves the outbox and shows the radicado; rejected → quarantine; INTERNAL → retried', async () => {
    const { recs, sent } = await fileThree();
    const [e0, e1, e2] = sent as [OutboxEntry, OutboxEntry, OutboxEntry];
    const refusal = { code: 'VALIDATION_FAILED' as const, message: 'The record is not valid', details: [{ path: 'citizen.idNumber', message: 'x' }] };
    const at = new Date('2026-03-10T16:00:00Z');
    const { retry } = await applyPushResults(
      db,
      events,
      sent,
      [
        applied(e0, '95200-2026-000001'),
        { status: 'rejected', mutationId: e1.mutationId, error: refusal },
        { status: 'rejected', mutationId: e2.mutationId, error: { code: 'INTERNAL', message: 'try later' } },
      ],
      at,
    );
    expect(retry).toBe(1);

    expect((await db.outbox.toArray()).map((e) => e.mutationId)).toEqual([e2.mutationId]);
    // The revision only moves with a pull.
    expect(await db.pqrsd.get(recs[0]!.id)).toMatchObject({ radicado: '95200-2026-000001', _sync: 'synced', _rev: 0 });
    expect(await db.pqrsd.get(recs[1]!.id)).toMatchObject({ radicado: null, _sync: 'rejected' });
    expect(await db.pqrsd.get(recs[2]!.id)).toMatchObject({ radicado: null, _sync: 'pending' });

    const q = await db.quarantine.toArray();
    expect(q).toEqual([
      { mutationId: e1.mutationId, kind: 'pqrsd', recordId: recs[1]!.id, mutation: e1.mutation, error: refusal, at: at.toISOString() },
    ]);
  });

  it('a conflict result is acknowledged like an applied one', async () => {
    const { sent } = await fileThree();
    const e = sent[0]!;
    await applyPushResults(db, events, [e], [{ status: 'conflict', mutationId: e.mutationId, rev: 2, serverFields: {}, conflicts: [] }]);
    expect(await db.outbox.get(e.seq!)).toBeUndefined();
    expect(await db.quarantine.count()).toBe(0);
  });

  /** A request filed, then its subject corrected before either change was sent: the create is the first. */
  async function filedThenCorrected() {
    const rec = await fileRequest(db, ctx, sampleFiling());
    await commitLocalChange(db, { kind: 'pqrsd', recordId: rec.id, op: 'update', baseRev: 0 }, async () => {
      await db.pqrsd.update(rec.id, { subject: 'Asunto corregido' });
      return { subject: 'Asunto corregido' };
    });
    const [create] = await pendingFor(db, 'pqrsd', rec.id);
    return { rec, create };
  }

  it('keeps entries whose answer is missing or belongs to another mutation', async () => {
    const { sent } = await fileThree();
    const [e0, e1] = sent as [OutboxEntry, OutboxEntry];
    const { retry } = await applyPushResults(db, events, sent, [applied(e1, '95200-2026-000009'), applied(e0, '95200-2026-000010')]);
    expect(retry).toBe(3);
    expect(await db.outbox.count()).toBe(3);
    expect((await db.pqrsd.toArray()).every((r) => r.radicado === null && r._sync === 'pending')).toBe(true);
  });

  it('a settled answer moves the revision and takes the server fields, under what this device changed since', async () => {
    const { rec, create } = await filedThenCorrected();
    // The server normalised the subject too; the later, unsent change of it stays on top.
    const answer: MutationResult = { status: 'applied', mutationId: create!.mutationId, rev: 1, serverFields: { radicado: '95200-2026-000001', subject: 'Asunto' }, settled: true };
    await applyPushResults(db, events, [create!], [answer]);
    expect(await db.pqrsd.get(rec.id)).toMatchObject({ radicado: '95200-2026-000001', subject: 'Asunto corregido', _rev: 1, _sync: 'pending' });
    // A late copy of the same answer (a replay) changes nothing once the device is past it.
    await db.pqrsd.update(rec.id, { _rev: 3, radicado: '95200-2026-000001' });
    await applyPushResults(db, events, [create!], [{ ...answer, serverFields: { radicado: 'otro' } }]);
    expect(await db.pqrsd.get(rec.id)).toMatchObject({ radicado: '95200-2026-000001', _rev: 3 });
  });

  it('a record stays pending while another of its changes is still in the outbox', async () => {
    const { rec, create } = await filedThenCorrected();
    await applyPushResults(db, events, [create!], [applied(create!, '95200-2026-000001')]);
    expect(await db.pqrsd.get(rec.id)).toMatchObject({ radicado: '95200-2026-000001', _sync: 'pending', subject: 'Asunto corregido' });
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('applyPulledPage', () => {
  const serverCopy = (r: LocalPqrsd, over: Record<string, unknown> = {}) => {
    const { _rev, _sync, _base, _search, ...data } = r;
    return { ...data, radicado: '95200-2026-000001', ...over };
  };

  it('rebases a pending local change over the server version and advances the cursor', async () => {
    const rec = await fileRequest(db, ctx, sampleFiling());
    const [create] = await db.outbox.toArray();
    await applyPushResults(db, events, [create!], [{ status: 'applied', mutationId: create!.mutationId, rev: 1, serverFields: { radicado: '95200-2026-000001' } }]);
    await commitLocalChange(db, { kind: 'pqrsd', recordId: rec.id, op: 'update', baseRev: 1 }, async () => {
      await db.pqrsd.update(rec.id, { subject: 'Asunto local' });
      return { subject: 'Asunto local' };
    });

    const change: Change = {
      seq: 7,
      kind: 'pqrsd',
      id: rec.id,
      rev: 2,
      data: serverCopy(rec, { subject: 'Asunto del servidor', description: 'Descripción del servidor' }),
    };
    await applyPulledPage(db, events, [change], '7');

    expect(await db.pqrsd.get(rec.id)).toMatchObject({
      subject: 'Asunto local', // the unsent change stays on top
      description: 'Descripción del servidor', // what others changed arrives
      radicado: '95200-2026-000001',
      _rev: 2,
      _sync: 'pending',
    });
    expect(await getMeta(db, 'cursor')).toBe('7');
  });

  it('marks pulled records synced, or rejected when a change of theirs is in quarantine', async () => {
    const other = { ...serverCopy(await fileRequest(db, ctx, sampleFiling())), id: uuidv7() };
    const mine = await fileRequest(db, ctx, sampleFiling());
    const [, entry] = await db.outbox.orderBy('seq').toArray();
    await db.outbox.clear();
    await db.quarantine.put({ ...entry!, recordId: mine.id, error: { code: 'FORBIDDEN', message: 'no' }, at: 'x' });
    await applyPulledPage(
      db,
      events,
      [
        { seq: 1, kind: 'pqrsd', id: other.id, rev: 1, data: other },
        { seq: 2, kind: 'pqrsd', id: mine.id, rev: 3, data: serverCopy(mine) },
      ],
      '2',
    );
    expect(await db.pqrsd.get(other.id)).toMatchObject({ _sync: 'synced', _rev: 1 });
    expect(await db.pqrsd.get(mine.id)).toMatchObject({ _sync: 'rejected', _rev: 3 });
  });

  it('skips kinds this build does not know but still advances the cursor', async () => {
    await applyPulledPage(db, events, [{ seq: 5, kind: 'kind_of_a_newer_server', id: 'x', rev: 1, data: { id: 'x' } }], '5');
    expect(await getMeta(db, 'cursor')).toBe('5');
    expect(await db.pqrsd.count()).toBe(0);
  });

  it('applies a page all or nothing: a bad change keeps the earlier ones and the cursor out', async () => {
    await applyPulledPage(db, events, [], '3');
    const good = { ...serverCopy(await fileRequest(db, ctx, sampleFiling())), id: uuidv7() };
    await db.outbox.clear();
    const before = await db.pqrsd.count();
    const broken = { seq: 9, kind: 'pqrsd', id: 'no-key', rev: 1, data: { subject: 'sin id' } };
    await expect(
      applyPulledPage(db, events, [{ seq: 8, kind: 'pqrsd', id: good.id, rev: 1, data: good }, broken], '9'),
    ).rejects.toThrow();
    expect(await db.pqrsd.get(good.id)).toBeUndefined();
    expect(await db.pqrsd.count()).toBe(before);
    expect(await getMeta(db, 'cursor')).toBe('3');
  });

  it('rebase replays only updates, in order', () => {
    const mk = (op: 'create' | 'update', data: Record<string, unknown>) =>
      ({ mutation: { op, data } }) as unknown as OutboxEntry;
    expect(rebase({ a: 1, b: 1, c: 1 }, [mk('create', { a: 9 }), mk('update', { b: 2 }), mk('update', { b: 3, c: 3 })])).toEqual({
      a: 1,
      b: 3,
      c: 3,
    });
  });
});
