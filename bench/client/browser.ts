// Part 4 in Chromium (Debian's, launched as the e2e tests do): the first load over the network,
// opening offline with the CPU throttled 4× (DevTools Emulation.setCPUThrottlingRate), and the
// page-side harness timing saves and the list queries on the real IndexedDB.
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../../tests/e2e/browser-options';
import { DEMO_PASSWORD } from '../../tests/helpers/server-process';
import type { CpuProfile } from '../lib/profile';
import type { Harness } from './harness';

export interface OpenSample {
  heading?: number;
  frame?: number;
  idle?: number;
  firstRow?: number;
  rowFrame?: number;
  rowIdle?: number;
  longTasks?: [number, number][];
}

export interface BrowserFigures {
  firstLoad: { url: string; status: number; bodyBytes: number; contentEncoding: string }[];
  calibration: { rate1: number; rate4: number };
  openEmpty: OpenSample[];
  openWithData: OpenSample[];
  openProfile: CpuProfile;
  navigation: Record<string, number>;
  seeded: { ms: number; count: number };
  rates: Record<
    '1' | '4',
    {
      savesEmpty: number[];
      savesFull: number[];
      filters: Record<string, { ms: number[]; rows: number }>;
      seed: { ms: number; count: number };
      breakdown: { validate: number[]; bareTx: number[] };
      scan: Record<string, number>;
    }
  >;
}

/**
 * Runs in every page before its scripts: notes when the signed-in list is there and usable.
 * A string, not a function: tsx's transpiler would put helpers (`__name`) into a function's
 * source that do not exist in the page.
 */
