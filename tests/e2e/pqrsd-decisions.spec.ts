// DOMAIN.md §7 in the app: a request with no petitioner data is filed and flagged "incompleta —
// requerir"; the extension form shows the cap before the date; a transfer of a verbal request
// records the copy to the petitioner and the immediate notice, and reaches the server.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('file without petitioner data, see the cap, transfer with the copy to the petitioner', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Usuario').fill('comite');
  await page.getByLabel('Contraseña').fill('miraflores2026');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page.getByRole('heading', { name: 'Solicitudes en este dispositivo' })).toBeVisible();

  await page.getByRole('link', { name: 'Radicar' }).click();
  await page.getByLabel('Tipo de solicitud').selectOption('peticion_general');
  await page.getByLabel('Canal de recepción').selectOption('presencial');
  await page.getByLabel('Asunto').fill('Alumbrado de la vereda La Esperanza');
  await page.getByLabel('Descripción').fill('Piden reparar el alumbrado público de la vereda.');
  await page.locator('input[type="checkbox"]').first().check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt')).toBeVisible();

  await page.getByRole('link', { name: 'Volver a la solicitud' }).click();
  await expect(page.getByTestId('filing-gaps')).toHaveText('Incompleta — requerir: falta nombre, documento de identidad, dirección o correo para la respuesta (art. 17).');

  await page.getByLabel('Paso', { exact: true }).selectOption('prorrogar');
  await expect(page.getByTestId('extension-cap')).toContainText('Máximo legal de la prórroga:');

  await page.getByLabel('Paso', { exact: true }).selectOption('trasladar');
  await page.getByLabel('Autoridad competente').fill('Gobernación del Guaviare');
  await page.getByLabel('Cómo se envió al peticionario la copia del oficio remisorio').fill('Publicación en la cartelera de la alcaldía');
  await page.getByRole('button', { name: 'Registrar paso' }).click();
  // A verbal request needs the immediate notice: refused on the device, with the rule's words.
  await expect(page.getByTestId('step-notice')).toContainText('Aviso inmediato al peticionario');
  await page.getByLabel('Se informó de inmediato al peticionario (petición verbal)').check();
  await page.getByRole('button', { name: 'Registrar paso' }).click();
  await expect(page.getByTestId('state')).toHaveText('Trasladada');
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('history').getByText('Sincronizada')).toBeVisible();
  await expect(page.getByTestId('state')).toHaveText('Trasladada');

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
