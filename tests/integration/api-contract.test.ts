// The contract between app and server is declared once, in src/shared: every answer of the real
// server process (auth, admin users and devices, habeas data, import) is read by the app's one
// client with the schema the screens use, and its refusals come back in Spanish.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src/api/client';
import {
  adminUserResponseSchema,
  adminUsersResponseSchema,
  devicesResponseSchema,
  loginResponseSchema,
  logoutResponseSchema,
  meResponseSchema,
  passwordResetResponseSchema,
  revokedResponseSchema,
} from '#shared/auth';
import { dossierSchema } from '#shared/habeas/api';
import { uuidv7 } from '#shared/ids';
import { importResultSchema } from '#shared/transfer/pending-export';
import { exportPending } from '../../src/sync/pending-transfer';
import { syncTransport } from '../../src/sync/transport';
import { serverFeatures } from '../../src/sync/server-features';
import { habeasApi } from '../../src/ui/habeas/habeas-api';
import { messages as m } from '../../src/ui/i18n/es-CO';
import { sampleFiling } from '../helpers/fixtures';
import { DEMO_PASSWORD, makeDevice, OTHER_PASSWORD, startServerProcess, type Device, type ServerProcess } from '../helpers/server-process';
import { apiFailure } from '../helpers/api-failure';

const PERSON = { idType: 'CC', idNumber: '1234567' } as const;

let server: ServerProcess;
let official: Device;
/** The admin's session client, as the app makes it (token and device headers on every call). */
let admin: ApiClient;
let adminDevice: string;

/** Signs in through the client, as the sign-in form does, and makes that session's client as the app does. */
async function session(username: string, password = DEMO_PASSWORD): Promise<{ client: ApiClient; deviceId: string; setToken(t: string): void }> {
  const deviceId = uuidv7();
  let token = (await syncTransport(createApiClient({ baseUrl: server.url }), serverFeatures(server.url)).login(username, password, deviceId)).token;
  const client = createApiClient({
    baseUrl: server.url,
    getToken: () => token,
    headers: () => ({ 'x-device-id': deviceId, 'x-app-version': 'contract-test', 'x-pending-count': '0' }),
  });
  return { client, deviceId, setToken: (t) => (token = t) };
}

beforeAll(async () => {
  server = await startServerProcess();
  official = await makeDevice(server.url, 'funcionario');
  await official.file(sampleFiling());
  // Someone else's request that names the person in free text: a mention to redact.
  await official.file(
    sampleFiling({ citizen: { idType: 'CC', idNumber: '7654321', name: 'Pedro Gómez', address: 'Vereda El Progreso' }, description: 'Vecino de María Pérez, pide lo mismo.' }),
  );
  await official.syncNow();
  const s = await session('admin');
  admin = s.client;
  adminDevice = s.deviceId;
  // The admin's device reports in, as the engine's first sync does.
  await syncTransport(admin, serverFeatures(server.url)).pull({ cursor: null, limit: 10 });
}, 90_000);

afterAll(async () => {
  await official?.close();
  await server?.stop();
});

describe('auth answers', () => {
  it('me, refresh, password change, logout-all and logout are read by their schemas', async () => {
    const me = await admin.get('/api/auth/me', meResponseSchema);
    expect(me.user.username).toBe('admin');

    const created = await admin.post(
      '/api/admin/users',
      { username: 'contrato', displayName: 'Prueba de contrato', role: 'official', municipality: '95200', password: OTHER_PASSWORD, dependencia: '' },
      adminUserResponseSchema,
    );
    expect(created.user).toMatchObject({ username: 'contrato', active: true, dependencia: null });

    const user = await session('contrato', OTHER_PASSWORD);
    const refreshed = await syncTransport(user.client, serverFeatures(server.url)).refresh();
    expect(refreshed.deviceId).toBe(user.deviceId);
    user.setToken(refreshed.token);
    const changed = await user.client.post('/api/auth/password', { currentPassword: OTHER_PASSWORD, newPassword: 'otra clave bastante larga 2026' }, loginResponseSchema);
    user.setToken(changed.token);
    expect(await user.client.post('/api/auth/logout-all', {}, revokedResponseSchema)).toEqual({ revoked: 1 });

    const again = await session('contrato', 'otra clave bastante larga 2026');
    expect(await again.client.post('/api/auth/logout', {}, logoutResponseSchema)).toEqual({ ok: true });
    const after = await apiFailure(again.client.get('/api/auth/me', meResponseSchema));
    expect([after.kind, after.message]).toEqual(['auth', m.errors.UNAUTHENTICATED]);
  });

  it('a weak password is refused in Spanish, next to its field', async () => {
    const err = await apiFailure(
      admin.post('/api/admin/users', { username: 'debil', displayName: 'Clave débil', role: 'official', municipality: '95200', password: 'corta' }, adminUserResponseSchema),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields.password).toBe('Mínimo 10 caracteres');
    expect(err.message).toContain(m.errors.VALIDATION_FAILED);
  });
});