const USABLE_PROBE = `(() => {
  const u = {};
  window.__usable = u;
  const afterFrame = (done) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done(performance.now());
    ch.port2.postMessage(0);
  });
  const check = () => {
    const now = performance.now();
    if (u.heading === undefined && document.querySelector('#pqrsd-list-title')) {
      u.heading = now;
      requestAnimationFrame(() => (u.frame = performance.now()));
      afterFrame((t) => (u.idle = t));
    }
    if (u.firstRow === undefined && document.querySelector('[data-testid="pqrsd-item"]')) {
      u.firstRow = now;
      requestAnimationFrame(() => (u.rowFrame = performance.now()));
      afterFrame((t) => (u.rowIdle = t));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (u.longTasks = u.longTasks || []).push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

const harnessOf = (page: Page) => ({
  call: <K extends keyof Harness>(fn: K, ...args: Parameters<Harness[K]>) =>
    page.evaluate(
      ([f, a]) => (window as unknown as { __gelBench: Record<string, (...x: unknown[]) => unknown> }).__gelBench[f as string]!(...(a as unknown[])),
      [fn, args] as const,
    ) as Promise<Awaited<ReturnType<Harness[K]>>>,
});

const pageErrors: string[] = [];
let last = performance.now();
/** Progress on the console: the browser part runs for minutes. */
function stage(what: string): void {
  console.log(`  client: ${what} (${((performance.now() - last) / 1000).toFixed(0)} s)`);
  last = performance.now();
}

async function reloadAndWait(page: Page, until: 'idle' | 'rowIdle'): Promise<OpenSample> {
  await page.reload({ waitUntil: 'commit' });
  try {
    await page.waitForFunction((k) => (window as unknown as { __usable?: OpenSample }).__usable?.[k as 'idle'] !== undefined, until, { timeout: 60_000, polling: 50 });
  } catch (err) {
    const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 800);
    const probe = JSON.stringify(await page.evaluate(() => (window as unknown as { __usable?: OpenSample }).__usable).catch(() => null));
    const errors = [...new Set(pageErrors)].join(' | ') || 'none';
    throw new Error(`The app did not become usable (${until}) within 60 s. Probe: ${probe}. Page errors: ${errors}. Page text: ${text}`, { cause: err });
  }
  return page.evaluate(() => (window as unknown as { __usable: OpenSample }).__usable);
}

async function signIn(page: Page, url: string, firstLoad: BrowserFigures['firstLoad']): Promise<void> {
  page.on('requestfinished', (req) => {
    void req
      .sizes()
      .then(async (s) => {
        const res = await req.response();
        firstLoad.push({ url: req.url().replace(url, ''), status: res?.status() ?? 0, bodyBytes: s.responseBodySize, contentEncoding: (await res?.headerValue('content-encoding')) ?? '' });
      })
      .catch(() => undefined);
  });
  await page.goto(url, { waitUntil: 'load' });
  page.removeAllListeners('requestfinished');
  await page.getByLabel('Usuario').fill('funcionario');
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('heading', { name: 'Solicitudes en este dispositivo' }).waitFor({ timeout: 30_000 });
  // The service worker is active once its install (the precache) is done.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

async function throttle(cdp: CDPSession, rate: number): Promise<void> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

async function measurePage(context: BrowserContext, harness: string, o: { quick: boolean }): Promise<BrowserFigures['rates']> {
  const page = await context.newPage();
  // Any page of the origin gives the app's IndexedDB; this one runs none of the app's code.
  await page.goto('/api/health');
  await page.evaluate(harness);
  const cdp = await context.newCDPSession(page);
  const h = harnessOf(page);
  const n = o.quick ? 2_000 : 10_000;
  const saves = o.quick ? 50 : 200;
  const out = {} as BrowserFigures['rates'];
  // Seeded once, unthrottled (putting 10,000 requests is set-up, not a figure), then measured at
  // each rate: both rates read the same database.
  const full = 'bench-full';
  await throttle(cdp, 1);
  const seed = await h.call('seed', full, n);
  stage(`seed of ${seed.count} requests`);
  for (const rate of [1, 4] as const) {
    await throttle(cdp, rate);
    const empty = `bench-empty-${rate}`;
    const savesEmpty = await h.call('saves', empty, saves, 10 + rate);
    const filters = await h.call('filters', full, rate === 1 ? 7 : 5);
    const scan = await h.call('scanSizes', full);
    const savesFull = await h.call('saves', full, saves, 20 + rate);
    const breakdown = await h.call('saveBreakdown', full, saves);
    out[String(rate) as '1' | '4'] = { savesEmpty, savesFull, filters, seed, breakdown, scan };
    stage(`saves and queries at ${rate}×`);
    await h.call('wipe', empty);
  }
  await h.call('wipe', full);
  await throttle(cdp, 1);
  await page.close();
  return out;
}

export async function runBrowser(url: string, harness: string, o: { quick: boolean }): Promise<BrowserFigures> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const context = await browser.newContext({ baseURL: url, serviceWorkers: 'allow', locale: 'es-CO', timezoneId: 'America/Bogota' });
    await context.addInitScript(USABLE_PROBE);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    const firstLoad: BrowserFigures['firstLoad'] = [];
    last = performance.now();
    await signIn(page, url, firstLoad);
    stage('first load, signed in, service worker installed');

    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await page.evaluate(harness);
    const h = harnessOf(page);
    const calibration = { rate1: await h.call('calibrate'), rate4: 0 };
    await throttle(cdp, 4);
    const reps = o.quick ? 2 : 5;
    const openEmpty: OpenSample[] = [];
    for (let i = 0; i < reps; i++) openEmpty.push(await reloadAndWait(page, 'idle'));
    await page.evaluate(harness);
    calibration.rate4 = await h.call('calibrate');
    stage(`${reps} offline opens at 4× (empty device)`);

    // A device after months of work: its own database (the app's, by the signed-in user) holds 10,000 requests.
    await throttle(cdp, 1);
    const appDb = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').find((name) => name.startsWith('gel-campo-')) ?? '');
    if (!appDb) throw new Error('The app database was not found in the page');
    const userId = appDb.slice('gel-campo-'.length);
    const seeded = await h.call('seed', appDb, o.quick ? 2_000 : 10_000, { userId, username: 'funcionario' });
    stage(`${seeded.count} requests put in the app's database`);
    await throttle(cdp, 4);
    const openWithData: OpenSample[] = [];
    for (let i = 0; i < reps; i++) openWithData.push(await reloadAndWait(page, 'rowIdle'));
    stage(`${reps} offline opens at 4× with data`);

    // One more open under the profiler: where the main thread's time goes.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await reloadAndWait(page, 'rowIdle');
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const navigation = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const js = performance.getEntriesByType('resource').filter((r) => /\/assets\/.*\.js$/.test(r.name)) as PerformanceResourceTiming[];
      return {
        workerStart: nav.workerStart,
        documentResponseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoaded: nav.domContentLoadedEventEnd,
        loadEventEnd: nav.loadEventEnd,
        jsResponseEnd: Math.max(0, ...js.map((r) => r.responseEnd)),
      };
    });
    await throttle(cdp, 1);
    await context.setOffline(false);
    await page.close();

    const rates = await measurePage(context, harness, o);
    await context.close();
    return { firstLoad, calibration, openEmpty, openWithData, openProfile: profile, navigation, seeded, rates };
  } finally {
    await browser.close();
  }
}
