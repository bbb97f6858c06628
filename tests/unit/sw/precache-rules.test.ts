import { describe, expect, it } from 'vitest';
import { cacheKey, precachedKey, servesShell } from '../../../src/sw/precache-rules';

const origin = 'https://gel.example';

describe('service worker rules', () => {
  it('keys a file without a hash by its revision (a new version fetches it again) and a hashed one by its URL', () => {
    expect(cacheKey(origin, { url: 'index.html', revision: 'abc' })).toBe(`${origin}/index.html?__rev=abc`);
    expect(cacheKey(origin, { url: 'assets/app-X1.js', revision: null })).toBe(`${origin}/assets/app-X1.js`);
  });

  it('answers the app navigations with the shell, never the API, the public portal, robots or the sitemap', () => {
    for (const p of ['/', '/solicitudes', '/capacitacion/sesion/1']) expect(servesShell(p)).toBe(true);
    for (const p of ['/api/sync/pull', '/portal', '/portal/contenido/x', '/robots.txt', '/sitemap.xml']) expect(servesShell(p)).toBe(false);
  });

  it('finds a precached file by its path, whatever its query; `/` is the shell; anything else is the network', () => {
    const keys = new Map([
      [`${origin}/index.html`, `${origin}/index.html?__rev=abc`],
      [`${origin}/assets/app-X1.js`, `${origin}/assets/app-X1.js`],
    ]);
    expect(precachedKey(`${origin}/`, keys)).toBe(`${origin}/index.html?__rev=abc`);
    expect(precachedKey(`${origin}/assets/app-X1.js?v=1`, keys)).toBe(`${origin}/assets/app-X1.js`);
    expect(precachedKey(`${origin}/api/health`, keys)).toBeUndefined();
    expect(precachedKey(`https://other.example/assets/app-X1.js`, keys)).toBeUndefined();
  });
});
