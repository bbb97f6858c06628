import { Hono, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { PORTAL_CATEGORIES, type PortalCategory } from '#shared/portal/portal-schema';
import type { BlobFiles } from '../blobs/blob-files';
import { sendFile } from '../blobs/send-file';
import { atomFeed, robotsTxt, sitemapXml } from '../portal/feeds';
import { PORTAL_CSS } from '../portal/layout';
import { categoryPage, compliancePage, contentPage, homePage, messagePage, searchPage, transparencyPage } from '../portal/portal-pages';
import { publishedImage, publishedItems, searchPublished, sectionsUpToDate } from '../portal/published';
import { consultaPage, lookupRequest } from '../portal/request-lookup';
import { dictionaryFile, OPEN_DATA_FILE, openDataFile, openDataPage, signedOpenData } from '../portal/open-data';
import type { OpenDataset } from '#shared/open-data/open-data';
import { municipalityProfile } from '../municipality/profile-service';
import type { Store } from '../store/store';

export interface PortalRouteOptions {
  /** The municipality whose portal this is (PORTAL_MUNICIPALITY). */
  municipality: string;
  /** Where published photos live; null: none are served. */
  files: BlobFiles | null;
  /** Origin of the feed's and sitemap's links (PUBLIC_URL): a Host header never reaches them. */
  publicUrl: string;
}

/**
 * Published pages are revalidated at every request (unless the route says otherwise): an item
 * withdrawn or corrected stops showing at the visitor's next request, and the ETag keeps an
 * unchanged page to a 304 with no body.
 */
const briefly: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'public, no-cache');
};

/**
 * The public portal (/portal/…) and the sitemap: each route reads its input, asks
 * portal/published.ts or portal/request-lookup.ts, and answers with a page of portal/.
 */
export function portalRoutes(store: Store, { municipality, files, publicUrl }: PortalRouteOptions): Hono {
  const app = new Hono();
  const items = () => publishedItems(store, municipality);
  // Every page's frame names this portal's municipality, from its profile (read per request: an edit shows at once).
  const site = () => municipalityProfile(store, municipality);

  app.get('/portal/portal.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(PORTAL_CSS);
  });

  // Its rate limit (20 a minute per address) is the access matrix's 'lookup' limit.
  app.get('/portal/consulta', async (c) => {
    const radicado = (c.req.query('radicado') ?? '').trim().slice(0, 40);
    const code = (c.req.query('codigo') ?? '').trim().slice(0, 20);
    c.header('Cache-Control', 'no-store');
    if (!radicado && !code) return c.html(consultaPage(await site(), municipality, '', false, null));
    const found = await lookupRequest(store, municipality, radicado, code);
    return c.html(consultaPage(await site(), municipality, radicado, true, found), found ? 200 : 404);
  });

  app.get('/portal', etag(), briefly, async (c) => c.html(homePage(await site(), await items())));

  app.get('/portal/transparencia', etag(), briefly, async (c) => c.html(transparencyPage(await site(), await items())));

  app.get('/portal/datos-abiertos', etag(), briefly, async (c) => c.html(openDataPage(await site(), await signedOpenData(store, municipality))));

  app.get('/portal/datos-abiertos/:file', etag(), briefly, async (c) => {
    const file = c.req.param('file');
    const dict = /^diccionario\.(csv|json)$/.exec(file);
    const m = OPEN_DATA_FILE.exec(file);
    const data = m ? (await signedOpenData(store, municipality)).find((d) => d.semestre === m[2]) : undefined;
    const out = dict ? dictionaryFile(dict[1] as 'csv' | 'json') : m && data ? openDataFile(data, m[1] as OpenDataset, m[3] as 'csv' | 'json') : null;
    if (!out) return c.html(messagePage(await site(), 'Archivo no encontrado', 'Ese conjunto de datos no existe.'), 404);
    c.header('Content-Type', out.type);
    c.header('Content-Disposition', `inline; filename="${file}"`);
    return c.body(out.body);
  });

  app.get('/portal/categoria/:key', etag(), briefly, async (c) => {
    const key = c.req.param('key');
    if (!Object.hasOwn(PORTAL_CATEGORIES, key)) return c.html(messagePage(await site(), 'Sección no encontrada', 'Esa sección no existe.'), 404);
    return c.html(categoryPage(await site(), key as PortalCategory, (await items()).filter((d) => d.category === key)));
  });

  app.get('/portal/contenido/:slug', etag(), briefly, async (c) => {
    const d = (await items()).find((x) => x.slug === c.req.param('slug'));
    if (!d) return c.html(messagePage(await site(), 'Contenido no disponible', 'Este contenido no existe o fue retirado.'), 404);
    return c.html(contentPage(await site(), d));
  });

  app.get('/portal/buscar', etag(), briefly, async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    return c.html(searchPage(await site(), q, await searchPublished(store, municipality, q)));
  });

  app.get('/portal/secciones-al-dia', etag(), briefly, async (c) => c.html(compliancePage(await site(), await sectionsUpToDate(store, municipality))));

  // A file is public only while a published item shows it as one of its images, and only a photo.
  app.get('/portal/archivo/:hash', etag(), briefly, async (c) => {
    const hash = c.req.param('hash');
    const meta = await publishedImage(store, files, municipality, hash);
    if (!files || !meta) return c.html(messagePage(await site(), 'Archivo no disponible', 'Este archivo no está publicado.'), 404);
    return sendFile(c, files, { hash, size: meta.size, name: hash.slice(0, 12) }, { cache: 'public, max-age=86400' });
  });

  app.get('/portal/feed.atom', etag(), briefly, async (c) => {
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(atomFeed(await site(), (await items()).slice(0, 50), publicUrl));
  });

  // Crawlers index the portal, never the app, the API or a citizen's lookup.
  app.get('/robots.txt', (c) => {
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(robotsTxt(publicUrl));
  });

  app.get('/sitemap.xml', async (c) => {
    c.header('Content-Type', 'application/xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(sitemapXml(await items(), publicUrl));
  });

  return app;
}
