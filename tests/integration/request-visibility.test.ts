// Officials see the requests of their dependencia (and their own filings), over real HTTP,
// with real devices (Dexie on fake-indexeddb, the real engine) and the real server process.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordStep } from '../../src/modules/pqrsd/record-step';
import { createMutation, sampleFiling } from '../helpers/fixtures';
import { createUserAsAdmin, http, login, OTHER_PASSWORD, serverPerTest, type Device } from '../helpers/server-process';

/** The device assigns the request to an office (to Ana Gómez, on 11 March) and syncs. */
async function assignAndSync(by: Device, requestId: string, dependencia: string): Promise<void> {
  await recordStep(by.db, by.ctx, { requestId, date: '2026-03-11', note: '', action: { type: 'asignar', dependencia, assignee: 'Ana Gómez' } });
  await by.syncNow();
}

const fleet = serverPerTest();
const device = fleet.device;


describe('requests limited to the official’s dependencia', () => {
  it('an assignment hands a request to the new office and takes it off the old office’s devices', async () => {
    await createUserAsAdmin(fleet.server.url, { username: 'ventanilla2', displayName: 'Segunda ventanilla', role: 'official' });
    const filer = await device('funcionario'); // Ventanilla única (demo)
    const desk = await device('ventanilla2', { password: OTHER_PASSWORD }); // Ventanilla única too
    const gobierno = await device('gobierno'); // Secretaría de Gobierno (demo)
    const committee = await device('comite');
    expect(gobierno.user.dependencia).toBe('Secretaría de Gobierno');

    filer.setOnline(false);
    const filed = await filer.file(sampleFiling({ subject: 'Permiso para evento en la vereda' }));
    filer.setOnline(true);
    await filer.syncNow();
    for (const d of [desk, gobierno, committee]) await d.syncNow();
    expect(await desk.db.pqrsd.get(filed.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-2026-/) });
    expect(await committee.db.pqrsd.get(filed.id)).toBeDefined();
    expect(await gobierno.db.pqrsd.count()).toBe(0);

    await assignAndSync(desk, filed.id, 'Secretaria de gobierno');
    expect(await desk.db.outbox.count()).toBe(0);
    // The assigning pull already took it off the desk's device: it is no longer their office's.
    expect(await desk.db.pqrsd.get(filed.id)).toBeUndefined();
    expect(await desk.db.pqrsd_event.count()).toBe(0);

    await gobierno.syncNow();
    expect(await gobierno.db.pqrsd.get(filed.id)).toMatchObject({ lifecycle: { state: 'asignada', dependencia: 'Secretaria de gobierno' } });
    expect(await gobierno.db.pqrsd_event.where('requestId').equals(filed.id).count()).toBe(1);
    await filer.syncNow();
    expect(await filer.db.pqrsd.get(filed.id)).toMatchObject({ lifecycle: { state: 'asignada' } }); // who filed it keeps it

    // The new office works on it; the old office can no longer act on it.
    await recordStep(gobierno.db, gobierno.ctx, { requestId: filed.id, date: '2026-03-12', note: '', action: { type: 'iniciar_tramite' } });
    await gobierno.syncNow();
    expect(await gobierno.db.quarantine.count()).toBe(0);
    await committee.syncNow();
    expect(await committee.db.pqrsd.get(filed.id)).toMatchObject({ lifecycle: { state: 'en_tramite' } });
  });

  it('when an admin moves an official to another office, their device drops the old office’s requests and gets the new one’s', async () => {
    const filer = await device('funcionario'); // Ventanilla única
    const gobierno = await device('gobierno'); // Secretaría de Gobierno
    const atWindow = await filer.file(sampleFiling({ subject: 'Queda en la ventanilla' }));
    const forGobierno = await filer.file(sampleFiling({ subject: 'Para Gobierno' }));
    await filer.syncNow();
    await assignAndSync(filer, forGobierno.id, 'Secretaría de Gobierno');
    await gobierno.syncNow();
    expect((await gobierno.db.pqrsd.toArray()).map((r) => r.id)).toEqual([forGobierno.id]);
    // Something typed on the Gobierno device and not yet sent must survive the move.
    const unsent = await gobierno.file(sampleFiling({ subject: 'Radicada en Gobierno, sin enviar' }));
    gobierno.setOnline(false);

    const { token } = await login(fleet.server.url, 'admin');
    const moved = await http(fleet.server.url, `/api/admin/users/${gobierno.user.id}`, {
      method: 'PATCH',
      token,
      body: { dependencia: 'Ventanilla única' },
    });
    expect(moved.status).toBe(200);

    gobierno.setOnline(true);
    await gobierno.syncNow();
    const held = (await gobierno.db.pqrsd.toArray()).map((r) => r.id).sort();
    // The window's request arrives; Gobierno's (filed by someone else) goes; their own filing stays.
    expect(held).toEqual([atWindow.id, unsent.id].sort());
    expect(await gobierno.db.pqrsd.get(unsent.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-/), _sync: 'synced' });
    expect(await gobierno.db.outbox.count()).toBe(0);
  });

  it('an attachment of a request downloads only for those who may see the request', async () => {
    const filer = await login(fleet.server.url, 'funcionario', undefined, 'device-filer');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('cédula escaneada del peticionario')]);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const file = { hash, name: 'cedula.jpg', type: 'image/jpeg', size: bytes.length };
    expect((await http(fleet.server.url, `/api/blobs/${hash}/start`, { token: filer.token, body: { size: file.size, type: file.type, name: file.name } })).status).toBe(200);
    const put = await http(fleet.server.url, `/api/blobs/${hash}?offset=0`, {
      method: 'PUT',
      token: filer.token,
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);
    const pushed = await http<{ results: { status: string }[] }>(fleet.server.url, '/api/sync/push', {
      token: filer.token,
      body: { deviceId: 'device-filer', mutations: [createMutation({ files: [file] })] },
    });
    expect(pushed.body.results[0]?.status).toBe('applied');

    const download = async (username: string) => (await http(fleet.server.url, `/api/blobs/${hash}`, { token: (await login(fleet.server.url, username)).token })).status;
    expect(await download('funcionario')).toBe(200);
    expect(await download('comite')).toBe(200);
    expect(await download('gobierno')).toBe(404); // another office: as if it did not exist
    expect(await download('capacitador')).toBe(404); // a trainer reads no requests
  });
});

