import { expect, test } from '@playwright/test';
import { fillRequest, goTo, seriousViolations, submitSignIn } from './app';

test('the admin fills in the profile; the notice, the receipt and the header carry it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await submitSignIn(page, 'admin');
  await expect(page.getByTestId('header-entity')).toHaveText('Alcaldía Municipal de Miraflores');

  await goTo(page, 'Municipio');
  await expect(page.getByRole('heading', { name: 'Perfil y reglas del municipio' })).toBeVisible();
  await expect(page.getByText('se lee de dos maneras')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // A wrong e-mail is refused next to its field, in Spanish.
  await page.getByLabel('Correo electrónico').fill('no-es-correo');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.locator('#email-error')).toHaveText('Correo electrónico no válido');
  await page.getByLabel('Correo electrónico').fill('contactenos@alcaldia.example.gov.co');
  await page.getByLabel('Dirección', { exact: true }).fill('Calle 4 # 5-12, Palacio Municipal');
  await page.getByLabel('Teléfono').fill('608 123 4567');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByTestId('municipality-status')).toHaveText('Guardado en este dispositivo; llegará a los demás al sincronizar.');

  // The filing form's aviso de privacidad and the receipt read the profile, also after a reload.
  await page.reload();
  await fillRequest(page, { idNumber: '1234567', name: 'Rosa Díaz Peña', address: 'Vereda Lagos', subject: 'Alumbrado público', description: 'La calle principal de la vereda no tiene luz desde hace un mes.' });
  const notice = page.locator('fieldset.notice-box');
  await expect(notice).toContainText('Aviso de privacidad');
  await expect(notice).toContainText('Teléfono: 608 123 4567');
  await expect(notice).toContainText('contactenos@alcaldia.example.gov.co');
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('Alcaldía Municipal de Miraflores (Guaviare)');
  await expect(receipt).toContainText('Calle 4 # 5-12, Palacio Municipal · 608 123 4567 · contactenos@alcaldia.example.gov.co');
});
