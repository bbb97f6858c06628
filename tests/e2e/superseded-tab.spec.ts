import { expect, test } from '@playwright/test';
import { fillRequest, seriousViolations, signedIn } from './app';

// A newer build upgrades the device's database from another tab while an official is typing in
// this one: this tab says so in Spanish, keeps what was typed, and a save fails with the reason
// instead of writing without what the new schema keeps. It never reloads by itself.

test('a schema upgrade from another tab closes this one for good; typed text stays; the save fails in Spanish', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'funcionario');
  await page.getByRole('link', { name: 'Radicar' }).click();
  const request = { idNumber: '1121000777', name: 'Marta Lucía Prueba', subject: 'Alumbrado en la vereda', description: 'Sin luz desde el lunes.' };
  await fillRequest(page, request);
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();

  // The other tab: the same origin opens the official's database one version higher, as a newer build would.
  const other = await context.newPage();
  await other.goto('/');
  const upgradedTo = await other.evaluate(async () => {
    const mine = (await indexedDB.databases()).find((d) => d.name?.startsWith('gel-') && d.version);
    if (!mine?.name || !mine.version) throw new Error(`no app database: ${JSON.stringify(await indexedDB.databases())}`);
    const next = mine.version + 1;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(mine.name as string, next);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    return next;
  });
  expect(upgradedTo).toBeGreaterThan(1);

  const alert = page.getByRole('alert').filter({ hasText: 'Se abrió una versión nueva de GEL Campo en otra pestaña' });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Recargar' })).toBeVisible();
  // What was typed is still there to copy.
  await expect(page.getByLabel('Asunto')).toHaveValue(request.subject);

  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByText('No se guardó: se abrió una versión nueva de GEL Campo en otra pestaña.')).toBeVisible();
  await expect(page.getByTestId('receipt')).toHaveCount(0);
  await expect(page.getByLabel('Asunto')).toHaveValue(request.subject);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});
