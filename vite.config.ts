import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './build-tools/precompress';

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The commit built (GEL_BUILD_ID overrides it; outside a git checkout, the version alone). */
function buildId(): string {
  if (process.env.GEL_BUILD_ID) return process.env.GEL_BUILD_ID;
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${pkg.version}+${head}${dirty ? '.dirty' : ''}`;
  } catch {
    console.warn('vite.config: no git checkout, the build id is the version alone');
    return pkg.version;
  }
}

export default defineConfig({
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(pkg.version), 'import.meta.env.VITE_BUILD_ID': JSON.stringify(buildId()) },
  // Dexie's own ES module build: the package's default entry wraps its UMD build (a guard against two
  // copies in one app, which one bundle cannot have), 1.4 KB more of every install once compressed.
  resolve: { alias: [{ find: /^dexie$/, replacement: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)) }] },
  plugins: [
    preact(),
    VitePWA({
      // Always the minified production service worker and Workbox runtime, whatever NODE_ENV says
      // (vitest sets it to 'test': the build test must measure what ships).
      mode: 'production',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png', 'favicon.svg'],
      manifest: {
        name: 'GEL Campo — Alcaldía de Miraflores',
        short_name: 'GEL Campo',
        description: 'Solicitudes ciudadanas, capacitaciones, portal e indicadores del plan Gobierno en Línea, con o sin conexión.',
        lang: 'es-CO',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b6e4f',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'],
        navigateFallback: '/index.html',
        // The API and the public portal are the server's: never answer them from the cache.
        navigateFallbackDenylist: [/^\/api\//, /^\/portal/, /^\/robots\.txt$/, /^\/sitemap\.xml$/],
        cleanupOutdatedCaches: true,
      },
    }),
    precompress(),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Few, large chunks: brotli compresses a chunk as a whole, so 60 small screen chunks cost
        // 26 KB more than the same code in one (measured). The first load stays the sign-in's
        // (`$initial`); the Markdown parser stays apart, loaded only by the draft editor.
        codeSplitting: {
          groups: [
            { name: 'boot', tags: ['$initial'], priority: 3 },
            {
              name: 'draft-editor',
              test: /node_modules[\\/](micromark|decode-named|character-entities)|src[\\/]ui[\\/]portal[\\/](draft-editor|markdown-preview)|src[\\/]shared[\\/]portal[\\/]markdown/,
              priority: 2,
              includeDependenciesRecursively: false,
            },
            // Registering the service worker happens on the sign-in screen: its helper stays small
            // and apart, or the first screen would load and run the whole signed-in app.
            { name: 'workbox-window', test: /node_modules[\\/]workbox-window[\\/]/, priority: 2 },
            { name: 'app', priority: 1 },
          ],
        },
      },
    },
  },
});
