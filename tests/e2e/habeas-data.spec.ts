import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { goTo, seriousViolations, serviceWorkerReady, submitSignIn } from './app';

test('data-subject request filed offline → synced → search by ID → CSV export → free text redacted in one step; axe clean', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await submitSignIn(page, 'admin');
  await serviceWorkerReady(page);
  await page.getByRole('link', { name: 'Datos personales' }).click();
  await expect(page.getByRole('heading', { name: 'Datos personales (habeas data)' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Filing works with no connection, like every other record.
  await context.setOffline(true);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Registrar una consulta o un reclamo' }) });
  await form.getByLabel('Tipo', { exact: true }).selectOption('reclamo');
  // A person no other browser test files for (the server is shared across the specs).
  await form.getByLabel('Número de documento').fill('52.468.913');
  await form.getByLabel('Nombre completo').fill('Marta Lucía Rondón');
  // A formula hidden after a ";" (Excel es-CO splits on it): the export must keep it inert.
  await form.getByLabel('Dirección').fill('Calle 5 # 3-20;=HYPERLINK("http://x.example")');
  await form.getByLabel('Descripción').fill('Marta Lucía Rondón (C.C. 52.468.913) pide rectificar su correo en las solicitudes.');
  await form.getByRole('button', { name: 'Registrar la solicitud' }).click();
  await expect(page.getByTestId('dsr-item')).toHaveCount(1);
  await expect(page.getByTestId('dsr-item')).toContainText('Vence el');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');

  // The request starts the search for its person; focus goes to the results.
  await page.getByTestId('dsr-item').getByRole('button', { name: 'Buscar sus datos' }).click();
  await expect(page.getByTestId('habeas-status')).toHaveText('Se encontró 1 registro.');
  await expect(page.getByRole('heading', { name: 'Lo que la alcaldía tiene de esta persona' })).toBeFocused();
  await expect(page.getByTestId('habeas-data_subject_request')).toContainText('Marta Lucía Rondón');
  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^datos-personales-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  expect(text.startsWith('Sección;Tipo de registro;Identificador;Campo;Valor\r\n')).toBe(true);
  expect(text).toContain(`;"Calle 5 # 3-20;'=HYPERLINK(""http://x.example"")"\r\n`);

  // Her name and number in the free text are listed with their context, and go in one step.
  const mentions = page.getByTestId('habeas-mentions');
  await expect(mentions.getByTestId('habeas-mention')).toHaveCount(1);
  await expect(mentions.getByTestId('habeas-mention')).toContainText('Descripción');
  await expect(mentions.getByTestId('habeas-mention')).toContainText('(C.C. 52.468.913)');
  expect(await seriousViolations(page)).toEqual([]);
  await mentions.getByLabel('Motivo').fill('Reclamo de supresión');
  await mentions.getByRole('button', { name: 'Suprimir 1 texto' }).click();
  await expect(page.getByTestId('habeas-status')).toHaveText('Se suprimió el texto en 1 registro.');
  await expect(mentions).toContainText('No aparece en ningún texto libre.');
  // The redacted text is a server change like any other: the device pulls it.
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('dsr-item')).toContainText('[suprimido] (C.C. [suprimido]) pide rectificar su correo');
  await context.close();
});

test('a reclamo at 360 px: legend «reclamo en trámite», requirement and transfer recorded offline, kept over a reload, synced; axe clean', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await submitSignIn(page, 'admin');
  await serviceWorkerReady(page);
  await goTo(page, 'Datos personales');
  await expect(page.getByRole('heading', { name: 'Datos personales (habeas data)' })).toBeVisible();

  await context.setOffline(true);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Registrar una consulta o un reclamo' }) });
  await form.getByLabel('Tipo', { exact: true }).selectOption('reclamo');
  await form.getByLabel('Número de documento').fill('79311482');
  await form.getByLabel('Nombre completo').fill('Jairo Alberto Cifuentes');
  await form.getByLabel('Dirección').fill('Vereda El Dorado');
  await form.getByLabel('Descripción').fill('Pide rectificar su número de teléfono.');
  await form.getByRole('button', { name: 'Registrar la solicitud' }).click();
  const item = page.getByTestId('dsr-item').filter({ hasText: 'Jairo Alberto Cifuentes' });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('reclamo-legend')).toContainText('Falta incluir la leyenda «reclamo en trámite» (hasta el');

  // The legend, on the day of receipt.
  await item.getByLabel('Paso', { exact: true }).selectOption('leyenda');
  await expect(item.getByLabel('Fecha en que se incluyó la leyenda')).toHaveAccessibleDescription(/Dentro de 2 días hábiles desde la recepción/);
  await item.getByRole('button', { name: 'Registrar el paso' }).click();
  await expect(item.getByTestId('reclamo-legend')).toContainText('Leyenda «reclamo en trámite» incluida el');

  // The requirement: a refusal names its field, then it is recorded.
  await item.getByLabel('Paso', { exact: true }).selectOption('requerir');
  await item.getByRole('button', { name: 'Registrar el paso' }).click();
  const what = item.getByLabel('Qué debe completar el titular');
  await expect(what).toHaveAttribute('aria-invalid', 'true');
  await expect(what).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await what.fill('Copia de la cédula y el número correcto');
  await item.getByRole('button', { name: 'Registrar el paso' }).click();
  await expect(item.getByTestId('reclamo-requirement')).toContainText('Se entiende desistido el');
  await expect(item.getByTestId('dsr-due')).toHaveText('El término corre desde el día siguiente a que se complete el reclamo.');

  // The transfer, with the day the titular was told.
  await item.getByLabel('Paso', { exact: true }).selectOption('trasladar');
  await item.getByLabel('A quién se trasladó').fill('Registraduría Nacional del Estado Civil');
  await item.getByLabel('Fecha en que se informó al titular del traslado').fill(await item.getByLabel('Fecha del traslado').inputValue());
  expect(await seriousViolations(page)).toEqual([]);
  await item.getByRole('button', { name: 'Registrar el paso' }).click();
  await expect(item.getByTestId('reclamo-transfer')).toContainText('Trasladado a Registraduría Nacional del Estado Civil');
  await expect(item.getByTestId('dsr-steps')).toHaveCount(0);

  // Written on the device: a reload with no connection keeps every step.
  await page.reload();
  await goTo(page, 'Datos personales');
  await expect(item.getByTestId('reclamo-legend')).toContainText('Leyenda «reclamo en trámite» incluida el');
  await expect(item.getByTestId('reclamo-requirement')).toContainText('Copia de la cédula y el número correcto');
  await expect(item.getByTestId('reclamo-transfer')).toContainText('titular informado el');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await expect(item.locator('.badge.sync-synced')).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});
