import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { todayInBogota } from '../../src/shared/calendar';
import { markdownToPlainText, renderMarkdown } from '../../src/shared/portal/markdown';
import { categoryCompliance } from '../../src/shared/portal/compliance';
import { publicView } from '../../src/shared/portal/publication';
import { PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS, type PortalCategory, type PortalDraft } from '../../src/shared/portal/portal-schema';
import type { BlobFiles } from '../blobs/blob-files';
import { fileForPortal } from '../blobs/file-access';
import { sendFile } from '../blobs/send-file';
import type { Store } from '../store/store';
import { esc, portalPage } from './layout';

type Published = PortalDraft & { slug: string; publishedAt: string };

const dateEs = new Intl.DateTimeFormat('es-CO', { timeZone: 'America/Bogota', dateStyle: 'long' });
const fmt = (iso: string) => dateEs.format(new Date(iso));

async function published(store: Store, municipality: string): Promise<Published[]> {
  const rows = await store.recordsOfKind(municipality, 'portal_draft');
  // The published text, never what was typed after it (that waits for a new approval).
  return rows
    .map((r) => publicView(r.data as PortalDraft))
    .filter((d): d is Published => d !== null && d.slug !== null && d.publishedAt !== null)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

/** Images of a draft are referenced in its Markdown as `image:<id>`. */
const imageResolver = (d: PortalDraft) => (ref: string) => {
  const m = /^image:([0-9a-f-]{36})$/.exec(ref);
  const img = m ? d.images.find((i) => i.id === m[1]) : undefined;
  if (!img) return null;
  return img.hash ? `/portal/archivo/${img.hash}` : (img.dataUrl ?? null);
};

function itemList(items: Published[]): string {
  if (items.length === 0) return '<p>Aún no hay publicaciones en esta sección.</p>';
  return `<ul class="items">${items
    .map(
      (d) => `<li><h3><a href="/portal/contenido/${esc(d.slug)}">${esc(d.title)}</a></h3>
<p class="meta">${esc(PORTAL_CATEGORIES[d.category].label)} · <time datetime="${esc(d.publishedAt)}">${esc(fmt(d.publishedAt))}</time></p>
<p>${esc(d.summary || markdownToPlainText(d.body).slice(0, 240))}</p></li>`,
    )
    .join('')}</ul>`;
}

function transparencyMenu(items: Published[]): string {
  const rows = PORTAL_CATEGORY_KEYS.filter((k) => PORTAL_CATEGORIES[k].menu !== null).map((k) => {
    const n = items.filter((i) => i.category === k).length;
    return `<li><a href="/portal/categoria/${k}">${PORTAL_CATEGORIES[k].menu}. ${esc(PORTAL_CATEGORIES[k].label)}</a> <span class="meta">(${n})</span></li>`;
  });
  return `<nav aria-labelledby="menu-t"><h2 id="menu-t">Transparencia y acceso a la información pública</h2><ol class="menu">${rows.join('')}</ol></nav>`;
}

const searchForm = (q = '') =>
  `<form method="get" action="/portal/buscar" role="search"><label for="q">Buscar en el portal</label><input id="q" name="q" value="${esc(q)}"><button type="submit">Buscar</button></form>`;

/** The public portal: server-rendered, usable without JavaScript, cached briefly. */
/** `publicUrl` (PUBLIC_URL) is the origin of the feed's links: a Host header never reaches them. */
export function portalPages(store: Store, municipality: string, files: BlobFiles | null, publicUrl: string): Hono {
  const app = new Hono();
  app.use('*', etag());
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'public, max-age=300');
  });
  const html = (c: Context, title: string, body: string, status = 200) => c.html(portalPage({ title, body }), status as 200);

  app.get('/', async (c) => {
    const items = await published(store, municipality);
    const other = PORTAL_CATEGORY_KEYS.filter((k) => PORTAL_CATEGORIES[k].menu === null)
      .map((k) => `<li><a href="/portal/categoria/${k}">${esc(PORTAL_CATEGORIES[k].label)}</a></li>`)
      .join('');
    return html(
      c,
      'Portal de la Alcaldía de Miraflores',
      `${searchForm()}<section aria-labelledby="latest"><h2 id="latest">Lo más reciente</h2>${itemList(items.slice(0, 10))}</section>
${transparencyMenu(items)}<nav aria-labelledby="more-t"><h2 id="more-t">Más secciones</h2><ul>${other}</ul></nav>
<p><a href="/portal/consulta">Consultar el estado de una solicitud (PQRSD)</a> · <a href="/portal/feed.atom">Suscribirse (Atom)</a></p>`,
    );
  });

  app.get('/transparencia', async (c) => html(c, 'Transparencia y acceso a la información pública', transparencyMenu(await published(store, municipality))));

  app.get('/categoria/:key', async (c) => {
    const key = c.req.param('key');
    if (!Object.hasOwn(PORTAL_CATEGORIES, key)) return html(c, 'Sección no encontrada', '<p>Esa sección no existe.</p>', 404);
    const items = (await published(store, municipality)).filter((d) => d.category === key);
    return html(c, PORTAL_CATEGORIES[key as PortalCategory].label, itemList(items));
  });

  app.get('/contenido/:slug', async (c) => {
    const d = (await published(store, municipality)).find((x) => x.slug === c.req.param('slug'));
    if (!d) return html(c, 'Contenido no disponible', '<p>Este contenido no existe o fue retirado.</p>', 404);
    const tags = d.tags.length ? `<p class="meta">Etiquetas: ${d.tags.map(esc).join(', ')}</p>` : '';
    return html(
      c,
      d.title,
      `<p class="meta">${esc(PORTAL_CATEGORIES[d.category].label)} · Publicado el <time datetime="${esc(d.publishedAt)}">${esc(fmt(d.publishedAt))}</time></p>
${d.summary ? `<p class="summary">${esc(d.summary)}</p>` : ''}<article>${renderMarkdown(d.body, { imageResolver: imageResolver(d) })}</article>${tags}`,
    );
  });

  app.get('/buscar', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const words = q.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/\s+/).filter(Boolean);
    const norm = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    const items = words.length
      ? (await published(store, municipality)).filter((d) => {
          const text = norm(`${d.title} ${d.summary} ${markdownToPlainText(d.body)} ${d.tags.join(' ')}`);
          return words.every((w) => text.includes(w));
        })
      : [];
    return html(c, 'Buscar', `${searchForm(q)}${q ? `<h2>Resultados para «${esc(q)}»</h2>${itemList(items)}` : ''}`);
  });

  app.get('/secciones-al-dia', async (c) => {
    const items = await published(store, municipality);
    const settings = (await store.recordsOfKind(municipality, 'portal_category')).map((r) => r.data as { category: PortalCategory; frequencyDays: number });
    const rows = categoryCompliance(settings, items, todayInBogota())
      .map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${r.frequencyDays} días</td><td>${esc(r.lastPublished ?? 'nunca')}</td><td>${r.overdue ? 'Atrasada' : 'Al día'}</td></tr>`)
      .join('');
    return html(c, 'Frecuencia de publicación', `<table><thead><tr><th scope="col">Sección</th><th scope="col">Frecuencia</th><th scope="col">Última publicación</th><th scope="col">Estado</th></tr></thead><tbody>${rows}</tbody></table>`);
  });

  // A file is public only while a published item shows it as one of its images, and only a photo.
  app.get('/archivo/:hash', async (c) => {
    const hash = c.req.param('hash');
    // Only an image of the published (approved) text: not one added to the draft since.
    const shown = new Set((await published(store, municipality)).filter((d) => d.images.some((i) => i.hash === hash)).map((d) => d.id));
    const meta = files && /^[0-9a-f]{64}$/.test(hash) ? await fileForPortal(store, files, municipality, hash, (d) => shown.has(String(d.id))) : null;
    if (!files || !meta) return html(c, 'Archivo no disponible', '<p>Este archivo no está publicado.</p>', 404);
    return sendFile(c, files, { hash, size: meta.size, name: hash.slice(0, 12) }, { cache: 'public, max-age=86400' });
  });

  app.get('/feed.atom', async (c) => {
    const items = (await published(store, municipality)).slice(0, 50);
    const origin = publicUrl;
    const entries = items
      .map(
        (d) => `<entry><title>${esc(d.title)}</title><id>${origin}/portal/contenido/${esc(d.slug)}</id><link href="${origin}/portal/contenido/${esc(d.slug)}"/><updated>${esc(d.publishedAt)}</updated><summary>${esc(d.summary || markdownToPlainText(d.body).slice(0, 400))}</summary><category term="${esc(d.category)}"/></entry>`,
      )
      .join('');
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es-CO"><title>Alcaldía de Miraflores (Guaviare)</title><id>${origin}/portal</id><link rel="self" href="${origin}/portal/feed.atom"/><updated>${esc(items[0]?.publishedAt ?? new Date(0).toISOString())}</updated>${entries}</feed>`,
    );
  });

  return app;
}

export async function sitemapXml(store: Store, municipality: string, origin: string): Promise<string> {
  const items = await published(store, municipality);
  const urls = [
    `${origin}/portal`,
    `${origin}/portal/transparencia`,
    ...PORTAL_CATEGORY_KEYS.map((k) => `${origin}/portal/categoria/${k}`),
    ...items.map((d) => `${origin}/portal/contenido/${d.slug}`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${esc(u)}</loc></url>`).join('')}</urlset>`;
}
