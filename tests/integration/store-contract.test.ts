// One contract for both stores: every Store method, transactions and savepoints, the change
// sequence, gap-free series, receipts, the outbound queue, and the real push/pull flow, run
// against SQLite and against a throwaway PostgreSQL cluster (which must be installed).
import { describe, expect, it } from 'vitest';
import { FILE_FIELDS } from '#shared/records';
import { pullResponseSchema, type MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import type { NewRecordState, Store, StoredUser } from '../../sync-server/store/store';
import { pullChanges } from '../../sync-server/sync/pull';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores, pullStoreAll, storedRecord, storedUser, storeEachTest } from '../helpers/stores';

const cluster = postgresCluster();

const STORES = bothStores(cluster);

const AT = '2026-03-10T15:00:00.000Z';
const A: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const B: Actor = { userId: 'user-b', role: 'official', municipality: '95200', deviceId: 'device-B', dependencia: 'Ventanilla única' };
const OTHER_TOWN: Actor = { userId: 'user-c', role: 'official', municipality: '95015', deviceId: 'device-C', dependencia: 'Ventanilla única' };
const COMMITTEE = { role: 'committee', municipality: '95200' } as const;
const fixedNow = () => new Date(AT);

const rec = (kind: string, id: string, data: Record<string, unknown> = {}, over: Partial<NewRecordState> = {}) => storedRecord(AT, kind, id, data, over);
const user = (username: string, over: Partial<StoredUser> = {}) => storedUser(AT, username, over);

const receipt = (mutationId: string) => ({
  mutationId,
  deviceId: 'device-A',
  userId: 'user-a',
  result: { status: 'applied', mutationId, rev: 1, serverFields: { radicado: '95200-2026-000001', nested: [1, { a: null }] } } as MutationResult,
  at: AT,
});

