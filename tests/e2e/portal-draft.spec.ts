import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_LAUNCH } from './browser-options';
import { seriousViolations, serviceWorkerReady, submitSignIn } from './app';

test('a draft typed offline survives closing the browser without waiting; editor and portal pass axe', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'gel-profile-'));
  try {
    let context = await chromium.launchPersistentContext(profile, { ...CHROMIUM_LAUNCH, baseURL, serviceWorkers: 'allow' });
    let page = context.pages()[0] ?? (await context.newPage());
    await submitSignIn(page, 'funcionario');
    await serviceWorkerReady(page);
    await page.getByRole('link', { name: 'Portal' }).click();
    await context.setOffline(true);
    await page.getByLabel('Sección', { exact: true }).selectOption('noticias');
    await page.getByRole('button', { name: 'Nuevo borrador' }).click();
    await page.getByLabel('Texto (Markdown)').fill('Borrador');
    expect(await seriousViolations(page)).toEqual([]);
    const url = page.url();
    await page.getByRole('textbox', { name: 'Título' }).fill('Entrega de kits escolares');
    await page.getByLabel('Texto (Markdown)').fill('## Veredas\n\nLa entrega será el **lunes** en la escuela de la vereda Lagos.');
    await expect(page.getByTestId('preview').locator('strong')).toHaveText('lunes');
    // Close the whole browser at once: no waiting for any debounce or sync.
    await context.close();

    context = await chromium.launchPersistentContext(profile, { ...CHROMIUM_LAUNCH, baseURL, serviceWorkers: 'allow', offline: true });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await expect(page.getByRole('textbox', { name: 'Título' })).toHaveValue('Entrega de kits escolares');
    await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(/escuela de la vereda Lagos\.$/);

    // Back online it reaches the server; the committee will see it.
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await expect(page.getByTestId('draft-sync')).toHaveText('Sincronizada');
    await context.close();
  } finally {
    // Chromium may still be writing its profile as it exits: best effort.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      /* left in the temp folder */
    }
  }
});

test('the committee approves what it read: a change made meanwhile is refused in Spanish; another official cannot edit it under review', async ({ browser }) => {
  const signIn = async (username: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitSignIn(page, username);
    await serviceWorkerReady(page);
    await page.getByRole('link', { name: 'Portal' }).click();
    return { context, page };
  };
  const synced = async (page: Page) =>
    expect(async () => {
      await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
      await expect(page.getByTestId('draft-sync')).toHaveText('Sincronizada', { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  const openDraft = async (page: Page) => {
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await page.getByRole('link', { name: 'Pago del impuesto predial' }).click();
  };

  const author = await signIn('funcionario');
  await author.page.getByLabel('Sección', { exact: true }).selectOption('tramites');
  await author.page.getByRole('button', { name: 'Nuevo borrador' }).click();
  await author.page.getByRole('textbox', { name: 'Título' }).fill('Pago del impuesto predial');
  await author.page.getByLabel('Texto (Markdown)').fill('Se paga en la ventanilla de la alcaldía.');
  await author.page.getByRole('button', { name: 'Enviar a revisión' }).click();
  await synced(author.page);
  await expect(author.page.getByTestId('draft-status')).toHaveText('En revisión');

  // The committee reads it, then loses the connection.
  const committee = await signIn('comite');
  await openDraft(committee.page);
  await expect(committee.page.getByLabel('Texto (Markdown)')).toHaveValue('Se paga en la ventanilla de la alcaldía.');
  await committee.context.setOffline(true);

  // Another official may read it but not change it.
  const other = await signIn('gobierno');
  await openDraft(other.page);
  await expect(other.page.getByTestId('read-only')).toHaveText('Este contenido está en revisión: solo su autor y el Comité GEL-T pueden modificarlo.');
  await expect(other.page.getByLabel('Texto (Markdown)')).not.toBeEditable();
  await other.context.close();

  // Its author changes it meanwhile.
  await author.page.getByLabel('Texto (Markdown)').fill('Pague en [este enlace](https://evil.example/pago).');
  await synced(author.page);
  await author.context.close();

  // The committee's approval of what it read is refused, in Spanish; the new text is there to review.
  await committee.page.getByRole('button', { name: 'Aprobar' }).click();
  await committee.context.setOffline(false);
  await committee.page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(committee.page.getByTestId('step-refused')).toHaveText(
    'El contenido cambió después de la versión que usted revisó. Sigue en revisión: lea los cambios y apruébelo de nuevo.',
  );
  await expect(committee.page.getByTestId('draft-status')).toHaveText('En revisión');
  await expect(committee.page.getByLabel('Texto (Markdown)')).toHaveValue('Pague en [este enlace](https://evil.example/pago).');
  await expect(committee.page.getByTestId('revisions')).toContainText('evil.example');
  expect(await seriousViolations(committee.page)).toEqual([]);
  await expect(committee.page.getByRole('button', { name: 'Devolver al autor' })).toBeVisible();
  await committee.context.close();
});

test('portal pages pass axe and work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'Transparencia y acceso a la información pública' })).toBeVisible();
  await page.getByRole('link', { name: /3\. Contratación/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contratación' })).toBeVisible();
  await context.close();
  const withJs = await browser.newContext();
  const p = await withJs.newPage();
  for (const path of ['/portal', '/portal/transparencia', '/portal/categoria/noticias', '/portal/buscar?q=kits', '/portal/consulta']) {
    await p.goto(path);
    expect(await seriousViolations(p), path).toEqual([]);
  }
  await withJs.close();
});
