import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSIBLE } from '../../../build-tools/precompress';
import { FIRST_LOAD_BUDGET, INSTALL_BUDGET, wireSize } from '../../../build-tools/wire-size';
import { staticRoutes } from '../../../sync-server/http/static-routes';

// Builds the PWA into a temporary folder and reads what the service worker will precache.
let outDir = '';
let sw = '';
/** The built JavaScript chunks and the source modules each one carries. */
let chunks: { fileName: string; moduleIds: string[]; imports: string[] }[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'gel-build-'));
  // What `npm run build` ships: vitest sets NODE_ENV to 'test', which Vite would build with (the
  // development paths of Preact and of the libraries kept, 15 KB more once compressed).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const out = await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  chunks = (Array.isArray(out) ? out : [out])
    .flatMap((o) => ('output' in o ? o.output : []))
    .flatMap((c) => (c.type === 'chunk' ? [{ fileName: c.fileName, moduleIds: [...c.moduleIds], imports: [...c.imports] }] : []));
  sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
}, 120_000);

const srcDir = resolve(import.meta.dirname, '../../../src');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module the app loads lazily (`import('./…')`): the screens, the signed-in app, the sign-in's helpers. */
function lazyModules(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(srcDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
      const base = resolve(dirname(file), m[1]!);
      const path = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((p) => existsSync(p));
      if (!path) throw new Error(`${file}: cannot resolve ${m[1]}`);
      found.add(path);
    }
  }
  return [...found];
}

function precachedUrls(): string[] {
  return [...sw.matchAll(/"?url"?:\s*"([^"]+)"/g)].map((m) => m[1] as string);
}

describe('service worker build', () => {
  it('precaches the app shell, every script and stylesheet, the manifest and the icons', () => {
    const urls = precachedUrls();
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    for (const icon of ['icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']) {
      expect(urls).toContain(icon);
    }
    const assets = readdirSync(join(outDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    expect(assets.some((f) => f.endsWith('.css'))).toBe(true);
    for (const a of assets) expect(urls).toContain(`assets/${a}`);
  });

  it('answers navigations with the cached shell but never the API', () => {
    expect(sw).toMatch(/NavigationRoute\(.*createHandlerBoundToURL\("\/index\.html"\)/s);
    expect(sw).toContain('denylist');
    expect(sw).toMatch(/\\\/api\\\//);
  });

  it('keeps the Markdown parser out of the first load: only the draft editor\'s lazy chunk carries it', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const firstLoad = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(firstLoad.length).toBeGreaterThan(0);
    // A token name micromark's parser uses at run time, so it survives minification.
    const parser = 'setextHeadingLineSequence';
    for (const f of firstLoad) expect(readFileSync(join(outDir, f), 'utf8').includes(parser), f).toBe(false);
    const lazy = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js') && !firstLoad.includes(`assets/${f}`));
    expect(lazy.filter((f) => readFileSync(join(outDir, 'assets', f), 'utf8').includes(parser)).map((f) => f.replace(/-[\w-]{8}\.js$/, ''))).toEqual([
      'draft-editor',
    ]);
  });

  it('keeps the database and the signed-in screens out of the first load: the sign-in screen needs neither', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const firstLoad = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
    // An error class name of Dexie's, kept by minification since it is read at run time (one the
    // app never names itself: the app does name DatabaseClosedError, for a tab a newer one closed).
    const dexie = 'MissingAPIError';
    for (const f of firstLoad) expect(readFileSync(join(outDir, f), 'utf8').includes(dexie), f).toBe(false);
    const lazy = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js') && !firstLoad.includes(`assets/${f}`));
    expect(lazy.some((f) => readFileSync(join(outDir, 'assets', f), 'utf8').includes(dexie))).toBe(true);
    // Every lazy chunk is precached, so the signed-in app opens offline.
    for (const f of lazy) expect(precachedUrls()).toContain(`assets/${f}`);
  });

  it('precaches the chunk of every lazily loaded screen, so each one opens offline', () => {
    const lazy = lazyModules();
    // The shell's screens (a lazy page each) and the signed-in app itself are among them.
    expect(lazy.filter((p) => p.includes('/src/ui/') && !p.endsWith('signed-in.tsx')).length).toBeGreaterThan(15);
    expect(lazy.some((p) => p.endsWith('/src/ui/signed-in.tsx'))).toBe(true);
    const urls = precachedUrls();
    for (const module of lazy) {
      const chunk = chunks.find((c) => c.moduleIds.includes(module));
      expect(chunk, module).toBeDefined();
      expect(urls, module).toContain(chunk!.fileName);
    }
  });

  it('loads the Markdown parser only with the draft editor, and the signed-in app only after signing in', () => {
    const chunkOf = (test: (id: string) => boolean) => chunks.find((c) => c.moduleIds.some(test))!;
    /** The modules a chunk brings when it loads: its own and those of the chunks it imports, transitively. */
    const loaded = (start: { fileName: string }): string[] => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const i of chunks.find((c) => c.fileName === file)!.imports) visit(i);
      };
      visit(start.fileName);
      return chunks.filter((c) => seen.has(c.fileName)).flatMap((c) => c.moduleIds);
    };
    const signedIn = chunkOf((id) => id.endsWith('/src/ui/signed-in.tsx'));
    expect(loaded(signedIn).some((id) => /node_modules[\\/]micromark[\\/]/.test(id))).toBe(false);
    expect(loaded(chunkOf((id) => id.endsWith('/src/ui/portal/draft-editor.tsx'))).some((id) => /node_modules[\\/]micromark[\\/]/.test(id))).toBe(true);
    // The sign-in screen registers the service worker: its helper must not bring the whole app.
    const register = chunkOf((id) => /node_modules[\\/]workbox-window[\\/]/.test(id));
    expect(loaded(register)).not.toContain(signedIn.moduleIds.find((id) => id.endsWith('/src/ui/signed-in.tsx')));
  });

  it('keeps the first load and the whole install within their budgets (bytes on the wire, brotli)', () => {
    const w = wireSize(outDir);
    expect(w.firstLoad.length).toBeGreaterThan(1);
    expect(w.total(w.firstLoad)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    // The install is everything precached plus the service worker and its runtime.
    expect(w.install).toEqual(expect.arrayContaining(['sw.js', 'index.html', ...w.firstLoad]));
    expect(w.install.length).toBe(new Set(precachedUrls()).size + 2);
    expect(w.total(w.install)).toBeLessThanOrEqual(INSTALL_BUDGET);
  });

  it('ships a Spanish, installable manifest', () => {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.webmanifest'), 'utf8'));
    expect(manifest.lang).toBe('es-CO');
    expect(manifest.display).toBe('standalone');
    expect(manifest.short_name).toBe('GEL Campo');
    const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose ? `:${i.purpose}` : ''}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512:maskable']));
  });
});

