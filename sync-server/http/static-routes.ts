import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * Serves the built PWA. Hashed assets are cached for a year; the shell, the service
 * worker and the manifest are revalidated on every load so a new version is noticed.
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
  });
  app.use('*', serveStatic({ root }));
  // Deep links open the app shell; the client routes them.
  app.get('*', (c) => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      return c.text('The app is not built: run `npm run build` (or `npm start`).', 503);
    }
    return c.html(readFileSync(index, 'utf8'));
  });
  return app;
}
