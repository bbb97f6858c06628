import { markdownToPlainText } from '#shared/portal/markdown';
import { PORTAL_CATEGORY_KEYS } from '#shared/portal/portal-schema';
import { html, type Html } from './html';
import type { Published } from './published';

// The portal for machines: the Atom feed and the sitemap. `origin` is PUBLIC_URL: a Host header
// never reaches an absolute link. The `html` tag escapes for XML just as well.

/** The newest items (the caller passes at most 50), newest first. */
export function atomFeed(site: { entityName: string }, items: Published[], origin: string): Html {
  const entry = (d: Published) =>
    html`<entry><title>${d.title}</title><id>${origin}/portal/contenido/${d.slug}</id><link href="${origin}/portal/contenido/${d.slug}"/><updated>${d.publishedAt}</updated><summary>${d.summary || markdownToPlainText(d.body).slice(0, 400)}</summary><category term="${d.category}"/></entry>`;
  return html`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es-CO"><title>${site.entityName}</title><id>${origin}/portal</id><link rel="self" href="${origin}/portal/feed.atom"/><updated>${items[0]?.publishedAt ?? new Date(0).toISOString()}</updated>${items.map(entry)}</feed>`;
}

export function sitemapXml(items: Published[], origin: string): Html {
  const urls = [
    `${origin}/portal`,
    `${origin}/portal/transparencia`,
    ...PORTAL_CATEGORY_KEYS.map((k) => `${origin}/portal/categoria/${k}`),
    ...items.map((d) => `${origin}/portal/contenido/${d.slug}`),
  ];
  return html`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => html`<url><loc>${u}</loc></url>`)}</urlset>`;
}

/**
 * The robots file: the portal and the sitemap are open to crawlers; the lookup, the search
 * (endless query pages), the API and the app are not. Disallows come first so that crawlers
 * reading the first matching line and those reading the longest one agree.
 */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /portal/consulta',
    'Disallow: /portal/buscar',
    'Allow: /portal',
    'Allow: /sitemap.xml',
    'Disallow: /',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
