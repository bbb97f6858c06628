// Devices (real Dexie on fake-indexeddb, real ky transport, real SyncEngine) against the
// real sync server running as a child process.
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalPqrsd } from '../../src/db/database';
import { commitLocalChange } from '../../src/db/outbox';
import { uuidv7 } from '#shared/ids';
import { ApiCallError } from '../../src/api/client';
import type { Transport } from '../../src/sync/transport';
import { createMutation, sampleFiling } from '../helpers/fixtures';
import { createUserAsAdmin, http, login, OTHER_PASSWORD, serverPerTest } from '../helpers/server-process';

const fleet = serverPerTest();
const device = fleet.device;

/** The radicado series as the server's database file holds it. */
function seriesLast(year = 2026): number | undefined {
  const db = new Database(join(fleet.server.dataDir, 'gel-campo.sqlite'), { readonly: true });
  try {
    const row = db.prepare("SELECT last FROM series WHERE municipality = '95200' AND name = 'radicado' AND year = ?").get(year) as
      | { last: number }
      | undefined;
    return row?.last;
  } finally {
    db.close();
  }
}

const snapshot = (r: LocalPqrsd | undefined) => {
  if (!r) return undefined;
  const { _rev, _sync, ...data } = r;
  return data;
};

describe('sync between devices', () => {
  it('a request filed offline on A reaches B with its official radicado', async () => {
    await createUserAsAdmin(fleet.server.url, { username: 'ventanilla2', displayName: 'Segunda ventanilla', role: 'official' });
    const a = await device('funcionario');
    const b = await device('ventanilla2', { password: OTHER_PASSWORD });

    a.setOnline(false);
    const filed = await a.file(sampleFiling({ subject: 'Alumbrado en la vereda' }));
    expect(filed).toMatchObject({ radicado: null, _sync: 'pending', _rev: 0 });
    expect(await a.db.outbox.count()).toBe(1);
    expect(seriesLast()).toBeUndefined(); // nothing left the device

    a.setOnline(true);
    await a.syncNow();
    const mine = await a.db.pqrsd.get(filed.id);
    expect(mine).toMatchObject({ radicado: '95200-2026-000001', _sync: 'synced', _rev: 1, provisionalNumber: filed.provisionalNumber });
    expect(await a.db.outbox.count()).toBe(0);
    expect(a.engine.getStatus()).toMatchObject({ pending: 0, rejected: 0, lastError: null, running: false });
    expect(a.engine.getStatus().lastSyncAt).not.toBeNull();

    await b.syncNow();
    const theirs = await b.db.pqrsd.get(filed.id);
    expect(theirs).toMatchObject({ radicado: '95200-2026-000001', _sync: 'synced', _rev: 1, createdBy: a.user.id, deviceId: a.deviceId });
    // Both devices hold the same record.
    expect(snapshot(theirs)).toEqual(snapshot(mine));
    expect(await b.db.pqrsd.count()).toBe(1);
    expect(await b.db.outbox.count()).toBe(0);

    // A second request from B gets the next number, and A sees it on its next sync.
    const second = await b.file();
    await b.syncNow();
    await a.syncNow();
    expect((await a.db.pqrsd.get(second.id))?.radicado).toBe('95200-2026-000002');
  });
});

