import { expect, test, type Page } from '@playwright/test';
import { fillRequest, signedIn, submitSignIn } from './app';

// Printouts are documents: a page with a document prints it alone, on A4, under its own header
// (the municipality's), with nothing of the app — no header with the user's name, no sections,
// no sync bar, no notices, no buttons.

/** Whether the stylesheets ask for A4 pages when printing. */
async function printsOnA4(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const walk = (rules: CSSRuleList): boolean =>
      [...rules].some((r) => (r instanceof CSSPageRule && /A4/i.test(r.style.getPropertyValue('size'))) || ('cssRules' in r && walk((r as CSSGroupingRule).cssRules)));
    return [...document.styleSheets].some((s) => walk(s.cssRules));
  });
}

/** In print media: the document and its header shown; the app's furniture not. */
async function expectOnlyTheDocument(page: Page, documentTestId: string | null): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  const doc = documentTestId ? page.getByTestId(documentTestId) : page.locator('.printable');
  await expect(doc).toBeVisible();
  await expect(doc.locator('.receipt-head, .cert-entity').first()).toBeVisible();
  await expect(doc.locator('.receipt-head, .cert-entity').first()).toContainText('Alcaldía');
  for (const chrome of ['.app-header', '.sync-bar', 'nav', '.skip-link', '[data-testid="action-error"]']) {
    await expect(page.locator(chrome)).toBeHidden();
  }
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeHidden();
  await expect(page.getByText('La aplicación quedó lista para usarse sin conexión.')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Imprimir' })).toBeHidden();
  expect(await printsOnA4(page)).toBe(true);
  // On screen the app is all there again.
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.app-header')).toBeVisible();
}

test('the constancia prints alone on A4', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'funcionario');
  await fillRequest(page, { idNumber: '1121234567', name: 'Rosa Elvira Cárdenas', address: 'Calle 5 # 3-20', subject: 'Arreglo de la vía', description: 'Solicita el arreglo de la vía a la vereda.' });
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expectOnlyTheDocument(page, 'receipt');
  await context.close();
});

test('the attendance sheet and the semiannual report print alone on A4', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'capacitador');
  await page.locator('#c-name').fill('Excel básico para la planilla');
  await page.getByRole('button', { name: 'Crear curso' }).click();
  await page.getByRole('link', { name: 'Excel básico para la planilla' }).click();
  await page.locator('#s-place').fill('Sala de sistemas');
  await page.getByRole('button', { name: 'Crear sesión' }).click();
  // Nobody on the roster yet: the warning first, then created as it is.
  await page.getByRole('button', { name: 'Crear sesión sin convocados' }).click();
  await page.getByRole('link', { name: /Sala de sistemas/ }).click();
  await page.getByRole('link', { name: 'Planilla de asistencia' }).click();
  await expectOnlyTheDocument(page, null);
  await context.close();

  const control = await browser.newContext();
  const cp = await control.newPage();
  await submitSignIn(cp, 'control');
  await cp.goto('/#/plan/informe');
  await expect(cp.getByTestId('plan-report')).toBeVisible();
  await expectOnlyTheDocument(cp, 'plan-report');
  await control.close();
});
