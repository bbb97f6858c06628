// Every public route of the access matrix, over a real socket with small limits: past its
// per-address budget it answers 429 with Retry-After (a Spanish page for people, JSON for the
// API), and a request carrying a body over the limit answers 413 { code, message, details }.
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobFiles } from '../../sync-server/blobs/blob-files';
import { ACCESS_MATRIX, type AccessRule } from '../../sync-server/http/access-matrix';
import { createApp } from '../../sync-server/http/app';
import { DEFAULT_PUBLIC_LIMITS, type PublicLimits } from '../../sync-server/http/public-limits';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { REPO_ROOT } from '../helpers/server-process';
import { concretePath } from '../helpers/routes';

const SMALL = 3;
const small = Object.fromEntries(Object.keys(DEFAULT_PUBLIC_LIMITS).map((k) => [k, { perMinute: SMALL, maxBodyBytes: 64 }])) as PublicLimits;
const store = new SqliteStore(':memory:');
const shell = mkdtempSync(join(tmpdir(), 'gel-shell-'));
writeFileSync(join(shell, 'index.html'), '<!doctype html><title>GEL Campo</title>');
const files = new BlobFiles(mkdtempSync(join(tmpdir(), 'gel-f-')), 1000);
const servers: ServerType[] = [];

beforeAll(async () => {
  await store.migrate();
});
afterAll(async () => {
  for (const s of servers) s.close();
  await store.close();
});

/** A fresh app (fresh counters) on its own port. */
async function start(limits: Partial<PublicLimits> = small, trustProxyHops = 0): Promise<number> {
  const app = createApp({ store, staticDir: shell, files, publicLimits: limits, trustProxyHops });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http, since fetch() refuses a GET with a body. */
function call(port: number, method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...extra };
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}


const publicRoutes = (Object.entries(ACCESS_MATRIX) as [string, AccessRule][]).filter(([, r]) => r.who === 'public');

describe('public routes', () => {
  it('are the ones expected (a new public route must come with its limit)', () => {
    expect(publicRoutes.length).toBeGreaterThanOrEqual(14);
  });

  for (const [key] of publicRoutes) {
    const [matrixMethod, path] = key.split(' ') as [string, string];
    const method = matrixMethod === 'ALL' ? 'GET' : matrixMethod;
    const ordinary = method === 'POST' ? JSON.stringify({ username: 'nadie', password: 'x' }) : undefined;

    it(`${key}: 429 with Retry-After past its limit`, async () => {
      const port = await start();
      for (let i = 0; i < SMALL; i++) expect((await call(port, method, concretePath(path), ordinary)).status, `call ${i + 1}`).not.toBe(429);
      const limited = await call(port, method, concretePath(path), ordinary);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      if (path.startsWith('/api/')) {
        expect(JSON.parse(limited.text)).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
      } else {
        expect(limited.headers['content-type']).toMatch(/text\/html/);
        expect(limited.text).toContain('lang="es-CO"');
        expect(limited.text).toContain('Demasiadas solicitudes');
      }
    });

    it(`${key}: 413 on an oversized body`, async () => {
      const port = await start();
      const res = await call(port, method, concretePath(path), JSON.stringify({ padding: 'x'.repeat(200) }));
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), details: { limit: 64 } });
    });
  }

  it('counts each kind of route on its own, per address: the app loading does not spend the portal', async () => {
    const port = await start();
    for (let i = 0; i < SMALL + 2; i++) await call(port, 'GET', '/index.html');
    expect((await call(port, 'GET', '/portal')).status).toBe(200);
    expect((await call(port, 'GET', '/index.html')).status).toBe(429);
  });

  it("keeps the app's first load (every built file, twice: page and service worker) well under its budget", () => {
    const dist = join(REPO_ROOT, 'dist');
    // A file's brotli and gzip twins answer the same URL: the browser asks for each file once.
    const count = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? count(join(dir, e.name)) : /\.(br|gz)$/.test(e.name) ? 0 : 1), 0);
    const built = existsSync(dist) ? count(dist) : 60; // not built yet: about what a build holds
    expect(built * 2).toBeLessThan(DEFAULT_PUBLIC_LIMITS.app.perMinute / 4);
  });

  it('leaves signed-in routes to their own checks, and the defaults are generous', async () => {
    const port = await start();
    for (let i = 0; i < SMALL + 2; i++) expect((await call(port, 'GET', '/api/auth/me')).status).toBe(401);
    const roomy = await start({});
    for (let i = 0; i < 60; i++) expect((await call(roomy, 'GET', '/portal')).status).toBe(200);
  });
});

describe('behind a trusted proxy (TRUST_PROXY_HOPS)', () => {
  const from = (port: number, chain: string) => call(port, 'GET', '/portal/buscar', undefined, { 'x-forwarded-for': chain });

  it('counts each client the proxy names, not the proxy itself', async () => {
    const port = await start(small, 1);
    for (let i = 0; i < SMALL; i++) expect((await from(port, '10.0.0.1')).status).toBe(200);
    expect((await from(port, '10.0.0.1')).status).toBe(429);
    // Another client behind the same proxy keeps its own budget…
    expect((await from(port, '10.0.0.2')).status).toBe(200);
    // …and what a client writes in the header itself (left of the proxy's entry) changes nothing.
    expect((await from(port, '1.2.3.4, 10.0.0.1')).status).toBe(429);
  });

  it('trusts no header when no proxy is declared', async () => {
    const port = await start(small, 0);
    for (let i = 0; i < SMALL; i++) expect((await from(port, `10.0.1.${i}`)).status).toBe(200);
    expect((await from(port, '10.0.1.99')).status).toBe(429); // one socket, one budget
  });
});