describe('exactly once', () => {
  it('a replayed push over HTTP returns the same results and stores nothing twice', async () => {
    const { token } = await login(fleet.server.url, 'funcionario');
    const body = { deviceId: 'device-raw-0001', mutations: [createMutation(), createMutation()] };
    const first = await http(fleet.server.url, '/api/sync/push', { token, body });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { serverFields: { radicado: string } }) => r.serverFields.radicado)).toEqual([
      '95200-2026-000001',
      '95200-2026-000002',
    ]);
    // The answer was lost: the device sends the very same push again.
    const again = await http(fleet.server.url, '/api/sync/push', { token, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const pulled = await http(fleet.server.url, '/api/sync/pull', { token, body: { cursor: null } });
    expect(pulled.body.changes.filter((c: { kind: string }) => c.kind === 'pqrsd')).toHaveLength(2);
    expect(seriesLast()).toBe(2);
    const next = await http(fleet.server.url, '/api/sync/push', { token, body: { ...body, mutations: [createMutation()] } });
    expect(next.body.results[0].serverFields.radicado).toBe('95200-2026-000003');
  });

  it('the engine re-sends after a lost answer and the server keeps one record', async () => {
    let lose = 1;
    const losesFirstAnswer = (real: Transport): Transport => ({
      push: async (req) => {
        const res = await real.push(req); // the server got it and committed
        if (lose-- > 0) throw new ApiCallError('retryable', { code: 'INTERNAL', message: 'connection reset' }, null);
        return res;
      },
      pull: (req) => real.pull(req),
    });
    const a = await device('funcionario', { wrapTransport: losesFirstAnswer });
    const c = await device('comite');
    const filed = await a.file();

    await a.syncNow();
    expect(a.engine.getStatus().lastError).toMatchObject({ code: 'INTERNAL', message: 'connection reset' });
    expect(await a.db.outbox.count()).toBe(1); // no receipt came back: the entry stays
    expect((await a.db.pqrsd.get(filed.id))?._sync).toBe('pending');

    await a.syncNow();
    expect(a.engine.getStatus().lastError).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.pqrsd.get(filed.id)).toMatchObject({ radicado: '95200-2026-000001', _sync: 'synced', _rev: 1 });

    await c.syncNow();
    const onC = await c.db.pqrsd.toArray();
    expect(onC.map((r) => [r.id, r.radicado, r._rev])).toEqual([[filed.id, '95200-2026-000001', 1]]);
    expect(seriesLast()).toBe(1);
  });
});

describe('durability', () => {
  it('what was acknowledged survives a SIGKILL right after the answer', async () => {
    const killAfterAck = (real: Transport): Transport => ({
      push: async (req) => {
        const res = await real.push(req);
        await fleet.server.kill('SIGKILL'); // dies before anyone pulls
        return res;
      },
      pull: (req) => real.pull(req),
    });
    const a = await device('funcionario', { wrapTransport: killAfterAck });
    const filed = [await a.file(), await a.file(), await a.file()];

    await a.syncNow();
    // The push was acknowledged (outbox empty), with the pull it carried; then the server died.
    expect(await a.db.outbox.count()).toBe(0);
    expect(a.engine.getStatus().lastError).toBeNull();
    expect(fleet.server.output()).toContain('signal=SIGKILL');

    await fleet.server.restart();
    const b = await device('comite');
    await b.syncNow();
    const onB = await b.db.pqrsd.orderBy('radicado').toArray();
    expect(onB.map((r) => r.id).sort()).toEqual(filed.map((f) => f.id).sort());
    expect(onB.map((r) => r.radicado)).toEqual(['95200-2026-000001', '95200-2026-000002', '95200-2026-000003']);

    // A's local records already show their radicados; its next sync sends nothing again.
    expect((await a.db.pqrsd.toArray()).every((r) => r.radicado !== null && r._sync === 'synced')).toBe(true);
    await a.syncNow();
    expect(a.engine.getStatus().lastError).toBeNull();
    expect(seriesLast()).toBe(3);
  });
});