describe('precompressed build', () => {
  const compressible = () => precachedUrls().filter((u) => COMPRESSIBLE.test(u));

  it('writes a brotli and a gzip twin of every precached text file, each the same bytes once inflated', () => {
    const urls = compressible();
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      const raw = readFileSync(join(outDir, url));
      expect(brotliDecompressSync(readFileSync(join(outDir, `${url}.br`))).equals(raw), `${url}.br`).toBe(true);
      expect(gunzipSync(readFileSync(join(outDir, `${url}.gz`))).equals(raw), `${url}.gz`).toBe(true);
    }
  });

  it('never precaches the twins themselves (the service worker would download everything three times)', () => {
    expect(precachedUrls().filter((u) => /\.(br|gz)$/.test(u))).toEqual([]);
  });

  it('the server sends the twin the browser accepts, with Vary, and the plain file to a client that accepts none', async () => {
    const app = staticRoutes(outDir);
    for (const url of [...compressible(), 'deep/link/of/the/app']) {
      const file = url.startsWith('deep/') ? 'index.html' : url;
      const br = await app.request(`/${url}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(br.status, url).toBe(200);
      expect(br.headers.get('Content-Encoding'), url).toBe('br');
      expect(br.headers.get('Vary')).toContain('Accept-Encoding');
      expect(Buffer.from(await br.arrayBuffer()).equals(readFileSync(join(outDir, `${file}.br`))), url).toBe(true);
      const gz = await app.request(`/${url}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.headers.get('Content-Encoding'), url).toBe('gzip');
      const plain = await app.request(`/${url}`);
      expect(plain.headers.get('Content-Encoding'), url).toBeNull();
      expect(plain.headers.get('Vary')).toContain('Accept-Encoding');
      expect(Buffer.from(await plain.arrayBuffer()).equals(readFileSync(join(outDir, file))), url).toBe(true);
    }
  });

  it('caches hashed assets for good and revalidates the shell', async () => {
    const app = staticRoutes(outDir);
    const asset = compressible().find((u) => u.startsWith('assets/'));
    expect((await app.request(`/${asset}`)).headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/index.html')).headers.get('Cache-Control')).toBe('no-cache');
    expect((await app.request('/sw.js')).headers.get('Cache-Control')).toBe('no-cache');
  });
});
