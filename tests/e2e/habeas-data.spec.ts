import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { seriousViolations, serviceWorkerReady, submitSignIn } from './app';

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
