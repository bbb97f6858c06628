import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { http, login, makeDevice, serverPerFile } from '../helpers/server-process';

const server = serverPerFile();

it('the admin sees each device (last contact, pending, version) and can sign one out; signing out everywhere works', async () => {
  const phone = await makeDevice(server.url, 'funcionario');
  await phone.file();
  await phone.syncNow();
  const { token } = await login(server.url, 'admin');
  // A raw push carrying what the PWA reports in its headers.
  await http(server.url, '/api/sync/push', {
    token: phone.token,
    body: { deviceId: phone.deviceId, mutations: [] },
    headers: { 'x-app-version': '0.1.0', 'x-pending-count': '3' },
  });
  const listed = await http<any>(server.url, '/api/admin/devices', { token });
  const row = listed.body.devices.find((d: { deviceId: string }) => d.deviceId === phone.deviceId);
  expect(row).toMatchObject({ username: 'funcionario', appVersion: '0.1.0', pendingReported: 3 });
  expect(Date.now() - Date.parse(row.lastContactAt)).toBeLessThan(60_000);

  const revoked = await http<any>(server.url, `/api/admin/devices/${phone.deviceId}/revoke`, { token, method: 'POST' });
  expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
  await phone.file();
  await phone.syncNow();
  expect(phone.engine.getStatus().needsSignIn).toBe(true); // asked to sign in again…
  expect(await phone.db.outbox.count()).toBe(1); // …and nothing it holds is lost
  await phone.close();

  // Signing out everywhere ends every session of that user, and only theirs.
  const a = await login(server.url, 'comite');
  const b = await login(server.url, 'comite');
  const out = await http<any>(server.url, '/api/auth/logout-all', { token: a.token, method: 'POST' });
  expect(out.body.revoked).toBeGreaterThanOrEqual(2);
  expect((await http(server.url, '/api/auth/me', { token: b.token })).status).toBe(401);
  expect((await http(server.url, '/api/auth/me', { token })).status).toBe(200);
});

it('names each device by its browser and first contact, and only the admin can rename it', async () => {
  const deviceId = '01936f00-0000-7000-8000-0000000000aa';
  const phone = await login(server.url, 'capacitador', undefined, deviceId);
  const android = 'Mozilla/5.0 (Linux; Android 14; SM-A155M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  await http(server.url, '/api/sync/push', { token: phone.token, body: { deviceId, mutations: [] }, headers: { 'user-agent': android } });
  // A later contact from another browser does not rename it.
  await http(server.url, '/api/sync/push', { token: phone.token, body: { deviceId, mutations: [] }, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/133.0' } });
  const { token } = await login(server.url, 'admin');
  const rowOf = async () => (await http<any>(server.url, '/api/admin/devices', { token })).body.devices.find((d: { deviceId: string }) => d.deviceId === deviceId);
  expect((await rowOf()).name).toMatch(/^Chrome en Android · \d{2}\/\d{2}\/\d{4}$/);

  const renamed = await http<any>(server.url, `/api/admin/devices/${deviceId}`, { token, method: 'PATCH', body: { name: '  Tableta de capacitación  ' } });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toEqual({ deviceId, name: 'Tableta de capacitación' });
  expect((await rowOf()).name).toBe('Tableta de capacitación');
  // Contacts keep the admin's name.
  await http(server.url, '/api/sync/push', { token: phone.token, body: { deviceId, mutations: [] }, headers: { 'user-agent': android } });
  expect((await rowOf()).name).toBe('Tableta de capacitación');

  const empty = await http<any>(server.url, `/api/admin/devices/${deviceId}`, { token, method: 'PATCH', body: { name: '   ' } });
  expect(empty.status).toBe(400);
  expect(empty.body.code).toBe('VALIDATION_FAILED');
  expect((await http<any>(server.url, '/api/admin/devices/no-such-device', { token, method: 'PATCH', body: { name: 'X' } })).status).toBe(404);
  // Only the admin may.
  expect((await http<any>(server.url, `/api/admin/devices/${deviceId}`, { token: phone.token, method: 'PATCH', body: { name: 'Mía' } })).status).toBe(403);
});
