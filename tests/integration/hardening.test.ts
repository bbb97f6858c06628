import { describe, expect, it } from 'vitest';
import { http, login, serverPerFile } from '../helpers/server-process';

const server = serverPerFile();

describe('security headers', () => {
  // The portal works without JavaScript, so it runs none at all.
  const scriptsOf = { '/index.html': "'self'", '/portal': "'none'", '/portal/consulta': "'none'", '/portal/contenido/x': "'none'", '/sitemap.xml': "'none'" };
  for (const [path, scripts] of Object.entries(scriptsOf)) {
    it(`${path} carries CSP (script-src ${scripts}, no inline, forms only to itself, no base, no framing), nosniff, referrer and permissions policies`, async () => {
      const res = await http(server.url, path);
      const csp = (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
      expect(csp).toContain(`script-src ${scripts}`);
      expect(csp.join(';')).not.toContain('unsafe-inline');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("base-uri 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('permissions-policy')).toContain('geolocation=()');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP
    });
  }

  it('API answers (JSON) carry a CSP that allows nothing, nosniff, a same-origin resource policy, no-store, and none of the page-only headers', async () => {
    for (const path of ['/api/health', '/api/no-such-route']) {
      const res = await http(server.url, path);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
      for (const pageOnly of ['permissions-policy', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'x-xss-protection', 'x-download-options']) {
        expect(res.headers.get(pageOnly)).toBeNull();
      }
    }
  });

  it('adds HSTS when served over TLS (behind a proxy that says so)', async () => {
    const res = await http(server.url, '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('the portal pages have no inline script at all', async () => {
    const page = await http<string>(server.url, '/portal');
    expect(page.body).not.toMatch(/<script/i);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('sessions', () => {
  it('a token can be refreshed once: the new one works, the old one no longer does', async () => {
    const { token } = await login(server.url, 'funcionario');
    const res = await http<any>(server.url, '/api/auth/refresh', { token, method: 'POST' });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect((await http(server.url, '/api/auth/me', { token: res.body.token })).status).toBe(200);
    expect((await http(server.url, '/api/auth/me', { token })).status).toBe(401);
  });

  it('refuses a weak password for a new account with a readable reason', async () => {
    const { token } = await login(server.url, 'admin');
    const res = await http<any>(server.url, '/api/admin/users', {
      token,
      body: { username: 'nueva', displayName: 'Nueva Persona', role: 'official', municipality: '95200', password: 'corta' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.details)).toContain('Mínimo 10 caracteres');
  });

  it('the public lookup is rate limited and answers unknown and wrong codes alike', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await http(server.url, `/portal/consulta?radicado=95200-2026-${String(i).padStart(6, '0')}&codigo=ABCDEFGH`)).status);
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(10); // ordinary use is never limited
    expect(statuses.slice(0, firstLimited).every((s) => s === 404)).toBe(true); // unknown and wrong look the same
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
  });
});

describe('credentials bodies', () => {
  it('a sign-in body over 4 KB is refused with 413 even when chunked (no Content-Length to check)', async () => {
    const { request } = await import('node:http');
    const url = new URL('/api/auth/login', server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"username":"admin","password":"');
      for (let i = 0; i < 100; i++) req.write('x'.repeat(15_000));
      req.end('"}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

