import type { MiddlewareHandler } from 'hono';
import { FILE_CSP } from '../blobs/send-file';

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');

/** Nothing may post a form elsewhere, rewrite the base URL, or frame a page of ours. */
const COMMON = { 'form-action': "'self'", 'base-uri': "'none'", 'frame-ancestors': "'none'", 'object-src': "'none'" };

/** The app: its own scripts, styles and workers only; photos shown from the device (blob:, data:). */
export const APP_CSP = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'manifest-src': "'self'",
  ...COMMON,
});

/** The public portal works without JavaScript, so it runs none: its stylesheet and images only. */
export const PORTAL_CSP = policy({
  'default-src': "'none'",
  'script-src': "'none'",
  'style-src': "'self'",
  // data: for images of drafts published before images became files.
  'img-src': "'self' data:",
  ...COMMON,
});

/** API answers are JSON: nothing in them may load or run, and no page may frame them. */
export const API_CSP = policy({ 'default-src': "'none'", 'frame-ancestors': "'none'" });

export { FILE_CSP };

/** An API answer that is data (JSON), never a page or a file a browser shows. */
export const isApiData = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/blobs/');

/** Which policy a path gets; a file response brings its own (FILE_CSP) and keeps it. */
export function cspFor(path: string): string {
  if (path.startsWith('/api/blobs/') || path.startsWith('/portal/archivo/')) return FILE_CSP;
  if (isApiData(path)) return API_CSP;
  if (path === '/portal' || path.startsWith('/portal/') || path === '/sitemap.xml') return PORTAL_CSP;
  return APP_CSP;
}

export function contentSecurityPolicy(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', cspFor(c.req.path));
  };
}
