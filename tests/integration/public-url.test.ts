// Absolute links (sitemap.xml, the Atom feed) come from PUBLIC_URL, never from the request's
// Host header: the attack review got `Host: evil.example` echoed into both, which are cached
// publicly. Over real HTTP against the real server process.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePublicUrl } from '../../sync-server/config';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** A GET with the headers an attacker chooses (fetch would not let us set Host). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const EVIL = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', forwarded: 'host=evil.example' };

describe('PUBLIC_URL', () => {
  it('sitemap and feed link to the configured address whatever Host says', { timeout: 60_000 }, async () => {
    server = await startServerProcess({ PUBLIC_URL: 'https://miraflores-guaviare.gov.co/' });
    const sitemap = await rawGet(server.port, '/sitemap.xml', EVIL);
    expect(sitemap.status).toBe(200);
    expect(sitemap.body).not.toContain('evil.example');
    expect(sitemap.body).toContain('<loc>https://miraflores-guaviare.gov.co/portal</loc>');
    expect(sitemap.body).toContain('<loc>https://miraflores-guaviare.gov.co/portal/transparencia</loc>');
    const locs = [...sitemap.body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs.length).toBeGreaterThan(5);
    for (const loc of locs) expect(loc).toMatch(/^https:\/\/miraflores-guaviare\.gov\.co\/portal/);

    const feed = await rawGet(server.port, '/portal/feed.atom', EVIL);
    expect(feed.status).toBe(200);
    expect(feed.body).not.toContain('evil.example');
    expect(feed.body).toContain('<id>https://miraflores-guaviare.gov.co/portal</id>');
    expect(feed.body).toContain('<link rel="self" href="https://miraflores-guaviare.gov.co/portal/feed.atom"/>');
  });

  it('unset: links to http://localhost:<PORT>, still not to the Host header', { timeout: 60_000 }, async () => {
    server = await startServerProcess();
    const sitemap = await rawGet(server.port, '/sitemap.xml', EVIL);
    expect(sitemap.body).not.toContain('evil.example');
    expect(sitemap.body).toContain(`<loc>http://localhost:${server.port}/portal</loc>`);
    const feed = await rawGet(server.port, '/portal/feed.atom', EVIL);
    expect(feed.body).toContain(`<link rel="self" href="http://localhost:${server.port}/portal/feed.atom"/>`);
  });

  it('a PUBLIC_URL with a path is refused at start with a clear message', { timeout: 60_000 }, async () => {
    await expect(startServerProcess({ PUBLIC_URL: 'https://miraflores-guaviare.gov.co/gel' })).rejects.toThrow(
      /PUBLIC_URL must be a scheme and a host only/,
    );
  });

  it('is read strictly', () => {
    expect(parsePublicUrl(undefined, 8080)).toBe('http://localhost:8080');
    expect(parsePublicUrl('  ', 3000)).toBe('http://localhost:3000');
    expect(parsePublicUrl('https://Miraflores-Guaviare.gov.co', 8080)).toBe('https://miraflores-guaviare.gov.co');
    expect(parsePublicUrl('https://gel.example:8443/', 8080)).toBe('https://gel.example:8443');
    expect(parsePublicUrl('https://gel.example:443', 8080)).toBe('https://gel.example');
    for (const bad of ['miraflores.gov.co', 'ftp://gel.example', 'javascript:alert(1)', 'https://u:p@gel.example', 'https://gel.example/?a=1', 'https://gel.example/#x', 'https://gel.example/portal']) {
      expect(() => parsePublicUrl(bad, 8080), bad).toThrow(/PUBLIC_URL/);
    }
  });
});