describe.each(STORES)('%s store', (dialect, open) => {
  let store: Store;
  storeEachTest(open, (s) => (store = s));

  it('has its dialect and migrates idempotently', async () => {
    expect(store.dialect).toBe(dialect);
    await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1')));
    await store.migrate();
    await store.migrate();
    expect(await store.countRecords('95200')).toBe(1);
  });

  it('keeps municipalities and users', async () => {
    await store.ensureMunicipality('95200', 'Miraflores');
    await store.ensureMunicipality('95200', 'Other name');
    await store.ensureMunicipality('95015', 'Calamar');
    expect(await store.listMunicipalities()).toEqual(['95015', '95200']);
    expect(await store.countUsers()).toBe(0);
    await store.createUser(user('zoe'));
    await store.createUser(user('ana', { role: 'committee' }));
    await store.createUser(user('Bea'));
    await expect(store.createUser(user('ana', { id: 'another-id' }))).rejects.toThrow();
    expect(await store.countUsers()).toBe(3);
    expect(await store.findUserByUsername('ana')).toEqual(user('ana', { role: 'committee' }));
    expect(await store.findUserById('id-zoe')).toEqual(user('zoe'));
    expect(await store.findUserByUsername('nobody')).toBeNull();
    expect(await store.findUserById('nobody')).toBeNull();
    expect((await store.listUsers('95200')).map((u) => u.username)).toEqual(['Bea', 'ana', 'zoe']);
    expect(await store.listUsers('95015')).toEqual([]);
    await store.updateUser('id-zoe', { active: false });
    expect((await store.findUserById('id-zoe'))?.active).toBe(false);
    await store.updateUser('id-zoe', { active: true });
    expect((await store.findUserById('id-zoe'))?.active).toBe(true);
    await store.updateUser('id-zoe', { dependencia: 'Secretaría de Gobierno', mustChangePassword: true, passwordHash: 'scrypt$new' });
    expect(await store.findUserById('id-zoe')).toEqual(
      user('zoe', { dependencia: 'Secretaría de Gobierno', mustChangePassword: true, passwordHash: 'scrypt$new' }),
    );
    await store.updateUser('id-zoe', { dependencia: null, role: 'trainer', displayName: 'Zoe Z' });
    expect(await store.findUserById('id-zoe')).toEqual(
      user('zoe', { role: 'trainer', displayName: 'Zoe Z', mustChangePassword: true, passwordHash: 'scrypt$new' }),
    );
    await store.updateUser('id-zoe', {});
    expect((await store.findUserById('id-ana'))?.mustChangePassword).toBe(false);
  });

  it('finds the records that reference another (steps, conflicts)', async () => {
    const hash = 'ab'.repeat(32);
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'r1', { files: [{ hash, name: 'cedula.jpg' }] }));
      await tx.saveRecord(rec('pqrsd_event', 'e1', { requestId: 'r1' }));
      await tx.saveRecord(rec('pqrsd_event', 'e2', { requestId: 'r2' }));
      await tx.saveRecord(rec('pqrsd_event', 'e3', { requestId: 'r1' }));
      await tx.saveRecord(rec('conflict', 'c1', { recordId: 'r1', kind: 'pqrsd' }));
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'other-town', { files: [{ hash }] }, { municipality: '95015' })));
    await store.transaction('95200', async (tx) => {
      expect((await tx.recordsReferencing('95200', 'pqrsd_event', 'requestId', 'r1')).map((r) => r.id)).toEqual(['e1', 'e3']);
      expect((await tx.recordsReferencing('95200', 'conflict', 'recordId', 'r1')).map((r) => r.id)).toEqual(['c1']);
      expect(await tx.recordsReferencing('95015', 'pqrsd_event', 'requestId', 'r1')).toEqual([]);
    });
    // In the order of their last change, not of their first write.
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd_event', 'e1', { requestId: 'r1', note: 'again' }, { rev: 2 }));
      expect((await tx.recordsReferencing('95200', 'pqrsd_event', 'requestId', 'r1')).map((r) => r.id)).toEqual(['e3', 'e1']);
    });
    expect((await store.fileReferences('95200', hash, null, 10)).map((r) => r.record.id)).toEqual(['r1']);
    expect((await store.getRecord('95200', 'pqrsd_event', 'e2'))?.data.requestId).toBe('r2');
    expect(await store.getRecord('95015', 'pqrsd_event', 'e2')).toBeNull();
  });

  it('finds the records whose file fields point at a file, and who put each reference there; never free text', async () => {
    const [H1, H2, H3] = ['a1', 'b2', 'c3'].map((x) => x.repeat(32)) as [string, string, string];
    const refs = async (hash: string, by: string[] | null = null) =>
      (await store.fileReferences('95200', hash, by, 10)).map((r) => `${r.record.kind}/${r.record.id}@${r.addedBy}`);
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'r1', { files: [{ hash: H1, name: 'cedula.jpg' }, { hash: H2, name: 'carta.pdf' }, { hash: H1, name: 'otra vez' }] }));
      await tx.saveRecord(rec('portal_draft', 'd1', { images: [{ id: 'i1', hash: H1 }, { id: 'i2', dataUrl: 'data:image/png;base64,AAAA' }] }, { updatedBy: 'user-b' }));
      // A hash in free text, in a kind without file fields, or in another municipality gives nothing here.
      await tx.saveRecord(rec('pqrsd', 'r2', { description: `ver ${H3}`, files: [] }));
      await tx.saveRecord(rec('course', 'c1', { files: [{ hash: H3 }], images: [{ hash: H3 }] }));
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'r3', { files: [{ hash: H3 }] }, { municipality: '95015' })));
    expect(await refs(H1)).toEqual(['pqrsd/r1@user-a', 'portal_draft/d1@user-b']);
    expect(await refs(H1, ['user-b'])).toEqual(['portal_draft/d1@user-b']);
    expect(await refs(H1, [])).toEqual([]);
    expect(await refs(H2)).toEqual(['pqrsd/r1@user-a']);
    expect(await refs(H3)).toEqual([]);
    expect((await store.fileReferences('95015', H3, null, 10)).map((r) => r.record.id)).toEqual(['r3']);

    // An update keeps who first referenced a file that stays, credits the new ones to their writer, drops the removed.
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'r1', { files: [{ hash: H2 }, { hash: H3 }] }, { rev: 2, updatedBy: 'user-c' }));
      await tx.saveRecord(rec('pqrsd', 'r2', { description: 'sin hash', files: [{ hash: H3 }] }, { rev: 2, updatedBy: 'user-d' }));
    });
    expect(await refs(H1)).toEqual(['portal_draft/d1@user-b']);
    expect(await refs(H2)).toEqual(['pqrsd/r1@user-a']);
    expect(await refs(H3)).toEqual(['pqrsd/r1@user-c', 'pqrsd/r2@user-d']);
    // The references are kept with the record's own writes: a rolled-back write leaves none.
    await expect(
      store.transaction('95200', async (tx) => {
        await tx.saveRecord(rec('portal_draft', 'd2', { images: [{ id: 'i3', hash: H2 }] }));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await refs(H2)).toEqual(['pqrsd/r1@user-a']);
    // A record left with no file at all (its text names no hash any more) keeps no reference.
    await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1', { files: [] }, { rev: 3, updatedBy: 'user-c' })));
    expect(await refs(H2)).toEqual([]);
    expect(await refs(H3)).toEqual(['pqrsd/r2@user-d']);
  });

  it('indexes the file field of every kind that declares one', async () => {
    const hash = 'd4'.repeat(32);
    const kinds = Object.entries(FILE_FIELDS);
    expect(kinds.length).toBeGreaterThan(0);
    await store.transaction('95200', async (tx) => {
      for (const [kind, field] of kinds) await tx.saveRecord(rec(kind, `x-${kind}`, { [field as string]: [{ id: 'i', hash }] }));
    });
    expect((await store.fileReferences('95200', hash, null, 10)).map((r) => r.record.kind).sort()).toEqual(kinds.map(([k]) => k).sort());
  });

  it('keeps sessions and login failures', async () => {
    await store.ensureMunicipality('95200', 'Miraflores');
    await store.createUser(user('ana'));
    const session = { tokenHash: 'h1', userId: 'id-ana', deviceId: 'dev-1', createdAt: AT, expiresAt: '2026-03-11T15:00:00.000Z', revokedAt: null };
    await store.createSession(session);
    await store.createSession({ ...session, tokenHash: 'h2', deviceId: null });
    expect(await store.findSession('h1')).toEqual(session);
    expect(await store.findSession('h2')).toEqual({ ...session, tokenHash: 'h2', deviceId: null });
    expect(await store.findSession('nope')).toBeNull();
    await store.revokeSession('h1', '2026-03-10T16:00:00.000Z');
    await store.revokeSession('h1', '2026-03-10T17:00:00.000Z');
    expect((await store.findSession('h1'))?.revokedAt).toBe('2026-03-10T16:00:00.000Z');
    expect((await store.findSession('h2'))?.revokedAt).toBeNull();
    expect(await store.municipalityName('95200')).toBe('Miraflores');
    expect(await store.municipalityName('99999')).toBeNull();
  });

  it('counts sign-in failures per (username, address) and per address, within the window', async () => {
    const at = (min: number) => new Date(Date.parse(AT) + min * 60_000).toISOString();
    const fail = (username: string, address: string, min: number, sinceMin = min - 60) =>
      store.recordSignInFailure({ username, address, at: at(min) }, at(sinceMin));
    const first = await fail('ana', '10.0.0.1', 0);
    expect(first).toMatchObject({ pair: { count: 0, lastAt: null }, address: { count: 0, lastAt: null } });
    await fail('bob', '10.0.0.1', 1);
    await fail('ana', '10.0.0.2', 2);
    const fourth = await fail('ana', '10.0.0.1', 3);
    expect(fourth.id).toBeGreaterThan(first.id);
    // Only what came before it, from the same address.
    expect(fourth).toMatchObject({ pair: { count: 1, lastAt: at(0) }, address: { count: 2, lastAt: at(1) } });
    // A forgotten attempt does not count; a failure older than the window is gone.
    await store.forgetSignInFailure(fourth.id);
    expect(await fail('ana', '10.0.0.1', 30, 0.5)).toMatchObject({ pair: { count: 0, lastAt: null }, address: { count: 1, lastAt: at(1) } });
    // A success clears that pair only; a new password clears the username everywhere.
    await store.clearSignInFailures('ana', '10.0.0.1');
    expect(await fail('ana', '10.0.0.1', 31, 0.5)).toMatchObject({ pair: { count: 0 }, address: { count: 1, lastAt: at(1) } });
    expect(await fail('ana', '10.0.0.2', 32, 0.5)).toMatchObject({ pair: { count: 1, lastAt: at(2) }, address: { count: 1 } });
    await store.clearUserSignInFailures('ana');
    expect(await fail('ana', '10.0.0.2', 33, 0.5)).toMatchObject({ pair: { count: 0, lastAt: null }, address: { count: 0 } });
    expect(await fail('zoe', '10.0.0.1', 34, 0.5)).toMatchObject({ pair: { count: 0 }, address: { count: 1, lastAt: at(1) } });
  });

  it('commits a transaction, and a thrown error leaves nothing of it', async () => {
    const value = await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'kept'));
      return 42;
    });
    expect(value).toBe(42);
    await expect(
      store.transaction('95200', async (tx) => {
        await tx.saveRecord(rec('pqrsd', 'lost'));
        await tx.saveRecord(rec('pqrsd', 'kept', { changed: true }, { rev: 2 }));
        await tx.putReceipt(receipt('m-lost'));
        expect(await tx.nextInSeries('95200', 'radicado', 2026)).toBe(1);
        await tx.enqueueOutbound({ id: 'o-lost', municipality: '95200', payload: { a: 1 }, createdAt: AT });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.recordsOfKind('95200', 'pqrsd')).map((r) => [r.id, r.rev])).toEqual([['kept', 1]]);
    expect(await store.dueOutbound('2030-01-01T00:00:00.000Z', 10)).toEqual([]);
    await store.transaction('95200', async (tx) => {
      expect(await tx.getReceipt('m-lost')).toBeNull();
      expect(await tx.nextInSeries('95200', 'radicado', 2026)).toBe(1);
    });
  });

  it('rolls back only a failed savepoint, nested or not', async () => {
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'before'));
      await expect(
        tx.savepoint(async () => {
          await tx.saveRecord(rec('pqrsd', 'inside'));
          expect(await tx.nextInSeries('95200', 'radicado', 2026)).toBe(1);
          await tx.putReceipt(receipt('m-inside'));
          throw new Error('undo me');
        }),
      ).rejects.toThrow('undo me');
      // A failed statement (a duplicate key) inside a savepoint does not spoil the transaction.
      await tx.putReceipt(receipt('m-dup'));
      await expect(tx.savepoint(() => tx.putReceipt(receipt('m-dup')))).rejects.toThrow();
      const inner = await tx.savepoint(async () => {
        await tx.saveRecord(rec('pqrsd', 'outer'));
        await expect(tx.savepoint(() => tx.saveRecord(rec('pqrsd', 'inner')).then(() => Promise.reject(new Error('inner'))))).rejects.toThrow('inner');
        return tx.nextInSeries('95200', 'radicado', 2026);
      });
      expect(inner).toBe(1);
      await tx.saveRecord(rec('pqrsd', 'after'));
      expect(await tx.getReceipt('m-inside')).toBeNull();
    });
    expect((await store.recordsOfKind('95200', 'pqrsd')).map((r) => r.id)).toEqual(['before', 'outer', 'after']);
    const next = await store.transaction('95200', (tx) => tx.nextInSeries('95200', 'radicado', 2026));
    expect(next).toBe(2);
  });

  it('gives each saved record the next seq of its municipality and upserts by (municipality, kind, id)', async () => {
    const s1 = await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1', { subject: 'uno' })));
    const s2 = await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r2')));
    const s3 = await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1', { subject: 'dos', tags: ['a', 'b'] }, { rev: 2, updatedBy: 'user-b' })));
    // Another municipality: its own sequence, from the start.
    const s4 = await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'r1', {}, { municipality: '95015' })));
    expect(s1).toBeGreaterThan(0);
    expect([s2 > s1, s3 > s2]).toEqual([true, true]);
    expect(s4).toBe(1);
    expect(await store.countRecords('95200')).toBe(2);
    expect(await store.countRecords('95200', 'pqrsd')).toBe(2);
    expect(await store.countRecords('95200', 'official')).toBe(0);
    const r1 = await store.transaction('95200', (tx) => tx.getRecord('95200', 'pqrsd', 'r1'));
    expect(r1).toEqual({ ...rec('pqrsd', 'r1', { subject: 'dos', tags: ['a', 'b'] }, { rev: 2, updatedBy: 'user-b' }), seq: s3 });
    expect(await store.transaction('95200', (tx) => tx.getRecord('95200', 'pqrsd', 'missing'))).toBeNull();
    expect((await store.changesSince('95200', ['pqrsd'], 0, 10)).map((r) => [r.id, r.seq])).toEqual([
      ['r2', s2],
      ['r1', s3],
    ]);
  });

  it('keeps the device that settled a record, and forgets it on any other write of the record', async () => {
    const origin = async (id: string) => (await store.getRecord('95200', 'pqrsd', id))?.origin;
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'r1'), 'device-A');
      await tx.saveRecord(rec('pqrsd', 'r2'));
      // Read back inside the transaction, one at a time and set-wise.
      expect((await tx.getRecord('95200', 'pqrsd', 'r1'))?.origin).toBe('device-A');
      expect((await tx.getRecords('95200', [{ kind: 'pqrsd', id: 'r1' }]))[0]?.origin).toBe('device-A');
    });
    expect(await origin('r1')).toBe('device-A');
    expect(await store.getRecord('95200', 'pqrsd', 'r2')).not.toHaveProperty('origin');
    expect((await store.changesSince('95200', ['pqrsd'], 0, 10)).map((r) => [r.id, r.origin])).toEqual([
      ['r1', 'device-A'],
      ['r2', undefined],
    ]);
    // A copy of the stored record written again (a rule, habeas data) does not carry the origin along.
    const stored = await store.getRecord('95200', 'pqrsd', 'r1');
    await store.transaction('95200', (tx) => tx.saveRecord({ ...(stored as NewRecordState), rev: 2 }));
    expect(await origin('r1')).toBeUndefined();
    await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1', {}, { rev: 3 }), 'device-B'));
    expect(await origin('r1')).toBe('device-B');
  });

  it("leaves a device's settled changes out of its own pulls, never out of anyone else's", async () => {
    const deviceA = { id: 'user-a', role: 'committee', municipality: '95200', deviceId: 'device-A' } as const;
    const deviceB = { id: 'user-b', role: 'committee', municipality: '95200', deviceId: 'device-B' } as const;
    await pushMutations(store, B, [createMutation()], { now: fixedNow });
    const start = await pullChanges(store, deviceA, null);
    const filed = createMutation();
    const [created] = await pushMutations(store, A, [filed], { now: fixedNow, answersTo: 'device-A' });
    expect(created).toMatchObject({ status: 'applied', rev: 1, settled: true, serverFields: { radicado: '95200-2026-000002' } });
    // Not settled for a session that is not the acting device (an import, a script).
    const [scripted] = await pushMutations(store, A, [createMutation()], { now: fixedNow });
    expect(scripted).not.toHaveProperty('settled');
    const ids = async (who: typeof deviceA | typeof deviceB, cursor: string | null) => (await pullChanges(store, who, cursor)).changes.map((c) => c.id);
    expect(await ids(deviceA, start.cursor)).not.toContain(filed.recordId);
    expect(await ids(deviceB, start.cursor)).toContain(filed.recordId);
    // A device starting over (a reset, a reinstall) gets its own records too.
    expect(await ids(deviceA, null)).toContain(filed.recordId);
    // …on every page of that reset, not only its first.
    expect((await pullStoreAll(store, deviceA, 1)).map((c) => c.id)).toContain(filed.recordId);
    // Someone else's change of it reaches A.
    const [byB] = await pushMutations(store, B, [updateMutation(filed.recordId, 1, { subject: 'Asunto de B' })], { now: fixedNow, answersTo: 'device-B' });
    expect(byB).toMatchObject({ status: 'applied', rev: 2, settled: true });
    expect(await ids(deviceA, start.cursor)).toContain(filed.recordId);
    // A's change based on the revision it never saw: merged, not settled, so pulled back with B's subject.
    const [byA] = await pushMutations(store, A, [updateMutation(filed.recordId, 1, { channel: 'web' })], { now: fixedNow, answersTo: 'device-A' });
    expect(byA).toMatchObject({ status: 'applied', rev: 3 });
    expect(byA).not.toHaveProperty('settled');
    const page = await pullChanges(store, deviceA, start.cursor);
    expect(page.changes.find((c) => c.id === filed.recordId)).toMatchObject({ rev: 3, data: { subject: 'Asunto de B', channel: 'web' } });
  });

  it('pages changes by seq, filtered by municipality and kind', async () => {
    await store.transaction('95200', async (tx) => {
      for (let i = 1; i <= 7; i++) await tx.saveRecord(rec(i % 2 ? 'pqrsd' : 'official', `r${i}`));
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'elsewhere', {}, { municipality: '95015' })));
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await store.changesSince('95200', ['pqrsd', 'official'], after, 3);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((r) => r.id));
      after = page.at(-1)?.seq ?? after;
    }
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect((await store.changesSince('95200', ['official'], 0, 10)).map((r) => r.id)).toEqual(['r2', 'r4', 'r6']);
    expect((await store.changesSince('95015', ['pqrsd', 'official'], 0, 10)).map((r) => r.id)).toEqual(['elsewhere']);
    expect(await store.changesSince('95200', [], 0, 10)).toEqual([]);
    expect(await store.changesSince('95200', ['pqrsd'], 1_000_000, 10)).toEqual([]);
  });

  it('reads a pull page as changesSince does, with the stored data as JSON text and no field revisions', async () => {
    const data = { text: 'Ñandú "citado" \\ \u2028', nested: [1, { a: null, b: [true, 2.5] }], empty: {} };
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'p1', data), 'device-A');
      await tx.saveRecord(rec('official', 'o1'));
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'elsewhere', {}, { municipality: '95015' })));
    const full = await store.changesSince('95200', ['pqrsd', 'official'], 0, 10);
    const rows = await store.pullRowsSince('95200', ['pqrsd', 'official'], 0, 10);
    expect(rows.map((r) => ({ kind: r.kind, id: r.id, rev: r.rev, seq: r.seq, origin: r.origin, data: JSON.parse(r.dataJson) as unknown }))).toEqual(
      full.map((r) => ({ kind: r.kind, id: r.id, rev: r.rev, seq: r.seq, origin: r.origin, data: r.data })),
    );
    expect(rows.map((r) => Object.keys(r).sort())).toEqual([['dataJson', 'id', 'kind', 'origin', 'rev', 'seq'], ['dataJson', 'id', 'kind', 'rev', 'seq']]);
    expect((await store.pullRowsSince('95200', ['official'], 0, 10)).map((r) => r.id)).toEqual(['o1']);
    expect((await store.pullRowsSince('95200', ['pqrsd', 'official'], rows[0]?.seq ?? 0, 10)).map((r) => r.id)).toEqual(['o1']);
    expect((await store.pullRowsSince('95200', ['pqrsd', 'official'], 0, 1)).map((r) => r.id)).toEqual(['p1']);
    expect(await store.pullRowsSince('95200', [], 0, 10)).toEqual([]);
    // A pull answer splices that text: it is a valid PullResponse carrying the same data.
    const page = pullResponseSchema.parse(await pullChanges(store, { role: 'committee', municipality: '95200', id: 'c1' }, null));
    expect(page.changes.find((c) => c.id === 'p1')?.data).toEqual(full.find((r) => r.id === 'p1')?.data);
  });

  it('numbers series gap-free per municipality, name and year', async () => {
    const got = await store.transaction('95200', async (tx) => [
      await tx.nextInSeries('95200', 'radicado', 2026),
      await tx.nextInSeries('95200', 'radicado', 2026),
      await tx.nextInSeries('95200', 'radicado', 2027),
      await tx.nextInSeries('95200', 'other', 2026),
      await tx.nextInSeries('95200', 'radicado', 2026),
    ]);
    expect(got).toEqual([1, 2, 1, 1, 3]);
    expect(await store.transaction('95015', (tx) => tx.nextInSeries('95015', 'radicado', 2026))).toBe(1);
    await expect(
      store.transaction('95200', async (tx) => {
        expect(await tx.nextInSeries('95200', 'radicado', 2026)).toBe(4);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    expect(await store.transaction('95200', (tx) => tx.nextInSeries('95200', 'radicado', 2026))).toBe(4);
  });

  it('keeps receipts by mutation id, and refuses a second one', async () => {
    await store.transaction('95200', (tx) => tx.putReceipt(receipt('m1')));
    expect(await store.transaction('95200', (tx) => tx.getReceipt('m1'))).toEqual(receipt('m1'));
    expect(await store.transaction('95200', (tx) => tx.getReceipt('m2'))).toBeNull();
    await expect(store.transaction('95200', (tx) => tx.putReceipt({ ...receipt('m1'), deviceId: 'other' }))).rejects.toThrow();
    expect((await store.transaction('95200', (tx) => tx.getReceipt('m1')))?.deviceId).toBe('device-A');
  });

  it('lists records of a kind, in and out of a transaction, and finds a request by radicado', async () => {
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'p2', { radicado: '95200-2026-000002' }));
      await tx.saveRecord(rec('pqrsd', 'p1', { radicado: '95200-2026-000001' }));
      await tx.saveRecord(rec('official', 'o1', { radicado: '95200-2026-000009' }));
      expect((await tx.recordsOfKind('95200', 'pqrsd')).map((r) => r.id)).toEqual(['p2', 'p1']);
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'x1', { radicado: '95015-2026-000001' }, { municipality: '95015' })));
    expect((await store.recordsOfKind('95200', 'pqrsd')).map((r) => r.id)).toEqual(['p2', 'p1']);
    expect((await store.recordsOfKind('95200', 'official')).map((r) => r.id)).toEqual(['o1']);
    expect(await store.recordsOfKind('95200', 'portal_draft')).toEqual([]);
    expect((await store.findPqrsdByRadicado('95200-2026-000001'))?.id).toBe('p1');
    expect((await store.findPqrsdByRadicado('95015-2026-000001'))?.municipality).toBe('95015');
    expect(await store.findPqrsdByRadicado('95200-2026-000009')).toBeNull();
    expect(await store.findPqrsdByRadicado('nope')).toBeNull();
  });

  it('finds requests by provisional number within one municipality only', async () => {
    await store.transaction('95200', async (tx) => {
      await tx.saveRecord(rec('pqrsd', 'q1', { provisionalNumber: 'P-C8DF-0001' }));
      await tx.saveRecord(rec('pqrsd', 'q2', { provisionalNumber: 'P-C8DF-0001' }));
      await tx.saveRecord(rec('pqrsd', 'q3', { provisionalNumber: 'P-C8DF-0002' }));
      await tx.saveRecord(rec('official', 'o2', { provisionalNumber: 'P-C8DF-0001' }));
    });
    await store.transaction('95015', (tx) => tx.saveRecord(rec('pqrsd', 'y1', { provisionalNumber: 'P-C8DF-0001' }, { municipality: '95015' })));
    expect((await store.findPqrsdByProvisional('95200', 'P-C8DF-0001')).map((r) => r.id).sort()).toEqual(['q1', 'q2']);
    expect((await store.findPqrsdByProvisional('95015', 'P-C8DF-0001')).map((r) => r.id)).toEqual(['y1']);
    expect(await store.findPqrsdByProvisional('95200', 'P-C8DF-0009')).toEqual([]);
  });

  it('queues outbound publications with the transaction and tracks their delivery', async () => {
    const payload = { title: 'Acta', items: [1, 2, { x: 'y' }] };
    await store.transaction('95200', async (tx) => {
      await tx.enqueueOutbound({ id: 'o2', municipality: '95200', payload: ['an', 'array'], createdAt: '2026-03-10T15:00:01.000Z' });
      await tx.enqueueOutbound({ id: 'o1', municipality: '95200', payload, createdAt: AT });
    });
    await expect(
      store.transaction('95200', async (tx) => {
        await tx.enqueueOutbound({ id: 'o3', municipality: '95200', payload: {}, createdAt: AT });
        throw new Error('no');
      }),
    ).rejects.toThrow();
    expect(await store.dueOutbound('2026-03-10T14:00:00.000Z', 10)).toEqual([]);
    const due = await store.dueOutbound('2026-03-10T16:00:00.000Z', 10);
    expect(due).toEqual([
      { id: 'o1', municipality: '95200', payload, createdAt: AT, attempts: 0, nextAttemptAt: AT, deliveredAt: null, lastError: null },
      { id: 'o2', municipality: '95200', payload: ['an', 'array'], createdAt: '2026-03-10T15:00:01.000Z', attempts: 0, nextAttemptAt: '2026-03-10T15:00:01.000Z', deliveredAt: null, lastError: null },
    ]);
    expect((await store.dueOutbound('2026-03-10T16:00:00.000Z', 1)).map((o) => o.id)).toEqual(['o1']);
    await store.markOutbound('o1', { attempts: 1, nextAttemptAt: '2026-03-10T17:00:00.000Z', lastError: 'HTTP 503' });
    await store.markOutbound('o2', { attempts: 1, deliveredAt: '2026-03-10T15:30:00.000Z', lastError: null });
    await store.markOutbound('o2', {});
    expect(await store.dueOutbound('2026-03-10T16:00:00.000Z', 10)).toEqual([]);
    expect(await store.dueOutbound('2026-03-10T17:00:00.000Z', 10)).toEqual([
      { id: 'o1', municipality: '95200', payload, createdAt: AT, attempts: 1, nextAttemptAt: '2026-03-10T17:00:00.000Z', deliveredAt: null, lastError: 'HTTP 503' },
    ]);
  });

  it('runs the real push and pull: radicados, replays, merges, scoping', async () => {
    const batch = [createMutation(), createMutation(), createMutation({ receivedAt: '2027-01-01T05:00:00Z' })];
    // Pushed once 2027 began: a receipt is never later than the server's date (plus a day).
    const newYear = () => new Date('2027-01-02T15:00:00.000Z');
    const results = await pushMutations(store, A, batch, { now: newYear });
    expect(results.map((r) => (r.status === 'applied' ? r.serverFields.radicado : r.status))).toEqual([
      '95200-2026-000001',
      '95200-2026-000002',
      '95200-2027-000001',
    ]);
    expect(await pushMutations(store, A, batch, { now: fixedNow })).toEqual(results); // a replay: same answer
    expect((await pushMutations(store, B, [batch[0]], { now: fixedNow }))[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    const [other] = await pushMutations(store, OTHER_TOWN, [createMutation()], { now: fixedNow });
    expect(other).toMatchObject({ status: 'applied', serverFields: { radicado: '95015-2026-000001' } });
    const id = batch[0]?.recordId ?? '';
    await pushMutations(store, B, [updateMutation(id, 1, { subject: 'Asunto de B' })], { now: fixedNow });
    const [byA] = await pushMutations(store, A, [updateMutation(id, 1, { subject: 'Asunto de A', channel: 'web' })], { now: fixedNow });
    expect(byA).toMatchObject({ status: 'conflict', rev: 3, conflicts: [{ field: 'subject' }] });
    const [bad] = await pushMutations(store, A, [{ id: 'not-a-mutation' }], { now: fixedNow });
    expect(bad).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });

    const changes = await pullStoreAll(store, COMMITTEE, 2);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const pqrsd = changes.filter((c) => c.kind === 'pqrsd');
    expect(pqrsd.map((c) => c.id).sort()).toEqual(batch.map((m) => m.recordId).sort());
    expect(pqrsd.find((c) => c.id === id)).toMatchObject({ rev: 3, data: { subject: 'Asunto de B', channel: 'web' } });
    expect(changes.filter((c) => c.kind === 'conflict')).toHaveLength(1);
    expect((await pullStoreAll(store, { role: 'official', municipality: '95015', dependencia: 'Ventanilla única' }, 500)).filter((c) => c.kind === 'pqrsd')).toHaveLength(1);
  });
});

