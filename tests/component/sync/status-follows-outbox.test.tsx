// @vitest-environment happy-dom
// The sync bar and the push follow the outbox itself: a write of any kind, through any path,
// shows up as "N cambios por enviar" and is pushed with nothing pressed and no screen telling
// the engine. Real Dexie (fake-indexeddb), the real engine and the real status bar.
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type GelDb } from '../../../src/db/database';
import { createLocal, updateLocal, type DeviceContext } from '../../../src/modules/local-records';
import { countUnsentWork } from '../../../src/modules/unsent-work';
import { saveWorkingCopy } from '../../../src/modules/portal/drafts';
import { CREATABLE_KINDS } from '#shared/records';
import { uuidv7 } from '#shared/ids';
import type { Mutation } from '#shared/sync-protocol';
import { SyncEngine } from '../../../src/sync/engine';
import type { DevicePush } from '../../../src/sync/transport';
import { ServicesContext, type Services } from '../../../src/ui/services';
import { SyncStatusBar } from '../../../src/ui/sync-status-bar';
import { freshRefs, kindBases, type Refs } from '../../fuzz/payloads';

const refs: Refs = freshRefs({ deviceId: uuidv7(), userId: uuidv7(), exportDevice: { id: uuidv7(), key: 'k' } });
const ctx: DeviceContext = { deviceId: refs.deviceId, userId: refs.userId, municipality: '95200', officialIdKey: null };

/** A link that records what was pushed and answers like a server that applied it all. */
function recordingTransport() {
  const pushes: { deviceId: string; mutations: Mutation[] }[] = [];
  return {
    pushes,
    push: async (req: DevicePush) => {
      pushes.push({ deviceId: req.deviceId, mutations: req.mutations as Mutation[] });
      return { results: (req.mutations as Mutation[]).map((mu) => ({ status: 'applied' as const, mutationId: mu.id, rev: 1, serverFields: {} })) };
    },
    pull: async () => ({ changes: [], cursor: null, hasMore: false }),
  };
}

let open: { db: GelDb; engine: SyncEngine } | null = null;
afterEach(async () => {
  cleanup();
  if (open) {
    open.engine.stop();
    open.db.close();
    await open.db.delete();
    open = null;
  }
});

async function mount(online: boolean) {
  const db = openDb(`status-${uuidv7()}`);
  const transport = recordingTransport();
  const engine = new SyncEngine({ db, transport, deviceId: ctx.deviceId, isOnline: () => online, debounceMs: 50, intervalMs: 3_600_000 });
  open = { db, engine };
  await engine.start();
  const services = { engine, db, session: { user: { role: 'admin' } } } as unknown as Services;
  render(
    <ServicesContext.Provider value={services}>
      <SyncStatusBar />
    </ServicesContext.Provider>,
  );
  return { db, engine, transport };
}

const pendingText = () => screen.getByTestId('pending-count').textContent;

describe('the sync bar follows the outbox', () => {
  it('counts a write of every creatable kind within a second, offline, with no caller telling the engine', async () => {
    const { db, transport } = await mount(false);
    await waitFor(() => expect(pendingText()).toBe('Todo enviado'));
    const bases = kindBases(refs);
    let n = 0;
    for (const kind of CREATABLE_KINDS) {
      await createLocal(db, ctx, kind, bases[kind]);
      n++;
      await waitFor(() => expect(pendingText()).toBe(n === 1 ? '1 cambio por enviar' : `${n} cambios por enviar`), { timeout: 1000 });
    }
    // Courses, sessions, roster, evaluations and computers are among them (the kinds the walk caught lying).
    expect(CREATABLE_KINDS).toEqual(expect.arrayContaining(['course', 'training_session', 'official', 'evaluation', 'attendance_mark', 'computer']));
    // An update counts the same way.
    const course = (await db.course.toArray())[0];
    await updateLocal(db, 'course', course!.id, { name: 'Ofimática intermedia' });
    await waitFor(() => expect(pendingText()).toBe(`${n + 1} cambios por enviar`), { timeout: 1000 });
    expect(transport.pushes).toHaveLength(0); // offline: nothing left
  });

  it('pushes a new write by itself when the link is up, and then says all is sent', async () => {
    const { db, transport } = await mount(true);
    await waitFor(() => expect(screen.getByTestId('last-sync').textContent).toMatch(/Última sincronización/));
    expect(transport.pushes).toHaveLength(0); // nothing to send at start
    const bases = kindBases(refs);
    await createLocal(db, ctx, 'computer', bases.computer);
    await createLocal(db, ctx, 'evaluation', bases.evaluation);
    await waitFor(() => expect(transport.pushes.flatMap((p) => p.mutations.map((mu) => mu.kind))).toEqual(['computer', 'evaluation']), { timeout: 1000 });
    await waitFor(() => expect(pendingText()).toBe('Todo enviado'), { timeout: 1000 });
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('unsent work at sign-out', () => {
  it('counts outbox changes, refused changes, unsent files and autosaved text not yet in the outbox', async () => {
    const db = openDb(`unsent-${uuidv7()}`);
    const engine = new SyncEngine({ db, transport: recordingTransport(), deviceId: ctx.deviceId, isOnline: () => false });
    open = { db, engine };
    expect(await countUnsentWork(db)).toBe(0);
    const draft = await createLocal(db, ctx, 'portal_draft', kindBases(refs).portal_draft);
    expect(await countUnsentWork(db)).toBe(1);
    await db.outbox.clear();
    expect(await countUnsentWork(db)).toBe(0);
    // Typed text only autosaved on the draft: it is moved to the outbox and counted.
    await saveWorkingCopy(db, draft.id, { title: 'Jornada de vacunación' });
    expect(await countUnsentWork(db)).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    await db.outbox.clear();
    const mutation = { id: uuidv7(), kind: 'computer', recordId: uuidv7(), op: 'create' as const, baseRev: null, data: {}, at: new Date().toISOString() };
    await db.quarantine.add({ mutationId: mutation.id, kind: 'computer', recordId: mutation.recordId, mutation, error: { code: 'VALIDATION_FAILED', message: 'x' }, at: mutation.at });
    expect(await countUnsentWork(db)).toBe(1);
    await db.file.add({ hash: 'b'.repeat(64), name: 'a.jpg', type: 'image/jpeg', size: 3, bytes: new Uint8Array(3), sent: 0, state: 'queued', error: null, attempts: 0, nextAttemptAt: mutation.at, createdAt: mutation.at });
    expect(await countUnsentWork(db)).toBe(2);
  });
});
