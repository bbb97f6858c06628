// Per-dependencia visibility of citizen requests, on both stores (SQLite and a throwaway
// PostgreSQL cluster): what each person pulls, what they may write, scope resets, audit.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { officialIdFor } from '#shared/training/official-id';
import type { Mutation, PullResponse } from '#shared/sync-protocol';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import type { Store } from '../../sync-server/store/store';
import { pullChanges, type Puller } from '../../sync-server/sync/pull';
import { pushMutations } from '../../sync-server/sync/push';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores, storeEachTest } from '../helpers/stores';

const official = (userId: string, dependencia: string | null): Actor => ({ userId, role: 'official', municipality: '95200', deviceId: `device-${userId}`, dependencia });
const FILER = official('filer', 'Ventanilla única');
const DESK = official('desk', 'ventanilla unica'); // same office, spelled otherwise
const GOBIERNO = official('gob', 'Secretaría de Gobierno');
const NO_OFFICE = official('none', null);
const COMMITTEE: Actor = { userId: 'com', role: 'committee', municipality: '95200', deviceId: 'device-com' };

const asPuller = (a: Actor): Puller => ({ ...a, id: a.userId });

const step = (requestId: string, action: Record<string, unknown>, date = '2026-03-11'): Mutation => ({
  id: uuidv7(),
  kind: 'pqrsd_event',
  recordId: uuidv7(),
  op: 'create',
  baseRev: null,
  data: { requestId, date, note: '', action },
  at: `${date}T15:00:00.000Z`,
});

const cluster = postgresCluster();

const STORES = bothStores(cluster);