describe('both stores', () => {
  it('give identical push results and pulls for the same mutations', async () => {
    const first = [createMutation(), createMutation({ receivedAt: '2025-12-31T23:00:00.000Z' }), createMutation({ type: 'queja' })];
    const id = first[0]?.recordId ?? '';
    const script: [Actor, unknown[]][] = [
      [A, first],
      [A, [first[1], createMutation()]], // one replay, one new
      [B, [updateMutation(id, 1, { subject: 'Asunto de B' })]],
      [A, [updateMutation(id, 1, { subject: 'Asunto de A', channel: 'web' }), updateMutation(id, 9, { description: 'otra' })]],
      [OTHER_TOWN, [createMutation(), { kind: 'pqrsd' }]],
      [A, [{ ...createMutation(), kind: 'no_such_kind' }]],
    ];
    const transcripts: string[] = [];
    for (const [, open] of STORES) {
      const store = await open();
      try {
        await store.migrate();
        const pushed = [];
        for (const [actor, raws] of script) pushed.push(await pushMutations(store, actor, raws, { now: fixedNow }));
        const pulled = [await pullStoreAll(store, COMMITTEE, 3), await pullStoreAll(store, { role: 'official', municipality: '95015', dependencia: 'Ventanilla única' }, 3)];
        // Conflict ids are server-made UUIDs: name them by order of appearance.
        const text = JSON.stringify({ pushed, pulled });
        const ids = [...new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])];
        const serverMade = ids.filter((x) => !script.some(([, raws]) => JSON.stringify(raws).includes(x)));
        transcripts.push(serverMade.reduce((t, x, i) => t.replaceAll(x, `server-id-${i}`), text));
      } finally {
        await store.close();
      }
    }
    expect(transcripts[0]?.length).toBeGreaterThan(1000);
    expect(JSON.parse(transcripts[1] ?? 'null')).toEqual(JSON.parse(transcripts[0] ?? 'null'));
  });
});
