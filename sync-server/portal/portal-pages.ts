import type { CategoryCompliance } from '#shared/portal/compliance';
import { markdownToPlainText, renderMarkdown } from '#shared/portal/markdown';
import { PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS, type PortalCategory, type PortalDraft } from '#shared/portal/portal-schema';
import { raw } from 'hono/html';
import { html, type Html } from './html';
import { portalPage, type PortalSite } from './layout';
import type { Published } from './published';

// The public portal's pages, server-rendered and usable without JavaScript. Every text goes
// through the `html` tag, which escapes it; the one exception is the rendered Markdown below.

const dateEs = new Intl.DateTimeFormat('es-CO', { timeZone: 'America/Bogota', dateStyle: 'long' });
const fmt = (iso: string) => dateEs.format(new Date(iso));

/** Images of a draft are referenced in its Markdown as `image:<id>`. */
const imageResolver = (d: PortalDraft) => (ref: string) => {
  const m = /^image:([0-9a-f-]{36})$/.exec(ref);
  const img = m ? d.images.find((i) => i.id === m[1]) : undefined;
  if (!img) return null;
  return img.hash ? `/portal/archivo/${img.hash}` : (img.dataUrl ?? null);
};

function itemList(items: Published[]): Html {
  if (items.length === 0) return html`<p>Aún no hay publicaciones en esta sección.</p>`;
  const item = (d: Published) => html`<li><h3><a href="/portal/contenido/${d.slug}">${d.title}</a></h3>
<p class="meta">${PORTAL_CATEGORIES[d.category].label} · <time datetime="${d.publishedAt}">${fmt(d.publishedAt)}</time></p>
<p>${d.summary || markdownToPlainText(d.body).slice(0, 240)}</p></li>`;
  return html`<ul class="items">${items.map(item)}</ul>`;
}

function transparencyMenu(items: Published[]): Html {
  const rows = PORTAL_CATEGORY_KEYS.filter((k) => PORTAL_CATEGORIES[k].menu !== null).map((k) => {
    const n = items.filter((i) => i.category === k).length;
    // Item 7 also leads to the semester datasets published at each sign-off.
    const datasets = k === 'datos-abiertos' ? html` · <a href="/portal/datos-abiertos">Conjuntos de datos (CSV, JSON)</a>` : '';
    return html`<li><a href="/portal/categoria/${k}">${PORTAL_CATEGORIES[k].menu}. ${PORTAL_CATEGORIES[k].label}</a> <span class="meta">(${n})</span>${datasets}</li>`;
  });
  return html`<nav aria-labelledby="menu-t"><h2 id="menu-t">Transparencia y acceso a la información pública</h2><ol class="menu">${rows}</ol></nav>`;
}

const searchForm = (q = '') =>
  html`<form method="get" action="/portal/buscar" role="search"><label for="q">Buscar en el portal</label><input id="q" name="q" value="${q}"><button type="submit">Buscar</button></form>`;

/** A page that only says something (not found, not available). */
export const messagePage = (site: PortalSite, title: string, message: string): Html => portalPage({ site, title, body: html`<p>${message}</p>` });

export function homePage(site: PortalSite, items: Published[]): Html {
  const other = PORTAL_CATEGORY_KEYS.filter((k) => PORTAL_CATEGORIES[k].menu === null).map(
    (k) => html`<li><a href="/portal/categoria/${k}">${PORTAL_CATEGORIES[k].label}</a></li>`,
  );
  return portalPage({
    site,
    title: `Portal de ${site.entityName}`,
    body: html`${searchForm()}<section aria-labelledby="latest"><h2 id="latest">Lo más reciente</h2>${itemList(items.slice(0, 10))}</section>
${transparencyMenu(items)}<nav aria-labelledby="more-t"><h2 id="more-t">Más secciones</h2><ul>${other}</ul></nav>
<p><a href="/portal/consulta">Consultar el estado de una solicitud (PQRSD)</a> · <a href="/portal/feed.atom">Suscribirse (Atom)</a></p>`,
  });
}

export const transparencyPage = (site: PortalSite, items: Published[]): Html =>
  portalPage({ site, title: 'Transparencia y acceso a la información pública', body: transparencyMenu(items) });

/** The section's items (already filtered to it). */
export const categoryPage = (site: PortalSite, key: PortalCategory, items: Published[]): Html => portalPage({ site, title: PORTAL_CATEGORIES[key].label, body: itemList(items) });

export function contentPage(site: PortalSite, d: Published): Html {
  // The one place markup enters unescaped: renderMarkdown (src/shared/portal/markdown*) escapes
  // every text itself and emits only its fixed set of tags and checked URLs; escaping its output
  // again would show the tags as text.
  const article = raw(renderMarkdown(d.body, { imageResolver: imageResolver(d) }));
  return portalPage({
    site,
    title: d.title,
    body: html`<p class="meta">${PORTAL_CATEGORIES[d.category].label} · Publicado el <time datetime="${d.publishedAt}">${fmt(d.publishedAt)}</time></p>
${d.summary ? html`<p class="summary">${d.summary}</p>` : ''}<article>${article}</article>${d.tags.length ? html`<p class="meta">Etiquetas: ${d.tags.join(', ')}</p>` : ''}`,
  });
}

/** The search form, and the results when something was asked. */
export function searchPage(site: PortalSite, q: string, items: Published[]): Html {
  return portalPage({ site, title: 'Buscar', body: html`${searchForm(q)}${q ? html`<h2>Resultados para «${q}»</h2>${itemList(items)}` : ''}` });
}

export function compliancePage(site: PortalSite, rows: CategoryCompliance[]): Html {
  const row = (r: CategoryCompliance) =>
    html`<tr><th scope="row">${r.label}</th><td>${r.frequencyDays} días</td><td>${r.lastPublished ?? 'nunca'}</td><td>${r.overdue ? 'Atrasada' : 'Al día'}</td></tr>`;
  return portalPage({
    site,
    title: 'Frecuencia de publicación',
    body: html`<table><thead><tr><th scope="col">Sección</th><th scope="col">Frecuencia</th><th scope="col">Última publicación</th><th scope="col">Estado</th></tr></thead><tbody>${rows.map(row)}</tbody></table>`,
  });
}
