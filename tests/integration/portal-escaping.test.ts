// Whatever an official types into a published item, and whatever a visitor types into a query,
// reaches every portal page as text: the pages (the app in process on a real SQLite store, the
// item published through the real push) are parsed by a real HTML/XML parser (happy-dom), which
// must find no script, no event-handler attribute, and the typed text back exactly as typed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import { createApp } from '../../sync-server/http/app';
import type { Actor } from '../../sync-server/reconcile/reconcile-mutation';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { pushMutations } from '../../sync-server/sync/push';
import { ensureMunicipalityRecords } from '../../sync-server/sync/server-records';
import { REPO_ROOT } from '../helpers/server-process';

const TITLE = `Aviso <script>alert("t")</script> 'comillas' "dobles" & más`;
const SUMMARY = `Resumen <img src=x onerror=alert(1)> "x" 'y' </p><script>alert(2)</script>`;
const TAG = `<b onclick="alert(3)">etiqueta</b>'"`;
const BODY = 'Texto con <script>alert("b")</script> y "comillas".';
/** One word, found in the title: the results list the item and repeat the query. */
const QUERY = `<script>alert("t")</script>`;
/** Echoed back into the lookup form's field (40 characters at most). */
const RADICADO = `"><script>alert(1)</script><a onclick="`;
const ORIGIN = 'https://miraflores-guaviare.gov.co';

const COMMITTEE: Actor = { userId: 'u-comite', displayName: 'Comité', role: 'committee', municipality: '95200', deviceId: 'dev-comite-0001', dependencia: null };
const store = new SqliteStore(':memory:');
const app = createApp({ store, staticDir: null, publicUrl: ORIGIN });
const window = new Window();
let slug = '';

async function push(kind: string, data: Record<string, unknown>, recordId = uuidv7()): Promise<void> {
  const [r] = await pushMutations(store, COMMITTEE, [{ id: uuidv7(), kind, recordId, op: 'create', baseRev: null, data, at: new Date().toISOString() }]);
  expect(r).toMatchObject({ status: 'applied' });
}

beforeAll(async () => {
  await store.migrate();
  await ensureMunicipalityRecords(store, '95200');
  const draftId = uuidv7();
  await push('portal_draft', { title: TITLE, summary: SUMMARY, body: BODY, category: 'noticias', tags: [TAG], images: [], eventDate: null }, draftId);
  for (const action of ['enviar_revision', 'aprobar', 'publicar'] as const) {
    const draft = await store.getRecord('95200', 'portal_draft', draftId);
    await push('portal_step', { draftId, action, note: '', at: new Date().toISOString(), ...(action === 'aprobar' ? { rev: draft?.rev } : {}) });
  }
  slug = String((await store.getRecord('95200', 'portal_draft', draftId))?.data.slug);
  expect(slug).toMatch(/^aviso-/);
});
afterAll(async () => {
  await window.happyDOM.close();
  await store.close();
});

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await app.request(path);
  return { status: res.status, text: await res.text() };
}

/** The page as a browser reads it, after checking nothing typed became markup. */
function parsed(text: string, type: 'text/html' | 'application/xml') {
  expect(text).not.toMatch(/<script/i);
  const doc = new window.DOMParser().parseFromString(text, type);
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  const all = [...doc.getElementsByTagName('*')];
  expect(all.filter((el) => el.tagName.toLowerCase() === 'script')).toHaveLength(0);
  expect(all.flatMap((el) => [...el.attributes].map((a) => a.name)).filter((name) => name.startsWith('on'))).toEqual([]);
  return doc;
}

const texts = (doc: ReturnType<typeof parsed>, selector: string) => [...doc.querySelectorAll(selector)].map((el) => el.textContent);