describe.each(STORES)('%s store', (_dialect, open) => {
  let store: Store;
  storeEachTest(open, (s) => (store = s));

  /** A device's pull loop from a cursor: everything it receives. */
  /** A request filed at the window, then changed from the same revision by the desk and by who filed it: one open conflict. */
  async function filedWithConflict(): Promise<Mutation> {
    const filed = createMutation();
    await pushMutations(store, FILER, [filed]);
    await pushMutations(store, DESK, [updateMutation(filed.recordId, 1, { subject: 'Versión de la ventanilla' })]);
    const [second] = await pushMutations(store, FILER, [updateMutation(filed.recordId, 1, { subject: 'Versión de quien radicó' })]);
    expect(second).toMatchObject({ status: 'conflict' });
    return filed;
  }

  async function pullFrom(who: Actor, cursor: string | null): Promise<{ changes: PullResponse['changes']; cursor: string | null; reset: boolean }> {
    const changes: PullResponse['changes'] = [];
    let reset = false;
    for (;;) {
      const page = await pullChanges(store, asPuller(who), cursor, 3);
      changes.push(...page.changes);
      reset ||= page.reset === true;
      cursor = page.cursor;
      if (!page.hasMore) return { changes, cursor, reset };
    }
  }

  const ids = (changes: PullResponse['changes'], kind: string) => changes.filter((c) => c.kind === kind && !c.removed).map((c) => c.id);

  describe('requests limited to the official’s dependencia', () => {
    it('an unassigned request is the filing office’s; the assignment moves it, with its steps, and tells the old office to drop it', async () => {
      const filed = createMutation();
      const [created] = await pushMutations(store, FILER, [filed]);
      expect(created).toMatchObject({ status: 'applied', serverFields: { intakeDependencia: 'Ventanilla única' } });

      const desk = await pullFrom(DESK, null);
      expect(ids(desk.changes, 'pqrsd')).toEqual([filed.recordId]);
      const gob = await pullFrom(GOBIERNO, null);
      expect(gob.changes).toEqual([]); // not even a removal: nothing to remove on a first pull
      expect(ids((await pullFrom(NO_OFFICE, null)).changes, 'pqrsd')).toEqual([]);
      expect(ids((await pullFrom(COMMITTEE, null)).changes, 'pqrsd')).toEqual([filed.recordId]);

      // The ventanilla assigns it to Gobierno.
      const assign = step(filed.recordId, { type: 'asignar', dependencia: 'Secretaría de Gobierno', assignee: 'Ana Gómez' });
      expect((await pushMutations(store, DESK, [assign]))[0]).toMatchObject({ status: 'applied' });

      const gobAfter = await pullFrom(GOBIERNO, gob.cursor);
      expect(ids(gobAfter.changes, 'pqrsd')).toEqual([filed.recordId]);
      expect(ids(gobAfter.changes, 'pqrsd_event')).toEqual([assign.recordId]);
      const deskAfter = await pullFrom(DESK, desk.cursor);
      expect(deskAfter.changes).toEqual([expect.objectContaining({ kind: 'pqrsd', id: filed.recordId, removed: true, data: {} })]);
      // An office that never had it hears nothing of it, not even its id.
      const PLANEACION = official('plan', 'Secretaría de Planeación');
      const plan = await pullFrom(PLANEACION, null);
      await pushMutations(store, GOBIERNO, [step(filed.recordId, { type: 'iniciar_tramite' }, '2026-03-12')]);
      expect((await pullFrom(PLANEACION, plan.cursor)).changes).toEqual([]);
      // A build from before removals is sent none (it could not apply them).
      const old = await pullChanges(store, asPuller(DESK), desk.cursor, 100, []);
      expect(old.changes).toEqual([]);
      // Whoever filed it keeps it: they took the citizen's data and answer at the window.
      expect(ids((await pullFrom(FILER, null)).changes, 'pqrsd')).toEqual([filed.recordId]);
      // A fresh device in the old office gets neither the request nor its steps.
      const deskFresh = await pullFrom(DESK, null);
      expect(deskFresh.changes).toEqual([]);
    });

    it('steps and open conflicts recorded before a request reaches an office arrive on that office’s devices', async () => {
      const filed = await filedWithConflict();
      const own = step(filed.recordId, { type: 'asignar', dependencia: 'Ventanilla única', assignee: 'Luis' });
      const started = step(filed.recordId, { type: 'iniciar_tramite' }, '2026-03-12');
      expect(await pushMutations(store, DESK, [own, started])).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
      const gob = await pullFrom(GOBIERNO, null); // Gobierno's device, in step with the server
      expect(gob.changes).toEqual([]);

      const moved = step(filed.recordId, { type: 'asignar', dependencia: 'Secretaría de Gobierno', assignee: 'Ana Gómez' }, '2026-03-13');
      expect((await pushMutations(store, DESK, [moved]))[0]).toMatchObject({ status: 'applied' });
      const after = await pullFrom(GOBIERNO, gob.cursor);
      expect(ids(after.changes, 'pqrsd_event').sort()).toEqual([own.recordId, started.recordId, moved.recordId].sort());
      expect(after.changes.filter((c) => c.kind === 'conflict')).toHaveLength(1);
      // What it receives equals what a fresh device of that office gets.
      const fresh = await pullFrom(GOBIERNO, null);
      expect(ids(fresh.changes, 'pqrsd_event').sort()).toEqual(ids(after.changes, 'pqrsd_event').sort());
      expect(await store.getRecord('95200', 'pqrsd', filed.recordId)).toMatchObject({
        data: { heldBy: ['ventanilla unica', 'secretaria de gobierno'] },
      });
      // The old office can no longer decide that conflict; the new one can.
      const conflictId = fresh.changes.find((c) => c.kind === 'conflict')?.id ?? 'missing';
      const decide = (who: Actor) =>
        pushMutations(store, who, [
          { id: uuidv7(), kind: 'conflict', recordId: conflictId, op: 'update', baseRev: 2, data: { resolved: true, resolution: 'server' }, at: '2026-03-14T15:00:00.000Z' },
        ]);
      expect((await decide(DESK))[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      expect((await decide(GOBIERNO))[0]).toMatchObject({ status: 'applied' });
    });

    it('whoever filed a request keeps reading it but stops acting on it once another office has it', async () => {
      const filed = createMutation();
      await pushMutations(store, FILER, [filed]);
      await pushMutations(store, FILER, [step(filed.recordId, { type: 'asignar', dependencia: 'Secretaría de Gobierno', assignee: 'Ana Gómez' })]);
      expect(ids((await pullFrom(FILER, null)).changes, 'pqrsd')).toEqual([filed.recordId]);
      const [late] = await pushMutations(store, FILER, [step(filed.recordId, { type: 'iniciar_tramite' }, '2026-03-12')]);
      expect(late).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      const [edit] = await pushMutations(store, FILER, [updateMutation(filed.recordId, 2, { subject: 'Cambio tardío' })]);
      expect(edit).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    });

    it('an official of another office can neither change a request nor add a step to it', async () => {
      const filed = createMutation();
      await pushMutations(store, FILER, [filed]);
      const [update] = await pushMutations(store, GOBIERNO, [updateMutation(filed.recordId, 1, { subject: 'Cambiado por otra oficina' })]);
      expect(update).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      const [event] = await pushMutations(store, GOBIERNO, [step(filed.recordId, { type: 'iniciar_tramite' })]);
      expect(event).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      // Same office: allowed.
      const [ok] = await pushMutations(store, DESK, [updateMutation(filed.recordId, 1, { subject: 'Corregido en la ventanilla' })]);
      expect(ok).toMatchObject({ status: 'applied' });
      const stored = await store.getRecord('95200', 'pqrsd', filed.recordId);
      expect(stored?.data.subject).toBe('Corregido en la ventanilla');
    });

    it('a conflict about a request travels only to those who see the request', async () => {
      await filedWithConflict();
      expect((await pullFrom(DESK, null)).changes.map((c) => c.kind).sort()).toEqual(['conflict', 'pqrsd']);
      expect((await pullFrom(GOBIERNO, null)).changes).toEqual([]);
    });

    it('when an admin changes someone’s office, their next pull starts over with the new view', async () => {
      const filed = createMutation();
      await pushMutations(store, FILER, [filed]);
      const before = await pullFrom(GOBIERNO, null);
      expect(before.changes).toEqual([]);
      expect(before.cursor).not.toBeNull();

      const moved = { ...GOBIERNO, dependencia: 'Ventanilla única' };
      const after = await pullFrom(moved, before.cursor);
      expect(after.reset).toBe(true);
      expect(ids(after.changes, 'pqrsd')).toEqual([filed.recordId]);
      // Same view again: no reset, nothing new.
      expect(await pullFrom(moved, after.cursor)).toEqual({ changes: [], cursor: after.cursor, reset: false });
      // A cursor from before scopes (a bare number) cannot say what the device holds: start over.
      const legacy = await pullChanges(store, asPuller(moved), '5', 10);
      expect(legacy.reset).toBe(true);
      expect(legacy.changes.map((c) => c.id)).toEqual([filed.recordId]);
    });
  });

  describe('views of personal data are audited for what was actually sent', () => {
    it('an official’s pull audits only the requests they received; a trainer’s pull of the roster is audited too', async () => {
      const mine = createMutation();
      const theirs = createMutation();
      await pushMutations(store, FILER, [mine]);
      await pushMutations(store, GOBIERNO, [theirs]);
      const before = (await store.auditEntries('95200', 0, 100)).length;
      await pullFrom(DESK, null);
      const [deskView, ...rest] = await store.auditEntries('95200', before, 100);
      expect(rest).toEqual([]);
      expect(deskView).toMatchObject({ action: 'view-personal-data', userId: 'desk', kind: 'pqrsd' });
      expect(deskView?.detail.recordIds).toEqual([mine.recordId]);

      const TRAINER: Actor = { userId: 'tr', role: 'trainer', municipality: '95200', deviceId: 'device-tr' };
      await store.ensureMunicipality('95200', 'Miraflores');
      const id = await officialIdFor(await store.officialIdKey('95200'), '95200', 'CC', '1234567');
      const [roster] = await pushMutations(store, { ...TRAINER, role: 'admin', userId: 'adm' }, [
        {
          id: uuidv7(),
          kind: 'official',
          recordId: id,
          op: 'create',
          baseRev: null,
          data: { idType: 'CC', idNumber: '1234567', fullName: 'Pedro Ruiz', dependencia: 'Secretaría de Gobierno' },
          at: '2026-03-10T15:00:00.000Z',
        },
      ]);
      expect(roster).toMatchObject({ status: 'applied' });
      const mark = (await store.auditEntries('95200', 0, 1000)).length;
      await pullFrom(TRAINER, null);
      const views = (await store.auditEntries('95200', mark, 100)).filter((e) => e.action === 'view-personal-data');
      expect(views).toEqual([expect.objectContaining({ userId: 'tr', kind: 'official' })]);
      expect(views[0]?.detail.recordIds).toEqual([id]);
    });
  });
});