describe('engine behaviour', () => {
  it('quarantines what the server refuses, syncs the rest, and survives the server going down', async () => {
    const a = await device('funcionario');
    const first = await a.file();
    // A change that slipped past the local checks (e.g. an older build): the server refuses it.
    const badId = uuidv7();
    const good = { ...(await a.db.pqrsd.get(first.id))! };
    const badData = {
      ...(await a.db.outbox.toArray())[0]!.mutation.data,
      citizen: { ...good.citizen, idNumber: 'abc' },
      provisionalNumber: 'P-0BAD-0001',
    };
    await commitLocalChange(a.db, { kind: 'pqrsd', recordId: badId, op: 'create', baseRev: null }, async () => {
      await a.db.pqrsd.add({ ...good, ...badData, id: badId } as LocalPqrsd);
      return badData;
    });
    const last = await a.file();

    await a.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    const [q, ...moreQ] = await a.db.quarantine.toArray();
    expect(moreQ).toHaveLength(0);
    expect(q).toMatchObject({ recordId: badId, kind: 'pqrsd', error: { code: 'VALIDATION_FAILED' } });
    // Refused for that reason only.
    expect(q?.error.details).toEqual([expect.objectContaining({ path: 'citizen.idNumber' })]);
    expect(q?.mutation.data).toEqual(badData); // kept whole, to be shown and fixed
    expect(await a.db.pqrsd.get(badId)).toMatchObject({ _sync: 'rejected', radicado: null });
    expect((await a.db.pqrsd.get(first.id))?.radicado).toBe('95200-2026-000001');
    expect((await a.db.pqrsd.get(last.id))?.radicado).toBe('95200-2026-000002');
    expect(a.engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, lastError: null });

    // The server goes down: nothing is lost, the error and the next retry are shown.
    await fleet.server.kill('SIGKILL');
    const offline = await a.file();
    const before = Date.now();
    await a.syncNow();
    const status = a.engine.getStatus();
    expect(await a.db.outbox.count()).toBe(1);
    expect(status.pending).toBe(1);
    expect(status.running).toBe(false);
    expect(status.lastError?.code).toBe('INTERNAL');
    expect(status.lastError?.message).toMatch(/Sin conexión/);
    expect(Date.parse(status.nextRetryAt ?? '')).toBeGreaterThan(before);
    expect((await a.db.pqrsd.get(offline.id))?._sync).toBe('pending');

    await fleet.server.restart();
    await a.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.pqrsd.get(offline.id)).toMatchObject({ radicado: '95200-2026-000003', _sync: 'synced' });
    expect(a.engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, lastError: null, nextRetryAt: null });
  });

  it('a revoked session stops syncing and asks to sign in, keeping the outbox', async () => {
    const a = await device('funcionario');
    await a.file();
    expect((await http(fleet.server.url, '/api/auth/logout', { token: a.token, body: {} })).status).toBe(200);
    await a.syncNow();
    expect(a.engine.getStatus()).toMatchObject({ needsSignIn: true, pending: 1, lastError: { code: 'UNAUTHENTICATED' } });
    expect(await a.db.outbox.count()).toBe(1);
    // Automatic triggers do nothing until the user signs in again.
    await a.engine.trigger('timer');
    expect(await a.db.outbox.count()).toBe(1);
    expect(seriesLast()).toBeUndefined();
  });
});

describe('a change the server cannot apply yet', () => {
  it('waits for a retry without stopping the device from pulling the others’ work', async () => {
    let failNext = true;
    const a = await device('comite', {
      // The server answers INTERNAL for the first change once (e.g. a transient fault after commit).
      wrapTransport: (real: Transport): Transport => ({
        push: async (req) => {
          const res = await real.push(req);
          if (!failNext) return res;
          failNext = false;
          const [first, ...rest] = res.results;
          return { results: [{ status: 'rejected', mutationId: first?.status === 'rejected' ? first.mutationId : (first?.mutationId ?? null), error: { code: 'INTERNAL', message: 'transient' } }, ...rest] };
        },
        pull: (req) => real.pull(req),
      }),
    });
    const b = await device('funcionario');
    const fromB = await b.file(sampleFiling({ subject: 'Hecha en la ventanilla' }));
    await b.syncNow();

    const stuck = await a.file(sampleFiling({ subject: 'Se queda esperando' }));
    await a.syncNow();
    expect(a.engine.getStatus().lastError?.code).toBe('INTERNAL');
    expect(await a.db.outbox.count()).toBe(1); // kept for the retry, not quarantined
    expect(await a.db.quarantine.count()).toBe(0);
    expect((await a.db.pqrsd.get(fromB.id))?.radicado).toMatch(/^95200-/); // pulled anyway

    await a.syncNow(); // the retry is a replay: the first result, nothing twice
    expect(await a.db.outbox.count()).toBe(0);
    expect((await a.db.pqrsd.get(stuck.id))?._sync).toBe('synced');
    const control = await device('control'); // sees every request, whoever filed it
    await control.syncNow();
    expect((await control.db.pqrsd.get(stuck.id))?.radicado).toMatch(/^95200-/);
    expect(await control.db.pqrsd.count()).toBe(2);
  });
});