describe('portal pages show typed text as text', () => {
  it('the item page: title, heading, summary, body and tags', async () => {
    const page = await get(`/portal/contenido/${slug}`);
    expect(page.status).toBe(200);
    const doc = parsed(page.text, 'text/html');
    expect(doc.title).toBe(`${TITLE} — Alcaldía Municipal de Miraflores (Guaviare)`);
    expect(texts(doc, 'h1')).toEqual([TITLE]);
    expect(texts(doc, 'p.summary')).toEqual([SUMMARY]);
    expect(doc.querySelector('article')?.textContent).toContain('<script>alert("b")</script> y "comillas".');
    expect(texts(doc, 'p.meta')).toContain(`Etiquetas: ${TAG}`);
    expect(doc.querySelectorAll('img, b')).toHaveLength(0);
  });

  it('the home page and the category list', async () => {
    for (const path of ['/portal', '/portal/categoria/noticias']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      const doc = parsed(page.text, 'text/html');
      expect(texts(doc, '.items h3 a'), path).toEqual([TITLE]);
      expect(texts(doc, '.items li > p:last-child'), path).toEqual([SUMMARY]);
    }
  });

  it('the search results and the query typed', async () => {
    const page = await get(`/portal/buscar?q=${encodeURIComponent(QUERY)}`);
    expect(page.status).toBe(200);
    const doc = parsed(page.text, 'text/html');
    expect(doc.querySelector('input#q')?.getAttribute('value')).toBe(QUERY);
    expect(texts(doc, 'main h2')).toEqual([`Resultados para «${QUERY}»`]);
    expect(texts(doc, '.items h3 a')).toEqual([TITLE]);
    // A query that closes the attribute stays inside it.
    const attack = `" autofocus onfocus="alert(1)`;
    const other = parsed((await get(`/portal/buscar?q=${encodeURIComponent(attack)}`)).text, 'text/html');
    expect(other.querySelector('input#q')?.getAttribute('value')).toBe(attack);
    expect(other.querySelector('input#q')?.hasAttribute('autofocus')).toBe(false);
  });

  it('the lookup page, with the radicado typed echoed back', async () => {
    const page = await get(`/portal/consulta?radicado=${encodeURIComponent(RADICADO)}&codigo=${encodeURIComponent('"><b>')}`);
    expect(page.status).toBe(404);
    const doc = parsed(page.text, 'text/html');
    expect(doc.querySelector('input#radicado')?.getAttribute('value')).toBe(RADICADO);
    // The code is never echoed back.
    expect(doc.querySelector('input#codigo')?.getAttribute('value')).toBe('');
  });

  it('the Atom feed: title and summary', async () => {
    const feed = await get('/portal/feed.atom');
    expect(feed.status).toBe(200);
    const doc = parsed(feed.text, 'application/xml');
    const entry = doc.getElementsByTagName('entry')[0];
    expect(entry?.getElementsByTagName('title')[0]?.textContent).toBe(TITLE);
    expect(entry?.getElementsByTagName('summary')[0]?.textContent).toBe(SUMMARY);
    expect(entry?.getElementsByTagName('link')[0]?.getAttribute('href')).toBe(`${ORIGIN}/portal/contenido/${slug}`);
  });

  it('the sitemap: well-formed, the item at its address', async () => {
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.status).toBe(200);
    const locs = [...parsed(sitemap.text, 'application/xml').getElementsByTagName('loc')].map((l) => l.textContent);
    expect(locs).toContain(`${ORIGIN}/portal/contenido/${slug}`);
    for (const loc of locs) expect(loc.startsWith(`${ORIGIN}/portal`)).toBe(true);
  });
});

describe('server-rendered markup', () => {
  it('goes through the escaping template everywhere: raw() only for the rendered Markdown, no hand-made escaping', () => {
    const dir = join(REPO_ROOT, 'sync-server');
    const sources = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }));
    const raws = sources.flatMap(({ f, text }) => [...text.matchAll(/\braw\(([^)]*)/g)].map((m) => `${f}: raw(${m[1]}`));
    expect(raws).toEqual([expect.stringMatching(/^portal\/portal-pages\.ts: raw\(renderMarkdown/)]);
    expect(sources.filter(({ text }) => /function esc\(|c\.html\(`/.test(text)).map(({ f }) => f)).toEqual([]);
  });
});
