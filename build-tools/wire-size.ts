// What the rural link carries for the app itself, read from a build folder: the first load
// (index.html and the scripts and stylesheets it names) and the whole install (everything the
// service worker precaches, plus sw.js and its Workbox runtime). Each file counts as sent to a
// browser that accepts brotli: its `.br` twin when the build wrote one, else the file itself.
// Shared by `npm run wire-size` and the build test that holds the budgets.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Targets of issue 17, in bytes on the wire. */
export const FIRST_LOAD_BUDGET = 60_000;
export const INSTALL_TARGET = 150_000;
/**
 * What the build test holds the install to: the measured size (168.5 KB, 30/11/2026, after the
 * request tallies and the push wire form) with room for a small screen. Above the target still:
 * lower it as the install shrinks, never raise it without saying what grew.
 */
export const INSTALL_BUDGET = 170_000;

export interface WireSize {
  firstLoad: string[];
  install: string[];
  /** Bytes on the wire of one file of the build. */
  bytes(file: string): number;
  total(files: string[]): number;
}

export function wireSize(dist: string): WireSize {
  if (!existsSync(join(dist, 'sw.js'))) throw new Error(`No build in ${dist}: run \`npm run build\` first`);
  const bytes = (file: string) => statSync(existsSync(join(dist, `${file}.br`)) ? join(dist, `${file}.br`) : join(dist, file)).size;
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const firstLoad = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)];
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const precached = [...new Set([...sw.matchAll(/"?url"?:\s*"([^"]+)"/g)].map((m) => m[1]!))];
  const workbox = [...sw.matchAll(/"\.\/(workbox-[\w-]+?)(?:\.js)?"/g)].map((m) => `${m[1]!}.js`);
  const install = [...new Set([...precached, 'sw.js', ...workbox])];
  return { firstLoad, install, bytes, total: (files) => files.reduce((s, f) => s + bytes(f), 0) };
}
