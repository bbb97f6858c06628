// The service worker's rules, pure (unit-tested): which cache key a precached file has, which
// navigations get the app's shell. The worker itself (src/sw/sw.ts) is the I/O around them.

/** One precached file, as vite-plugin-pwa injects the list: hashed assets carry no revision. */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
}

/** The one cache the app's files live in; any other (an older worker's, Workbox's) is dropped on activation. */
export const CACHE_NAME = 'gel-app-v1';

/**
 * The key a file is cached under: its URL, plus its revision when the name has no hash (the
 * shell, the manifest, the icons). A new version downloads only the files whose key changed.
 */
export function cacheKey(origin: string, e: PrecacheEntry): string {
  const url = new URL(e.url, `${origin}/`);
  if (e.revision) url.searchParams.set('__rev', e.revision);
  return url.href;
}

/** The API and the public portal are the server's: a navigation there is never answered from the cache. */
export const NAVIGATION_DENYLIST = [/^\/api\//, /^\/portal/, /^\/robots\.txt$/, /^\/sitemap\.xml$/];

export function servesShell(pathname: string): boolean {
  return !NAVIGATION_DENYLIST.some((re) => re.test(pathname));
}

/** The cache key a request for `href` is answered from, if it is a precached file (`/` is the shell). */
export function precachedKey(href: string, keys: ReadonlyMap<string, string>): string | undefined {
  const url = new URL(href);
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  return keys.get(`${url.origin}${path}`);
}
