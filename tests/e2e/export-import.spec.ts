import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serviceWorkerReady, signedIn, signedInOffline } from './app';

test('"Exportar pendientes" round trip: sealed, imported on the server by the admin and on another device, idempotently', async ({ browser, request }) => {
  const a = await signedInOffline(browser, 'funcionario');
  await a.page.getByRole('link', { name: 'Radicar' }).click();
  await a.page.getByLabel('Número de documento').fill('1000200300');
  await a.page.getByLabel('Nombre completo o razón social del peticionario').fill('Rosa Elvira Cárdenas');
  await a.page.getByLabel('Correo electrónico').fill('rosa@example.org');
  await a.page.getByLabel('Asunto').fill('Teléfono roto: exportado a mano');
  await a.page.getByLabel('Descripción').fill('El teléfono del puesto de salud no funciona.');
  await a.page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await a.page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(a.page.getByTestId('provisional-note')).toBeVisible();

  // Signing out with unsynced work warns and offers the export.
  await a.page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(a.page.getByRole('alertdialog')).toContainText('1 cambio sin enviar');
  const downloading = a.page.waitForEvent('download');
  await a.page.getByRole('alertdialog').getByRole('button', { name: 'Exportar pendientes' }).click();
  const file = join(mkdtempSync(join(tmpdir(), 'gel-export-')), 'pendientes.json');
  await (await downloading).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.format).toBe('gel-campo/pendientes');
  expect(exported).toMatchObject({ version: 2, seal: { alg: 'HMAC-SHA256' } }); // sealed with the key this device got at sign-in
  expect(exported.mutations).toHaveLength(1);
  const requestId = exported.mutations[0].recordId;
  await a.context.close(); // the phone is lost: only the file remains

  // The admin applies it on the server from the devices screen. A copy someone edited is refused
  // whole, with the reason in Spanish; the real one is applied as its author's.
  const admin = await signedIn(browser, 'admin');
  await admin.page.goto('/#/dispositivos');
  const tampered = join(mkdtempSync(join(tmpdir(), 'gel-export-')), 'pendientes-editado.json');
  writeFileSync(tampered, JSON.stringify({ ...exported, mutations: [{ ...exported.mutations[0], data: { ...exported.mutations[0].data, subject: 'Otro asunto' } }] }));
  await admin.page.getByLabel('Archivo de pendientes').setInputFiles(tampered);
  await expect(admin.page.getByTestId('server-import-status')).toContainText('no tiene un sello válido');
  await expect(admin.page.getByTestId('server-import-status')).toContainText('El contenido fue modificado');
  await admin.page.getByLabel('Archivo de pendientes').setInputFiles(file);
  await expect(admin.page.getByTestId('server-import-status')).toHaveText('Se aplicaron 1 cambio de Funcionario de ventanilla y 0 archivos.');
  await admin.context.close();

  // Again through the API: the second time changes nothing.
  const { token } = await (await request.post('/api/auth/login', { data: { username: 'admin', password: 'miraflores2026' } })).json();
  const res = await request.post('/api/admin/import', { headers: { authorization: `Bearer ${token}` }, data: exported });
  expect(res.status()).toBe(200);
  expect((await res.json()).applied).toBe(1);
  const pulled = await request.post('/api/sync/pull', { headers: { authorization: `Bearer ${token}` }, data: { cursor: null, limit: 2000 } });
  const copies = (await pulled.json()).changes.filter((c: { id: string }) => c.id === requestId);
  expect(copies).toHaveLength(1);
  expect(copies[0].data.createdBy).toBe(exported.user.id); // still the author's

  // Another device imports the same file: queued, sent, and still one request.
  const b = await signedIn(browser, 'comite');
  await b.page.goto('/#/sincronizacion');
  await b.page.getByLabel('Importar un archivo de pendientes de otro dispositivo').setInputFiles(file);
  await expect(b.page.getByTestId('import-status')).toContainText('Se agregaron 1 cambio');
  await b.page.getByRole('button', { name: 'Sincronizar ahora' }).first().click();
  await expect(b.page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await b.page.getByRole('link', { name: 'Solicitudes', exact: true }).click();
  await expect(b.page.getByTestId('pqrsd-item').filter({ hasText: 'exportado a mano' })).toHaveCount(1);
  await b.context.close();
});

test('a session stored before device keys gets them (the same ones) after its next sync', async ({ browser }) => {
  const a = await signedIn(browser, 'funcionario');
  await serviceWorkerReady(a.page);
  // What an older version stored: the session without the keys.
  const stored = () =>
    a.page.evaluate(
      () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const open = indexedDB.open('keyval-store');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('keyval').objectStore('keyval').get('gel-campo/session');
            get.onsuccess = () => resolve(get.result as Record<string, unknown>);
            get.onerror = () => reject(get.error);
          };
        }),
    );
  const before = await stored();
  expect(before).toMatchObject({ deviceKey: expect.any(String), officialIdKey: expect.any(String) });
  await a.page.evaluate(
    (session) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put(session, 'gel-campo/session');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { ...before, deviceKey: undefined, officialIdKey: undefined },
  );
  await a.page.reload();
  await expect(a.page.getByRole('heading', { name: 'Solicitudes en este dispositivo' })).toBeVisible();
  await a.page.getByRole('button', { name: 'Sincronizar ahora' }).first().click();
  await expect.poll(async () => (await stored()).deviceKey).toBe(before.deviceKey);
  expect((await stored()).officialIdKey).toBe(before.officialIdKey);
  await a.context.close();
});
