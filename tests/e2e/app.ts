// What the browser specs do again and again: sign in, wait for the service worker, file a
// request, and ask axe for serious violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

/** The demo accounts' password. */
export const PASSWORD = 'miraflores2026';

/** Serious and critical violations of WCAG 2.1 A/AA, each with the elements it names. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fills and submits the sign-in form already on screen (the caller checks what comes next). */
export async function fillSignIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

/** Opens the app and submits the sign-in form (the caller checks what comes next). */
export async function submitSignIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/');
  await fillSignIn(page, username, password);
}

/** Opens the app, signs in and waits until the service worker controls the page (so it opens offline). */
export async function signInForOffline(page: Page, username: string): Promise<void> {
  await submitSignIn(page, username);
  await serviceWorkerReady(page);
}

/** Signs in and waits for the request list. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await submitSignIn(page, username, password);
  await expect(page.getByRole('heading', { name: 'Solicitudes en este dispositivo' })).toBeVisible();
}

/** A new browser context, signed in. */
export async function signedIn(browser: Browser, username: string, password = PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, password);
  return { context, page };
}

/** Once the service worker controls the page, the app opens and works offline. */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** A phone-sized browser context's options. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** A new phone-sized context, signed in with the service worker in control (still online). */
export async function onPhoneReadyForOffline(browser: Browser, username: string, phone: BrowserContextOptions = PHONE) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signInForOffline(page, username);
  return { context, page };
}

/** Opens «Radicar» and fills a citizen's request (not submitted). */
export async function fillRequest(page: Page, r: { idNumber: string; name: string; address?: string; subject: string; description: string }): Promise<void> {
  await page.getByRole('link', { name: 'Radicar' }).click();
  await page.getByLabel('Número de documento').fill(r.idNumber);
  await page.getByLabel('Nombre completo o razón social del peticionario').fill(r.name);
  if (r.address) await page.getByLabel('Dirección física').fill(r.address);
  await page.getByLabel('Asunto').fill(r.subject);
  await page.getByLabel('Descripción').fill(r.description);
}

/** Fills a citizen's request, ticks «aviso de privacidad shown» and files it. */
export async function fileRequest(page: Page, r: { idNumber: string; name: string; address?: string; subject: string; description: string }): Promise<void> {
  await fillRequest(page, r);
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
}

/** Signed in on a new context, the service worker in control (so the app opens offline), then the connection cut. */
export async function signedInOffline(browser: Browser, username: string) {
  const s = await signedIn(browser, username);
  await serviceWorkerReady(s.page);
  await s.context.setOffline(true);
  return s;
}

/** Opens a section from the navigation: on a phone the rarer sections sit under «Más». */
export async function goTo(page: Page, name: string): Promise<void> {
  const link = page.getByRole('link', { name });
  if ((await link.count()) === 0) await page.getByRole('button', { name: 'Más' }).click();
  await link.first().click();
}
