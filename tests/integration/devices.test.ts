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
