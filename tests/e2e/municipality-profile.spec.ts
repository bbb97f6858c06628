import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
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

test('the PNG receipt carries the logo of the profile, drawn offline', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await submitSignIn(page, 'admin');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await goTo(page, 'Municipio');
  // A plain red logo, made by the browser itself.
  const logo = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 120;
    c.height = 60;
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    g.fillStyle = '#ff0000';
    g.fillRect(0, 0, 120, 60);
    return c.toDataURL('image/png').split(',')[1] as string;
  });
  await page.getByLabel('Logo (PNG o JPEG, hasta 48 KB)').setInputFiles({ name: 'escudo.png', mimeType: 'image/png', buffer: Buffer.from(logo, 'base64') });
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByTestId('municipality-status')).toHaveText('Guardado en este dispositivo; llegará a los demás al sincronizar.');

  // With no connection: the logo is in the profile on the device, nothing is fetched.
  await context.setOffline(true);
  await fillRequest(page, { idNumber: '1098765', name: 'Luis Ortega', address: 'Vereda Lagos', subject: 'Camino veredal', description: 'El camino a la escuela está cerrado por un derrumbe.' });
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt').locator('img.entity-logo')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Compartir imagen' }).click()]);
  const png = (await readFile(await download.path())).toString('base64');
  // The image read back in the browser: red where the logo goes (the right end of the band), green band beside it.
  const pixels = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(img, 0, 0);
    const at = (x: number, y: number) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)];
    return { width: img.width, logo: at(815, 55), band: at(20, 20) };
  }, png);
  expect(pixels).toEqual({ width: 900, logo: [255, 0, 0], band: [11, 110, 79] });

  await context.setOffline(false);
  await goTo(page, 'Municipio');
  await page.getByRole('button', { name: 'Quitar el logo' }).click();
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByTestId('municipality-status')).toHaveText('Guardado en este dispositivo; llegará a los demás al sincronizar.');
  await context.close();
});
