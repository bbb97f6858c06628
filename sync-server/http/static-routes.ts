import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * Serves the built PWA. The build writes a brotli and a gzip twin of every text file
 * (build-tools/precompress.ts): the browser gets the one it accepts, so the first load on a
 * 256 kbit/s link moves a fraction of the bytes at no CPU cost per request. Hashed assets are
 * cached for a year; the shell, the service worker and the manifest are revalidated on every
 * load so a new version is noticed.
 */
export function staticRoutes(root: string): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/assets/')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    } else {
      c.header('Cache-Control', 'no-cache');
    }
    // The answer depends on Accept-Encoding even when no twin was picked: caches must know.
    if (!c.res.headers.get('Vary')?.includes('Accept-Encoding')) c.header('Vary', 'Accept-Encoding', { append: true });
  });
  app.use('*', serveStatic({ root, precompressed: true }));
  // Deep links open the app shell; the client routes them.
  const shell = serveStatic({ root, path: 'index.html', precompressed: true });
  app.get('*', async (c, next) => {
    if (!existsSync(`${root}/index.html`)) {
      return c.text('The app is not built: run `npm run build` (or `npm start`).', 503);
    }
    return shell(c, next);
  });
  return app;
}
