import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../../../sync-server/reconcile/reconcile-mutation';
import { SqliteStore } from '../../../sync-server/store/sqlite-store';
import { partitionScope, pullChanges } from '../../../sync-server/sync/pull';
import { visibilityScope } from '#shared/records';
import { pushMutations } from '../../../sync-server/sync/push';
import { createMutation, updateMutation } from '../../helpers/fixtures';

const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const B: Actor = { userId: 'user-b', role: 'official', municipality: '95200', deviceId: 'device-B', dependencia: 'Ventanilla única' };
const OTHER_TOWN: Actor = { userId: 'user-c', role: 'official', municipality: '95015', deviceId: 'device-C', dependencia: 'Ventanilla única' };

let dir: string;
let file: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gel-push-pull-'));
  file = join(dir, 'test.sqlite');
  store = new SqliteStore(file);
  await store.migrate();
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads the radicado series straight from the file, through a second connection. */
function seriesLast(municipality: string, year: number): number | undefined {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare("SELECT last FROM series WHERE municipality = ? AND name = 'radicado' AND year = ?").get(municipality, year) as
      | { last: number }
      | undefined;
    return row?.last;
  } finally {
    db.close();
  }
}

const radicadoOf = (r: MutationResult | undefined) => (r && r.status !== 'rejected' ? r.serverFields.radicado : undefined);

describe('pushMutations', () => {
  it('gives consecutive radicados per municipality and year of receipt (Bogotá time)', async () => {
    const results = await pushMutations(store, A, [createMutation(), createMutation(), createMutation()]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(results.map(radicadoOf)).toEqual(['95200-2026-000001', '95200-2026-000002', '95200-2026-000003']);
    expect(results.every((r) => r.status === 'applied' && r.rev === 1)).toBe(true);

    // 03:00 UTC on Jan 1st is still Dec 31st in Bogotá: the 2026 series goes on.
    const lateNight = createMutation({ receivedAt: '2027-01-01T03:00:00Z' });
    const newYear = createMutation({ receivedAt: '2027-01-01T05:00:00Z' });
    const other = await pushMutations(store, OTHER_TOWN, [createMutation()]);
    // Pushed on Jan 1st: a receipt is never later than the server's date (plus a day).
    const more = await pushMutations(store, B, [lateNight, newYear], { now: () => new Date('2027-01-01T12:00:00Z') });
    expect(more.map(radicadoOf)).toEqual(['95200-2026-000004', '95200-2027-000001']);
    expect(radicadoOf(other[0])).toBe('95015-2026-000001');
    expect(seriesLast('95200', 2026)).toBe(4);
  });

  it('a replay returns the first results and changes nothing', async () => {
    const batch = [createMutation(), createMutation()];
    const first = await pushMutations(store, A, batch);
    const pulled = await pullChanges(store, A, null);
    const again = await pushMutations(store, A, batch);
    expect(again).toEqual(first);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(2);
    expect(seriesLast('95200', 2026)).toBe(2);
    // No new change was sequenced either.
    expect((await pullChanges(store, A, pulled.cursor)).changes).toEqual([]);
    // And the next request gets the next number.
    expect(radicadoOf((await pushMutations(store, A, [createMutation()]))[0])).toBe('95200-2026-000003');
  });

  it('a replay of a rejected mutation is rejected the same way', async () => {
    const bad = createMutation({ subject: 'x' });
    const [first] = await pushMutations(store, A, [bad]);
    expect(first).toMatchObject({ status: 'rejected', mutationId: bad.id, error: { code: 'VALIDATION_FAILED' } });
    expect(await pushMutations(store, A, [bad])).toEqual([first]);
  });

  it("another user cannot replay someone's mutation id", async () => {
    const m = createMutation();
    await pushMutations(store, A, [m]);
    const [r] = await pushMutations(store, B, [{ ...m, recordId: createMutation().recordId }]);
    expect(r).toMatchObject({ status: 'rejected', mutationId: m.id, error: { code: 'FORBIDDEN' } });
    expect(await store.countRecords('95200')).toBe(1);
  });

  it('rejects a bad mutation alone; the others of the batch apply', async () => {
    const good1 = createMutation();
    const badCitizen = createMutation({ citizen: { idType: 'CC', idNumber: 'abc', name: 'María Pérez' } });
    const good2 = createMutation();
    const results = await pushMutations(store, A, [good1, badCitizen, { id: 'not-a-uuid', kind: 'pqrsd' }, 'garbage', good2]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ mutationId: badCitizen.id, error: { code: 'VALIDATION_FAILED' } });
    expect(results[2]).toMatchObject({ mutationId: 'not-a-uuid', error: { code: 'VALIDATION_FAILED' } });
    expect(results[3]).toMatchObject({ mutationId: null, error: { code: 'VALIDATION_FAILED' } });
    // A refused request does not consume a radicado.
    expect([radicadoOf(results[0]), radicadoOf(results[4])]).toEqual(['95200-2026-000001', '95200-2026-000002']);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(2);
  });

  it.each([
    ['year 1', '0001-01-01T03:00:00Z'],
    ['ten fraction digits', '2026-03-10T10:00:00.1234567891Z'],
    ['a term running past the calendar', '2100-12-20T12:00:00Z'],
  ])('refuses, never fails on, a receipt instant the calendar cannot place (%s)', async (_what, receivedAt) => {
    const m = createMutation({ receivedAt });
    const [r] = await pushMutations(store, A, [m, createMutation()]);
    // INTERNAL would make the device retry forever; a validation error is final and shown.
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
  });

  it('merges updates field by field and records a conflict', async () => {
    const create = createMutation();
    await pushMutations(store, A, [create]);
    const [byB] = await pushMutations(store, B, [updateMutation(create.recordId, 1, { subject: 'Asunto de B' })]);
    expect(byB).toMatchObject({ status: 'applied', rev: 2 });
    const [byA] = await pushMutations(store, A, [updateMutation(create.recordId, 1, { subject: 'Asunto de A', channel: 'web' })]);
    expect(byA).toMatchObject({ status: 'conflict', rev: 3, conflicts: [{ field: 'subject' }] });

    const { changes } = await pullChanges(store, B, null);
    const rec = changes.find((c) => c.kind === 'pqrsd');
    expect(rec).toMatchObject({ rev: 3, data: { subject: 'Asunto de B', channel: 'web', radicado: '95200-2026-000001' } });
    const conflict = changes.find((c) => c.kind === 'conflict');
    expect(conflict?.id).toBe(byA?.status === 'conflict' ? byA.conflicts[0]?.conflictId : 'missing');
    expect(conflict?.data).toMatchObject({ recordId: create.recordId, field: 'subject', serverValue: 'Asunto de B', clientValue: 'Asunto de A' });
    // A change of a record of another municipality finds nothing.
    const [foreign] = await pushMutations(store, OTHER_TOWN, [updateMutation(create.recordId, 3, { subject: 'Intruso' })]);
    expect(foreign).toMatchObject({ status: 'rejected', error: { code: 'RECORD_NOT_FOUND' } });
  });
});

