import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../tests/e2e/browser-options.ts';
import { startBenchServer } from './lib/server.ts';
const server = await startBenchServer({ STATIC_DIR: process.argv[2] ?? '/work/main/dist' });
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', locale: 'es-CO', timezoneId: 'America/Bogota' });
const page = await context.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text())); page.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack));
await page.goto('/');
await page.getByLabel('Usuario').fill('funcionario');
await page.getByLabel('Contraseña').fill('miraflores2026');
await page.getByRole('button', { name: 'Ingresar' }).click();
await page.getByRole('heading', { name: 'Solicitudes en este dispositivo' }).waitFor();
await page.evaluate(async () => { await navigator.serviceWorker.ready; });
await context.setOffline(true);
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
for (let i = 0; i < 4; i++) {
  const t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  try {
    await page.getByRole('heading', { name: 'Solicitudes en este dispositivo' }).waitFor({ timeout: 20000 });
    console.log('run', i, 'ok', Date.now() - t0);
  } catch (e) {
    console.log('run', i, 'FAILED', (await page.locator('body').innerHTML()).slice(0, 3000));
  }
}
await browser.close();
await server.stop();
process.exit(0);
