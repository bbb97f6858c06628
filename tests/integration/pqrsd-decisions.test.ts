// DOMAIN.md §7 over real HTTP with the real server process: a request missing the petitioner's
// data is filed; the new lifecycle steps are validated by the server with the same shared rules
// (a step a device could not have recorded is refused there too); deactivating an official
// without the leave date is refused.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addOfficial } from '../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { filingGaps } from '#shared/records/pqrsd';
import { sampleFiling } from '../helpers/fixtures';
import { http, serverPerTest } from '../helpers/server-process';

const fleet = serverPerTest();
const AT = '2026-03-20T15:00:00.000Z';
type Result = { status: string; error?: { code: string; message: string } };

describe('DOMAIN.md §7 on the server', () => {
  it('files a request with no name, ID or address, and validates transfer, tacit withdrawal and reposición steps', async () => {
    const filer = await fleet.device('comite');
    const other = await fleet.device('admin');
    const push = async (mutations: unknown[]): Promise<Result[]> => {
      const res = await http<{ results: Result[] }>(fleet.server.url, '/api/sync/push', {
        token: filer.token,
        body: { deviceId: filer.deviceId, mutations },
        headers: { 'x-device-id': filer.deviceId },
      });
      expect(res.status).toBe(200);
      return res.body.results;
    };
    const step = (requestId: string, date: string, action: Record<string, unknown>) => ({
      id: uuidv7(), kind: 'pqrsd_event', recordId: uuidv7(), op: 'create', baseRev: null, at: AT,
      data: { requestId, date, note: '', action },
    });

    // Never refuse to file: received 2026-03-10 (presencial) with nothing but the object.
    const bare = await filer.file(sampleFiling({ citizen: { idType: 'CC', idNumber: '', name: '' } }));
    const withdrawn = await filer.file(sampleFiling({ channel: 'escrito', subject: 'Solicitud de arreglo del puente' }));
    await filer.syncNow();
    expect(await filer.db.quarantine.count()).toBe(0);
    await other.syncNow();
    const pulled = await other.db.pqrsd.get(bare.id);
    expect(pulled?.radicado).toMatch(/^95200-2026-\d{6}$/);
    expect(filingGaps(pulled!.citizen)).toEqual(['name', 'id', 'address']);

    // Transfer after its term (limit 2026-03-17): the copy and, for a verbal request, the notice are required.
    const noCopy = await push([step(bare.id, '2026-03-20', { type: 'trasladar', authority: 'Gobernación del Guaviare' })]);
    expect(noCopy[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_TRANSITION', message: expect.stringContaining('Copia al peticionario') } });
    const notTold = await push([step(bare.id, '2026-03-20', { type: 'trasladar', authority: 'Gobernación del Guaviare', copyToPetitioner: 'Cartelera' })]);
    expect(notTold[0]).toMatchObject({ status: 'rejected', error: { message: expect.stringContaining('Aviso inmediato') } });
    const late = await push([step(bare.id, '2026-03-20', { type: 'trasladar', authority: 'Gobernación del Guaviare', copyToPetitioner: 'Cartelera', toldAtOnce: true })]);
    expect(late[0]?.status).toBe('applied');

    // Tacit withdrawal needs its act; a reposición reopens the request.
    const act = (number: string, date: string) => ({ number, date, notifiedBy: 'personal' });
    expect((await push([step(withdrawn.id, '2026-03-11', { type: 'solicitar_complemento', what: 'Copia del certificado de tradición' })]))[0]?.status).toBe('applied');
    // One month from the day after the requirement: 2026-04-12 is a Sunday → 2026-04-13.
    const noAct = await push([step(withdrawn.id, '2026-04-14', { type: 'desistimiento_tacito' })]);
    expect(noAct[0]).toMatchObject({ status: 'rejected', error: { message: expect.stringContaining('Acto administrativo') } });
    const early = await push([step(withdrawn.id, '2026-04-13', { type: 'desistimiento_tacito', act: act('RES-10', '2026-04-13') })]);
    expect(early[0]).toMatchObject({ status: 'rejected', error: { message: expect.stringContaining('2026-04-13') } });
    expect((await push([step(withdrawn.id, '2026-04-14', { type: 'desistimiento_tacito', act: act('RES-10', '2026-04-14') })]))[0]?.status).toBe('applied');
    expect((await push([step(withdrawn.id, '2026-04-20', { type: 'reponer_desistimiento', act: act('RES-12', '2026-04-20') })]))[0]?.status).toBe('applied');

    await other.syncNow();
    expect((await other.db.pqrsd.get(bare.id))?.lifecycle).toMatchObject({ state: 'trasladada', transferLate: true });
    expect((await other.db.pqrsd.get(withdrawn.id))?.lifecycle).toMatchObject({
      state: 'radicada',
      withdrawal: null,
      tacitAct: act('RES-10', '2026-04-14'),
      reposicionAct: act('RES-12', '2026-04-20'),
    });
    await filer.close();
    await other.close();
  });

  it('refuses to deactivate an official without the day they left', async () => {
    const admin = await fleet.device('admin');
    const official = await addOfficial(admin.db, admin.ctx, { idType: 'CC', idNumber: '1122334455', fullName: 'Rosa Ortiz', dependencia: 'Hacienda' });
    await admin.syncNow();
    const stored = await admin.db.official.get(official.id);
    const update = (data: Record<string, unknown>) => ({ id: uuidv7(), kind: 'official', recordId: official.id, op: 'update', baseRev: stored!._rev, data, at: AT });
    const send = (m: unknown) =>
      http<{ results: Result[] }>(fleet.server.url, '/api/sync/push', { token: admin.token, body: { deviceId: admin.deviceId, mutations: [m] }, headers: { 'x-device-id': admin.deviceId } });
    expect((await send(update({ active: false }))).body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    expect((await send(update({ active: false, activeUntil: '2026-03-31' }))).body.results[0]?.status).toBe('applied');
    await admin.close();
  });
});