describe('pullChanges', () => {
  it('pages through the changes with a cursor', async () => {
    const batch = Array.from({ length: 5 }, () => createMutation());
    await pushMutations(store, A, batch);
    const pages = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await pullChanges(store, B, cursor, 2);
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages.map((p) => p.changes.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.changes.map((c) => c.id))).toEqual(batch.map((m) => m.recordId));
    const seqs = pages.flatMap((p) => p.changes.map((c) => c.seq));
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    // `<seq>.<scope>`: the position, and which view of the data it belongs to; `.a` while the
    // first pull (a reset) is still under way: its pages send the device's own changes too.
    expect(pages.map((p) => p.cursor)).toEqual(
      pages.map((p) => `${p.changes.at(-1)?.seq}.${partitionScope(visibilityScope(B), B.municipality)}${p.hasMore ? '.a' : ''}`),
    );

    // Nothing new: same cursor back, no changes.
    const idle = await pullChanges(store, B, cursor, 2);
    expect(idle).toEqual({ changes: [], cursor, hasMore: false });
    // A record changed again moves to the end of the sequence, once.
    await pushMutations(store, A, [updateMutation(batch[0]!.recordId, 1, { subject: 'Asunto nuevo' })]);
    const after = await pullChanges(store, B, cursor);
    expect(after.changes.map((c) => [c.id, c.rev])).toEqual([[batch[0]!.recordId, 2]]);
    expect((await pullChanges(store, B, null)).changes).toHaveLength(5);
  });

  it('is scoped to the municipality', async () => {
    await pushMutations(store, A, [createMutation(), createMutation()]);
    // Nothing to see yet, but a position all the same: the next pull is no reset.
    const empty = await pullChanges(store, OTHER_TOWN, null);
    expect(empty).toEqual({ changes: [], cursor: `0.${partitionScope(visibilityScope(OTHER_TOWN), OTHER_TOWN.municipality)}`, hasMore: false, reset: true });
    expect(await pullChanges(store, OTHER_TOWN, empty.cursor)).toEqual({ changes: [], cursor: empty.cursor, hasMore: false });
    await pushMutations(store, OTHER_TOWN, [createMutation()]);
    const theirs = await pullChanges(store, OTHER_TOWN, null);
    expect(theirs.changes).toHaveLength(1);
    expect(theirs.changes[0]?.data.municipality).toBe('95015');
    expect((await pullChanges(store, A, null)).changes.every((c) => c.data.municipality === '95200')).toBe(true);
  });

  it('is scoped to the role: a trainer pulls no requests and no conflicts about them', async () => {
    const create = createMutation();
    await pushMutations(store, A, [create]);
    await pushMutations(store, B, [updateMutation(create.recordId, 1, { subject: 'Asunto de B' })]);
    await pushMutations(store, A, [updateMutation(create.recordId, 1, { subject: 'Asunto de A' })]);
    const official = await pullChanges(store, A, null);
    expect(official.changes.map((c) => c.kind).sort()).toEqual(['conflict', 'pqrsd']);

    const trainer = await pullChanges(store, { role: 'trainer', municipality: '95200' }, null);
    expect(trainer.changes).toEqual([]);
    // The cursor still moves past what the trainer may not see.
    expect(trainer.cursor?.split('.')[0]).toBe(official.cursor?.split('.')[0]);
    const control = await pullChanges(store, { role: 'internal_control', municipality: '95200' }, null);
    expect(control.changes).toHaveLength(2);
  });
});
