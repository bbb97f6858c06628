// Day one of an installation: calm (nothing behind or missing for the time before it existed),
// and /robots.txt is a robots file (not the app's HTML): the portal is open to crawlers, the rest not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInBogota } from '#shared/calendar';
import { http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ PUBLIC_URL: 'https://miraflores-guaviare.gov.co' });
});
afterAll(async () => {
  await server?.stop();
});

describe('robots.txt', () => {
  it('is plain text naming the sitemap at PUBLIC_URL and keeping crawlers out of the app, the API and the lookup', async () => {
    const res = await http<string>(server.url, '/robots.txt', { headers: { host: 'evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.body).not.toContain('<html');
    const lines = res.body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    expect(lines).toContain('Sitemap: https://miraflores-guaviare.gov.co/sitemap.xml');
    // First-match and longest-match crawlers agree: the lookup is refused before the portal is allowed.
    const rules = lines.filter((l) => /^(Allow|Disallow):/.test(l));
    expect(rules).toEqual(['Disallow: /portal/consulta', 'Disallow: /portal/buscar', 'Allow: /portal', 'Allow: /sitemap.xml', 'Disallow: /']);
  });
});

describe('a fresh installation', () => {
  it('starts counting portal sections and plan periods on the day it was installed', async () => {
    const { token } = await login(server.url, 'comite');
    const pulled = await http<{ changes: { kind: string; data: Record<string, unknown> }[] }>(server.url, '/api/sync/pull', { token, body: { cursor: null } });
    const seeded = pulled.body.changes.filter((c) => c.kind === 'portal_category' || c.kind === 'plan_action');
    expect(seeded.length).toBeGreaterThan(6);
    expect(new Set(seeded.map((c) => c.data.trackedSince))).toEqual(new Set([todayInBogota()]));
    // The public page of publication frequency shows no section behind on day one.
    const page = await http<string>(server.url, '/portal/secciones-al-dia');
    expect(page.body).toContain('Al día');
    expect(page.body).not.toContain('Atrasada');
  });
});
