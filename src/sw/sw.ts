// The app's service worker: precaches every file of the build (the list vite-plugin-pwa injects),
// answers them from the cache, and answers the app's navigations with the cached shell, so every
// screen opens offline. Hand-written instead of Workbox's generated one: the same behaviour in
// ~1 KB instead of ~5.6 KB of the install (issue 17: every kilobyte is 32 ms on a rural link).
// A new version waits until the person accepts it (workbox-window posts SKIP_WAITING).
import { CACHE_NAME, cacheKey, precachedKey, servesShell, type PrecacheEntry } from './precache-rules';

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface Worker {
  location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}

const worker = self as unknown as Worker;
// The build replaces `self.__WB_MANIFEST` (literally so) with the list of files to precache.
const manifest = (self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST;
const origin = worker.location.origin;
/** Path (with origin) → cache key. */
const keys = new Map(manifest.map((e) => [new URL(e.url, `${origin}/`).href, cacheKey(origin, e)]));
const shellKey = keys.get(`${origin}/index.html`);

worker.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      const held = new Set((await cache.keys()).map((r) => r.url));
      // Only what changed since the last version crosses the link, past the browser's HTTP cache,
      // all at once (one round trip each would cost 0.6 s apiece on a rural link). Any failure
      // fails the install: the version in use stays, and the browser tries again later.
      const missing = [...new Set(keys.values())].filter((key) => !held.has(key));
      await Promise.all(
        missing.map(async (key) => {
          const res = await fetch(key, { cache: 'reload' });
          if (!res.ok) throw new Error(`precache: ${key} answered ${res.status}`);
          await cache.put(key, res);
        }),
      );
    })(),
  );
});

worker.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE_NAME) await caches.delete(name);
      const cache = await caches.open(CACHE_NAME);
      const wanted = new Set(keys.values());
      for (const req of await cache.keys()) if (!wanted.has(req.url)) await cache.delete(req);
    })(),
  );
});

worker.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

worker.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || !req.url.startsWith(`${origin}/`)) return;
  const key = req.mode === 'navigate' && servesShell(new URL(req.url).pathname) ? shellKey : precachedKey(req.url, keys);
  if (!key) return;
  // From the cache; should it have been evicted, from the network as if there were no worker.
  e.respondWith(caches.match(key).then((hit) => hit ?? fetch(req)));
});
