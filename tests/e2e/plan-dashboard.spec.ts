import { expect, test } from '@playwright/test';
import { seriousViolations, serviceWorkerReady, submitSignIn } from './app';

test('monthly connectivity check offline → dashboard updates → the report prints the figures; axe clean', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'comite');
  await serviceWorkerReady(page);
  await page.getByRole('link', { name: 'Plan GEL' }).click();
  await expect(page.getByTestId('action-1')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await context.setOffline(true);
  await page.getByTestId('action-1').getByRole('link').click();
  for (const code of ['PC-ALC-01', 'PC-ALC-02', 'PC-HAC-01']) {
    await page.getByLabel('Código o placa').fill(code);
    await page.getByLabel('Dependencia').fill('Alcaldía');
    await page.getByRole('button', { name: 'Agregar computador' }).click();
  }
  await expect(page.getByTestId('computer-row')).toHaveCount(3);
  await page.getByTestId('computer-row').nth(2).getByRole('checkbox').uncheck();
  await page.getByRole('button', { name: 'Guardar revisión' }).click();
  await expect(page.getByTestId('measurement-notice')).toContainText('guardada');
  await expect(page.getByTestId('series')).toContainText('66,7 %');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Plan GEL' }).click();
  await expect(page.getByTestId('action-1').getByTestId('action-value')).toHaveText('66,7 %');

  await page.getByRole('link', { name: 'Informe semestral' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('report-action-1').getByTestId('report-value')).toHaveText('66,7 %');
  await expect(page.getByTestId('plan-report')).toBeVisible();
  await expect(page.locator('.sync-bar')).toBeHidden(); // the print stylesheet keeps only the report
  await page.emulateMedia({ media: 'screen' });
  expect(await seriousViolations(page)).toEqual([]);

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await context.close();
});
