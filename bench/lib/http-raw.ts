// A lean HTTP client for load (node:http with keep-alive): no fetch overhead on the client's
// share of the two cores, and the bytes on the wire counted before decompression.
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface RawResponse {
  status: number;
  /** Body bytes as received (possibly gzip). */
  wireBytes: number;
  /** Header bytes are not counted; the body decoded. */
  text: string;
  ms: number;
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/**
 * `accept`: what the client takes, `gzip` by default; `br, gzip` is what the app's browsers send
 * over HTTPS (every deployment: a PWA needs it), so what devices get.
 */
export function rawPost(agent: Agent, baseUrl: string, path: string, token: string, body: Buffer, gzipped: boolean, accept = 'gzip'): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(body.length),
          'accept-encoding': accept,
          ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded = encoding === 'gzip' ? gunzipSync(wire) : encoding === 'br' ? brotliDecompressSync(wire) : wire;
          resolve({ status: res.statusCode ?? 0, wireBytes: wire.length, text: decoded.toString('utf8'), ms: performance.now() - t0 });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
