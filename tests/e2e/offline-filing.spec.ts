import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, seriousViolations, serviceWorkerReady, signedIn, signedInOffline, submitSignIn } from './app';

/** An account an admin creates must have a strong password (the demo ones are exempt). */
const STRONG_PASSWORD = 'puente-vereda-lagos-tarde';

/** Fills the filing form with a citizen who has an address, reads the notice, files. */
async function fileRequest(page: Page, r: { idNumber: string; name: string; subject: string; description: string; type?: string }) {
  await page.getByRole('link', { name: 'Radicar' }).click();
  if (r.type) await page.getByLabel('Tipo de solicitud').selectOption(r.type);
  await page.getByLabel('Número de documento').fill(r.idNumber);
  await page.getByLabel('Nombre completo del ciudadano').fill(r.name);
  await page.getByLabel('Dirección física').fill('Vereda Lagos, finca El Porvenir');
  await page.getByLabel('Asunto').fill(r.subject);
  await page.getByLabel('Descripción').fill(r.description);
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt')).toBeVisible();
}

test('sign-in page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('wrong password shows a Spanish message', async ({ page }) => {
  await submitSignIn(page, 'funcionario', 'no-es-la-clave');
  await expect(page.getByRole('alert')).toHaveText('Usuario o contraseña incorrectos.');
});

test('file offline, survive reloads, sync when online, another official sees it', async ({ browser, request }) => {
  // A second official to look from another device.
  const admin = await (await request.post('/api/auth/login', { data: { username: 'admin', password: PASSWORD } })).json();
  const created = await request.post('/api/admin/users', {
    headers: { authorization: `Bearer ${admin.token}` },
    data: { username: 'funcionario2', displayName: 'Segunda Funcionaria', role: 'official', municipality: '95200', password: STRONG_PASSWORD, dependencia: 'Ventanilla única' },
  });
  expect(created.status()).toBe(201);

  const { context, page } = await signedIn(browser, 'funcionario');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Radicar' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Solicitudes', exact: true }).click();

  // The service worker has precached the app: from now on it opens with no connection.
  await serviceWorkerReady(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('link-state')).toHaveText(/Sin conexión/);
  await expect(page.getByRole('heading', { name: 'Solicitudes en este dispositivo' })).toBeVisible();

  await fileRequest(page, {
    type: 'queja',
    idNumber: '1122334455',
    name: 'María Fernanda Rojas',
    subject: 'Puente de la vereda Lagos en mal estado',
    description: 'El puente peatonal tiene tablas sueltas desde el invierno.',
  });
  await expect(page.getByTestId('provisional-note')).toBeVisible();
  await page.getByRole('link', { name: 'Solicitudes', exact: true }).click();

  const item = page.getByTestId('pqrsd-item').filter({ hasText: 'Puente de la vereda Lagos' });
  await expect(item).toHaveAttribute('data-sync', 'pending');
  await expect(item.getByTestId('filing-number')).toContainText('(provisional)');
  await expect(page.getByTestId('pending-count')).toHaveText('1 cambio por enviar');
  expect(await seriousViolations(page)).toEqual([]);

  // Still offline: a reload keeps it, pending.
  await page.reload();
  await expect(item).toHaveAttribute('data-sync', 'pending');

  // The link comes back: it syncs by itself and the official radicado appears.
  await context.setOffline(false);
  await expect(item).toHaveAttribute('data-sync', 'synced');
  await expect(item.getByTestId('filing-number')).toHaveText(/Radicado 95200-\d{4}-\d{6}/);
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  const radicado = (await item.getByTestId('filing-number').textContent())?.replace('Radicado ', '');

  // Another official on another device gets it without pressing anything.
  const other = await signedIn(browser, 'funcionario2', STRONG_PASSWORD);
  const seen = other.page.getByTestId('pqrsd-item').filter({ hasText: 'Puente de la vereda Lagos' });
  await expect(seen.getByTestId('filing-number')).toHaveText(`Radicado ${radicado}`);
  await other.context.close();
  await context.close();
});

test('a closed tab keeps what was filed offline', async ({ browser }) => {
  const signed = await signedInOffline(browser, 'funcionario');
  const { context } = signed;
  let { page } = signed;
  await fileRequest(page, {
    idNumber: '98765432',
    name: 'Jorge Iván Castro',
    subject: 'Solicitud de certificado de residencia',
    description: 'Necesita el certificado para un trámite.',
  });
  await page.close();

  page = await context.newPage();
  await page.goto('/');
  const item = page.getByTestId('pqrsd-item').filter({ hasText: 'certificado de residencia' });
  await expect(item).toHaveAttribute('data-sync', 'pending');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(item).toHaveAttribute('data-sync', 'synced');
  await context.close();
});
