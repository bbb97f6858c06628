import { expect, test, type Locator } from '@playwright/test';
import { fileRequest, seriousViolations, onPhoneReadyForOffline } from './app';

// A constancia handed over offline is usable by the citizen: its provisional number and code
// find the request on the public lookup once the device has synced; the device announces the
// official radicado; the detail keeps both numbers; numbers never break across lines on a phone.
const PHONE = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** The text sits on one line: its line boxes share one top (a number broken in two has two). */
async function expectOneLine(el: Locator) {
  const tops = await el.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return [...new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))];
  });
  expect(tops).toHaveLength(1);
}

test('provisional number found by the public lookup after sync', async ({ browser }) => {
  const stamp = String(Date.now()).slice(-6);
  const { context, page } = await onPhoneReadyForOffline(browser, 'funcionario', PHONE);
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');

  await context.setOffline(true);
  await fileRequest(page, { idNumber: `40${stamp}`, name: 'Rosa Elena Quintero', address: 'Vereda Puerto Nare', subject: 'Arreglo del camino veredal', description: 'El camino está intransitable desde las lluvias' });

  // The constancia speaks to the citizen, and its numbers stay whole.
  const note = page.getByTestId('provisional-note');
  await expect(note).toContainText('Este número es provisional');
  await expect(note).toContainText('/portal/consulta');
  await expect(note).toContainText('radicado oficial');
  const provisional = (await page.getByTestId('receipt-number').textContent()) ?? '';
  expect(provisional).toMatch(/^P-[A-Z0-9]{4}-\d{4}$/);
  const code = (await page.getByTestId('receipt-code').textContent()) ?? '';
  await expectOneLine(page.getByTestId('receipt-number'));
  await expectOneLine(page.getByTestId('receipt-code'));
  expect(await seriousViolations(page)).toEqual([]);

  // Online: it leaves by itself, the device says which radicado it got.
  await context.setOffline(false);
  const notices = page.getByTestId('radicado-notices');
  await expect(notices).toContainText(`La solicitud ${provisional} recibió el radicado oficial 95200-`, { timeout: 20_000 });
  const radicado = /95200-\d{4}-\d{6}/.exec((await notices.textContent()) ?? '')?.[0] ?? '';
  await expect(page.getByTestId('receipt-number')).toHaveText(radicado);
  await expect(page.getByTestId('receipt-provisional')).toHaveText(provisional);
  expect(await seriousViolations(page)).toEqual([]);

  // The request's detail shows both numbers.
  await notices.getByRole('link').first().click();
  await expect(page.getByTestId('detail-radicado')).toHaveText(radicado);
  await expect(page.getByTestId('detail-provisional')).toHaveText(provisional);
  await expectOneLine(page.getByTestId('filing-number'));
  await page.getByRole('button', { name: 'Entendido' }).click();
  await expect(notices).toHaveCount(0);

  // The citizen, on the public portal (no JavaScript), with what the paper says.
  const visitor = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const portal = await visitor.newPage();
  await portal.goto('/portal/consulta');
  await portal.getByLabel('Radicado o número provisional').fill(provisional.toLowerCase());
  await portal.getByLabel('Código de verificación').fill(code);
  await portal.getByRole('button', { name: 'Consultar' }).click();
  await expect(portal.getByRole('heading', { name: `Solicitud ${radicado}` })).toBeVisible();
  await expect(portal.locator('[data-official]')).toContainText(`${provisional} ya tiene radicado oficial: ${radicado}`);
  await expect(portal.getByText('Rosa Elena Quintero')).toHaveCount(0);
  await visitor.close();
  await context.close();
});
