// `npm run wire-size` (after `npm run build`): what the rural link carries for the app itself, as a
// browser asks for it (Accept-Encoding: br): the first load (index.html and the scripts and
// stylesheets it names) and the whole install (everything the service worker precaches).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '..', 'dist');
if (!existsSync(join(dist, 'sw.js'))) throw new Error('No build in dist/: run `npm run build` first');

/** Bytes on the wire: the brotli twin when the build wrote one (the server sends it), else the file. */
const wire = (file: string) => statSync(existsSync(join(dist, `${file}.br`)) ? join(dist, `${file}.br`) : join(dist, file)).size;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const firstLoad = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)];
const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
const precached = [...new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!))];
const workbox = [...sw.matchAll(/"\.\/(workbox-[\w-]+?)(?:\.js)?"/g)].map((m) => `${m[1]!}.js`);
const install = [...new Set([...precached, 'sw.js', ...workbox])];

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
const total = (files: string[]) => files.reduce((s, f) => s + wire(f), 0);
console.log(`first load (brotli): ${kb(total(firstLoad))} in ${firstLoad.length} files (target ≤ 60 KB)`);
console.log(`whole install (brotli where a twin exists): ${kb(total(install))} in ${install.length} files (target ≤ 150 KB)`);
console.log('largest parts of the install:');
for (const f of install.sort((a, b) => wire(b) - wire(a)).slice(0, 6)) console.log(`  ${kb(wire(f)).padStart(9)}  ${f}`);
