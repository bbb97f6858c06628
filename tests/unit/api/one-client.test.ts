// One way to call the server: only src/api/client.ts talks HTTP (through ky); every other file
// of the app calls it, so no answer goes unchecked and no error unmapped.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const CLIENT = 'src/api/client.ts';

/** What calling the server by hand looks like. */
const RAW_HTTP: { what: string; pattern: RegExp }[] = [
  { what: 'fetch(', pattern: /\bfetch\s*\(/ },
  { what: "import from 'ky'", pattern: /from\s+['"]ky['"]/ },
  { what: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { what: 'sendBeacon', pattern: /\bsendBeacon\s*\(/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

function rawCalls(text: string): string[] {
  return RAW_HTTP.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
}

describe('one way to call the server', () => {
  it('no file in src/ calls the server except the client module', () => {
    const files = sources(join(REPO_ROOT, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .map((f) => ({ file: relative(REPO_ROOT, f), calls: rawCalls(readFileSync(f, 'utf8')) }))
      .filter((o) => o.file !== CLIENT && o.calls.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the client module is the one that does, and the check sees a hand-written call', () => {
    expect(rawCalls(readFileSync(join(REPO_ROOT, CLIENT), 'utf8'))).toContain("import from 'ky'");
    expect(rawCalls("const res = await fetch('/api/auth/logout', { method: 'POST' });")).toEqual(['fetch(']);
    expect(rawCalls('await window.fetch (url)')).toEqual(['fetch(']);
    expect(rawCalls("import ky from 'ky';")).toEqual(["import from 'ky'"]);
    expect(rawCalls('const prefetch = (x) => x; prefetch(1);')).toEqual([]);
  });
});
