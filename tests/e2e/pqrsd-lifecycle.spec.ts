import { expect, test } from '@playwright/test';
import { seriousViolations, signedInOffline } from './app';

test('acknowledgement: provisional offline, official radicado once synced, found by the public lookup', async ({ browser }) => {
  const { context, page } = await signedInOffline(browser, 'comite');

  await page.getByRole('link', { name: 'Radicar' }).click();
  await page.getByLabel('Tipo de solicitud').selectOption('peticion_documentos');
  await page.getByLabel('Tipo de documento').selectOption('NIT');
  await page.getByLabel('Número de documento').fill('800197268-3');
  await page.getByLabel('Nombre completo del ciudadano').fill('Cooperativa Agraria del Guaviare');
  await page.getByLabel('Correo electrónico').fill('coop@example.org');
  await page.getByLabel('Asunto').fill('Copia del plan de desarrollo');
  await page.getByLabel('Descripción').fill('Solicitan copia del plan de desarrollo municipal vigente.');
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  // A wrong NIT check digit is caught on the device, in Spanish, and nothing is filed.
  await expect(page.getByRole('alert')).toHaveText('Revise los campos marcados.');
  await expect(page.locator('#idNumber-error')).toContainText('dígito de verificación');
  await page.getByLabel('Número de documento').fill('800197268-4');
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();

  const receipt = page.getByTestId('receipt');
  await expect(receipt).toBeVisible();
  await expect(page.getByTestId('provisional-note')).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^P-[A-Z0-9]{4}-\d{4}$/);
  await expect(page.getByTestId('receipt-due')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  const code = (await page.getByTestId('receipt-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  expect(await seriousViolations(page)).toEqual([]);

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^95200-\d{4}-\d{6}$/);
  await expect(page.getByTestId('provisional-note')).toHaveCount(0);
  const radicado = (await page.getByTestId('receipt-number').textContent()) ?? '';

  // The citizen's lookup on the public portal, without JavaScript, shows no personal data.
  const portal = await browser.newContext({ javaScriptEnabled: false });
  const pp = await portal.newPage();
  await pp.goto('/portal/consulta');
  await pp.getByLabel('Radicado').fill(radicado);
  await pp.getByLabel('Código de verificación').fill(code);
  await pp.getByRole('button', { name: 'Consultar' }).click();
  await expect(pp.locator('[data-state]')).toHaveText('Radicada');
  await expect(pp.locator('body')).not.toContainText('Cooperativa');
  const resultUrl = pp.url();
  // A wrong code says the same as an unknown radicado.
  await pp.goto(`/portal/consulta?radicado=${radicado}&codigo=AAAAAAAA`);
  await expect(pp.getByRole('alert')).toContainText('No encontramos');
  await portal.close();
  // axe needs scripts to run; the page itself has none.
  const checkerContext = await browser.newContext();
  const checker = await checkerContext.newPage();
  await checker.goto(resultUrl);
  await expect(checker.locator('[data-state]')).toHaveText('Radicada');
  expect(await seriousViolations(checker)).toEqual([]);
  await checkerContext.close();

  // A step of its life: assignment, recorded on the device and accepted by the server.
  await page.getByRole('link', { name: 'Volver a la solicitud' }).click();
  await page.getByLabel('Paso', { exact: true }).selectOption('asignar');
  await page.getByLabel('Dependencia').fill('Secretaría de Gobierno');
  await page.getByLabel('Funcionario responsable').fill('funcionario');
  await page.getByRole('button', { name: 'Registrar paso' }).click();
  await expect(page.getByTestId('state')).toHaveText('Asignada');
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('history').getByText('Sincronizada')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});
