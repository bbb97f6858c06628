import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'miraflores2026';

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the admin fills in the profile; the notice, the receipt and the header carry it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/');
  await page.getByLabel('Usuario').fill('admin');
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page.getByTestId('header-entity')).toHaveText('Alcaldía Municipal de Miraflores');

  await page.getByRole('link', { name: 'Municipio' }).click();
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
  await page.getByRole('link', { name: 'Radicar' }).click();
  const notice = page.locator('fieldset.notice-box');
  await expect(notice).toContainText('Aviso de privacidad');
  await expect(notice).toContainText('Teléfono: 608 123 4567');
  await expect(notice).toContainText('contactenos@alcaldia.example.gov.co');
  await page.getByLabel('Número de documento').fill('1234567');
  await page.getByLabel('Nombre completo o razón social del peticionario').fill('Rosa Díaz Peña');
  await page.getByLabel('Dirección física').fill('Vereda Lagos');
  await page.getByLabel('Asunto').fill('Alumbrado público');
  await page.getByLabel('Descripción').fill('La calle principal de la vereda no tiene luz desde hace un mes.');
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('Alcaldía Municipal de Miraflores (Guaviare)');
  await expect(receipt).toContainText('Calle 4 # 5-12, Palacio Municipal · 608 123 4567 · contactenos@alcaldia.example.gov.co');
});