describe('admin answers', () => {
  it('users: list, edit and password reset', async () => {
    const { users } = await admin.get('/api/admin/users', adminUsersResponseSchema);
    const target = users.find((u) => u.username === 'capacitador');
    expect(target?.active).toBe(true);
    const edited = await admin.patch(`/api/admin/users/${target?.id}`, { displayName: 'Capacitador de sistemas' }, adminUserResponseSchema);
    expect(edited.user.displayName).toBe('Capacitador de sistemas');
    const reset = await admin.post(`/api/admin/users/${target?.id}/reset-password`, {}, passwordResetResponseSchema);
    expect(reset.user.mustChangePassword).toBe(true);
    expect(reset.temporaryPassword).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
  });

  it('devices: the list (with what each device reported) and a revocation', async () => {
    const { devices } = await admin.get('/api/admin/devices', devicesResponseSchema);
    expect(devices.find((d) => d.deviceId === adminDevice)).toMatchObject({ username: 'admin', appVersion: 'contract-test', pendingReported: 0 });
    expect(devices.find((d) => d.deviceId === official.deviceId)?.username).toBe('funcionario');
    const other = await session('comite');
    await syncTransport(other.client, serverFeatures(server.url)).pull({ cursor: null, limit: 1 });
    expect(await admin.post(`/api/admin/devices/${other.deviceId}/revoke`, {}, revokedResponseSchema)).toEqual({ revoked: 1 });
  });

  it("import: a device's sealed file is applied and the result read by its schema", async () => {
    const offline = await makeDevice(server.url, 'funcionario');
    try {
      await offline.file(sampleFiling({ subject: 'Llevada en un archivo', citizen: { idType: 'CC', idNumber: '5550001', name: 'Rosa Díaz', address: 'Centro' } }));
      const file = JSON.parse(JSON.stringify(await exportPending(offline.db, offline.engine.events, { deviceId: offline.deviceId, deviceKey: offline.deviceKey, user: offline.user })));
      const result = await admin.post('/api/admin/import', file, importResultSchema);
      expect(result).toMatchObject({ applied: 1, rejected: [], author: { username: 'funcionario', deviceId: offline.deviceId } });
      const forged = await apiFailure(admin.post('/api/admin/import', { ...file, changes: [] }, importResultSchema));
      expect(forged.code).toBe('SEAL_INVALID');
      expect(forged.message).toBe(m.errors.SEAL_INVALID);
    } finally {
      await offline.close();
    }
  });
});

describe('habeas data answers', () => {
  it('search, export (JSON checked as a dossier, CSV by type), rectify, redact, and a refusal in the server’s Spanish', async () => {
    const api = habeasApi(admin);
    const found = await api.search(PERSON);
    expect(found.dossier.requests).toHaveLength(1);
    expect(found.mentions.map((x) => x.field)).toEqual(['description']);

    const json = await api.exportFile(PERSON, 'json');
    expect(json.name).toMatch(/^datos-personales-\d{4}-\d{2}-\d{2}\.json$/);
    expect(dossierSchema.parse(JSON.parse(await json.blob.text())).requests).toHaveLength(1);
    const csv = await api.exportFile(PERSON, 'csv');
    expect(csv.blob.type).toBe('text/csv; charset=utf-8');

    const rectified = await api.rectify({ ...PERSON, changes: { phone: '3001234567' }, reason: 'Lo pidió la titular' });
    expect(rectified.updated).toHaveLength(1);

    // The request is still open: the law keeps it, and the server says why in Spanish.
    const kept = await apiFailure(api.anonymise({ ...PERSON, reason: 'Lo pidió la titular' }));
    expect(kept.code).toBe('INVALID_TRANSITION');
    expect(kept.message).toMatch(/^No se suprimió ningún dato\. La ley no lo permite todavía para: /);

    const redacted = await api.redact({ ...PERSON, reason: 'Lo pidió la titular' });
    expect(redacted.redacted.map((r) => r.fields)).toEqual([['description']]);
    expect(redacted.mentions).toEqual([]);
  });

  it('offline, the officer is told the page needs the server', async () => {
    const gone = habeasApi(createApiClient({ baseUrl: 'http://127.0.0.1:9' }));
    const err = await apiFailure(gone.search(PERSON));
    expect([err.offline, err.message]).toEqual([true, m.habeas.offline]);
  });
});
