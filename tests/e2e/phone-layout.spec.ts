import { expect, test, type Page } from '@playwright/test';
import { seriousViolations, submitSignIn } from './app';

// A phone is the first screen: at 360×740 no screen of any role scrolls sideways, the header and
// the sync bar together take at most 120 px, every section is reachable from the bottom bar (the
// rest under «Más»), and axe finds nothing serious or critical.

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const ROLES = ['admin', 'comite', 'control', 'capacitador', 'funcionario', 'gobierno'] as const;
/** Screens reached from inside a section (not a tab of their own). */
const INNER = ['#/plan/accion/1', '#/plan/accion/4', '#/plan/fases', '#/plan/informe', '#/capacitacion/indicadores', '#/sincronizacion', '#/contrasena'];

async function settle(page: Page): Promise<void> {
  await expect(page.locator('main h2').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
}

async function measure(page: Page) {
  return page.evaluate(() => {
    const h = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().height ?? 0;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && getComputedStyle(el).position !== 'fixed')
      .filter((el) => !el.closest('.table-wrap, .visually-hidden, .skip-link, thead'))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, chrome: h('.app-header') + h('.sync-bar'), wide };
  });
}

for (const role of ROLES) {
  test(`${role}: every main screen fits 360 px, header and sync bar ≤ 120 px, axe clean`, async ({ browser }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await submitSignIn(page, role);
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await expect(nav).toBeVisible();
    await settle(page);

    // The bar sits at the bottom of the screen, all its sections reachable.
    const bar = await nav.boundingBox();
    expect(bar && bar.y + bar.height).toBeGreaterThan(700);
    const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const more = nav.getByRole('button', { name: 'Más' });
    await more.click();
    const menu = nav.locator('#nav-more-menu');
    await expect(menu).toBeVisible();
    // Everything not on the bar is in the menu, visible on screen and not off to the side.
    for (const a of await menu.getByRole('link').all()) await expect(a).toBeInViewport();
    const inMenu = await menu.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(inMenu).toContain('#/contrasena');
    expect(await seriousViolations(page)).toEqual([]);
    await more.click();

    for (const hash of [...new Set([...hrefs, ...INNER])]) {
      await page.goto(`/${hash}`);
      await settle(page);
      const m = await measure(page);
      expect({ hash, ...m }).toEqual({ hash, scrollWidth: m.scrollWidth <= 360 ? m.scrollWidth : -1, chrome: m.chrome, wide: [] });
      expect(m.chrome, `${hash}: header + sync bar`).toBeLessThanOrEqual(120);
      expect(await seriousViolations(page), hash).toEqual([]);
    }
    // The persistent-storage line shows only on the sync page.
    await page.goto('/#/sincronizacion');
    await expect(page.getByTestId('persist-state')).toBeVisible();
    await page.goto('/#/portal');
    await settle(page);
    await expect(page.getByTestId('persist-state')).toHaveCount(0);
    await context.close();
  });
}
