// The steps of a reclamo (Ley 1581 art. 15) recorded on a device sync to the real server over
// HTTP; the dates the server computes and stores (`deadlines`) are the ones the device computes,
// on the municipality's settings (Saturday as a business day too); only the admin of the
// request's municipality may record a step, and the server checks each step with the same rule.
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDataSubjectRequest, updateDataSubjectRequest } from '../../src/modules/habeas/data-subject-requests';
import { localSettings } from '../../src/modules/municipality/profile';
import { dsrDeadlines, type DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { uuidv7 } from '#shared/ids';
import { http, login, makeDevice, REPO_ROOT, startServerProcess, type Device, type ServerProcess } from '../helpers/server-process';

const run = promisify(execFile);
const PASSWORD = 'tejado-almendra-pescador-niebla';
let server: ServerProcess;
const admin = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'sync-server/admin-cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: server.dataDir } });

beforeAll(async () => {
  server = await startServerProcess();
  await admin(['create-user', '--username', 'admin.sj', '--name', 'Persona admin.sj', '--role', 'admin', '--municipality', '95001', '--password', PASSWORD]);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const reclamo = (db: Device) =>
  fileDataSubjectRequest(db.db, db.ctx, {
    type: 'reclamo',
    right: 'rectificar',
    channel: 'presencial',
    receivedOn: '2026-07-10',
    person: { idType: 'CC', idNumber: '52468913', name: 'Marta Rondón', address: 'Calle 5 # 3-20' },
    description: 'Pide corregir su dirección en las solicitudes.',
  });

/** The request as the device holds it after a sync, and what the device computes for it. */
async function synced(device: Device, id: string): Promise<{ stored: DataSubjectRequest; mine: ReturnType<typeof dsrDeadlines> }> {
  await device.syncNow();
  expect(await device.db.outbox.count()).toBe(0);
  const stored = (await device.db.data_subject_request.get(id)) as DataSubjectRequest;
  return { stored, mine: dsrDeadlines(stored, (await localSettings(device.db)).pqrsd) };
}

function push(device: Device, recordId: string, baseRev: number, data: Record<string, unknown>) {
  const mutation = { id: uuidv7(), kind: 'data_subject_request', recordId, op: 'update', baseRev, data, at: new Date().toISOString() };
  return http<any>(server.url, '/api/sync/push', { token: device.token, body: { deviceId: device.deviceId, mutations: [mutation] } });
}

describe('a reclamo, step by step', () => {
  it('legend, requirement and completion sync; the server stores the dates the device computes', { timeout: 120_000 }, async () => {
    const officer = await makeDevice(server.url, 'admin');
    try {
      await officer.syncNow();
      const r = await reclamo(officer);
      let { stored, mine } = await synced(officer, r.id);
      expect(stored.deadlines).toEqual(mine);
      expect(stored.deadlines).toMatchObject({ dueDate: '2026-08-04', requireBy: '2026-07-21', legendBy: '2026-07-15', transferBy: '2026-07-15', withdrawnOn: null });

      await updateDataSubjectRequest(officer.db, r.id, { legendOn: '2026-07-14' });
      await updateDataSubjectRequest(officer.db, r.id, { incomplete: { requiredOn: '2026-07-14', what: 'Copia del documento', completedOn: null } });
      ({ stored, mine } = await synced(officer, r.id));
      expect(stored).toMatchObject({ legendOn: '2026-07-14', incomplete: { requiredOn: '2026-07-14', completedOn: null } });
      expect(stored.deadlines).toEqual(mine);
      expect(stored.deadlines).toMatchObject({ dueDate: null, withdrawnOn: '2026-09-14' });

      await updateDataSubjectRequest(officer.db, r.id, { incomplete: { requiredOn: '2026-07-14', what: 'Copia del documento', completedOn: '2026-07-17' } });
      ({ stored, mine } = await synced(officer, r.id));
      expect(stored.deadlines).toEqual(mine);
      // 15 business days from Sat 07-18: over Jul 20 and Aug 7.
      expect(stored.deadlines?.dueDate).toBe('2026-08-11');
    } finally {
      await officer.close();
    }
  });

  it('with Saturdays worked, the server and the device move the dates alike', { timeout: 120_000 }, async () => {
    const officer = await makeDevice(server.url, 'admin');
    try {
      await admin(['municipality', 'set', '--municipality', '95200', '--saturday', 'yes']);
      await officer.syncNow();
      expect((await localSettings(officer.db)).pqrsd.saturdayIsBusinessDay).toBe(true);
      const r = await reclamo(officer);
      const { stored, mine } = await synced(officer, r.id);
      expect(stored.deadlines).toEqual(mine);
      expect(stored.deadlines).toMatchObject({ dueDate: '2026-07-30', requireBy: '2026-07-17' });
      // The server refuses what the rule refuses with these settings: 07-18 is past the 5 days.
      const late = await push(officer, r.id, 1, { incomplete: { requiredOn: '2026-07-18', what: 'Copia del documento', completedOn: null } });
      expect(late.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_TRANSITION', message: expect.stringContaining('2026-07-17') } });
    } finally {
      await admin(['municipality', 'set', '--municipality', '95200', '--saturday', 'no']);
      await officer.close();
    }
  });

  it('a transfer needs the notice to the titular; only the admin of its municipality records a step', { timeout: 120_000 }, async () => {
    const officer = await makeDevice(server.url, 'admin');
    const clerk = await makeDevice(server.url, 'funcionario');
    const elsewhere = await makeDevice(server.url, 'admin.sj', { password: PASSWORD });
    try {
      await officer.syncNow();
      const r = await reclamo(officer);
      await officer.syncNow();
      const transfer = { on: '2026-07-16', to: 'Registraduría Nacional', notifiedOn: null };
      const noNotice = await push(officer, r.id, 1, { transfer });
      expect(noNotice.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_TRANSITION', message: 'Indique cuándo se informó al titular del traslado.' } });
      const told = { ...transfer, notifiedOn: '2026-07-16' };
      expect((await push(clerk, r.id, 1, { transfer: told })).body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      expect((await push(elsewhere, r.id, 1, { transfer: told })).body.results[0]).toMatchObject({ status: 'rejected' });
      expect((await push(elsewhere, r.id, 1, { legendOn: '2026-07-14' })).body.results[0].status).toBe('rejected');

      await updateDataSubjectRequest(officer.db, r.id, { transfer: told });
      const { stored, mine } = await synced(officer, r.id);
      expect(stored.transfer).toEqual(told);
      expect(stored.legendOn).toBeNull();
      expect(stored.deadlines).toEqual(mine);

      // The dates are the server's: a device cannot write them, on a new request or a change.
      const forged = { initialDueDate: '2030-01-01', dueDate: '2030-01-01', requireBy: null, transferBy: null, legendBy: null, withdrawnOn: null };
      const local = stored as DataSubjectRequest & { _rev: number; _sync: string };
      expect((await push(officer, r.id, local._rev, { deadlines: forged })).body.results[0].status).toBe('rejected');
      const { id: _id, municipality: _m, createdBy: _c, deviceId: _d, _rev, _sync, deadlines: _dl, ...input } = local;
      const recordId = uuidv7();
      const create = { id: uuidv7(), kind: 'data_subject_request', recordId, op: 'create', baseRev: null, at: new Date().toISOString(), data: { ...input, transfer: null, deadlines: forged } };
      // Sent by a script with the admin's sign-in, not by this device: its pull brings the record
      // (a device's own pushes are settled by their answer and never pulled back).
      const script = await login(server.url, 'admin');
      const created = await http<any>(server.url, '/api/sync/push', { token: script.token, body: { deviceId: officer.deviceId, mutations: [create] } });
      expect(created.body.results[0].status).toBe('applied');
      const pulled = await synced(officer, recordId);
      expect(pulled.stored.deadlines).toEqual(pulled.mine);
      expect(pulled.stored.deadlines?.dueDate).toBe('2026-08-04');
    } finally {
      for (const d of [officer, clerk, elsewhere]) await d.close();
    }
  });
});
