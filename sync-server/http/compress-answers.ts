import { Duplex } from 'node:stream';
import { constants, createBrotliCompress } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { compress, COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

/** Below this, compressing costs more than it saves. */
const THRESHOLD = 1024;

/**
 * Brotli quality for answers made per request: far faster than the maximum and within a few
 * percent of it on JSON (the app's own files are precompressed at 11 at build). Measured on the
 * rural run's pull page (296 KB of JSON, 30/11/2026): q5 34.5 KB in 3.2 ms, q6 34.2 KB in 3.5 ms,
 * q7 34.0 KB in 4.3 ms, q11 31.2 KB in 600 ms (slower than the 256 kbit/s link it would save).
 */
const QUALITY = 6;

/** Whether the client takes brotli (`br` with a q above 0; a wildcard is not trusted for it). */
export function acceptsBrotli(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== 'br') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const varyEncoding = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/**
 * Compresses what the server generates per request (API answers, portal pages): brotli for a
 * client that takes it (every current browser), else gzip or deflate (hono's middleware), with
 * `Vary: Accept-Encoding` either way. Streams: a large pull page is never held twice.
 */
export function compressAnswers(): MiddlewareHandler {
  const fallback = compress({ threshold: THRESHOLD });
  return async (c, next) => {
    if (!acceptsBrotli(c.req.header('accept-encoding'))) return fallback(c, next);
    await next();
    const res = c.res;
    const length = res.headers.get('content-length');
    const type = res.headers.get('content-type') ?? '';
    if (
      !res.body ||
      res.status === 206 ||
      res.headers.has('content-encoding') ||
      res.headers.has('transfer-encoding') ||
      c.req.method === 'HEAD' ||
      (length !== null && Number(length) < THRESHOLD) ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      noTransform.test(res.headers.get('cache-control') ?? '')
    ) {
      return;
    }
    const vary = res.headers.get('vary');
    const brotli = createBrotliCompress({
      params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
    c.res = new Response(res.body.pipeThrough(Duplex.toWeb(brotli) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>), res);
    c.res.headers.delete('content-length');
    c.res.headers.set('content-encoding', 'br');
    if (vary !== '*' && !(vary && varyEncoding.test(vary))) c.res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const etag = c.res.headers.get('etag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('etag', `W/${etag}`);
  };
}
