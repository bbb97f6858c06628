import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What is worth compressing: text formats (images and fonts are compressed already). */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|webmanifest|json|txt|xml|ico)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Writes `<file>.br` (brotli, best) and `<file>.gz` (gzip -9) beside every compressible file. */
export function precompressDir(dir: string): { files: number; bytes: number; br: number; gz: number } {
  const sum = { files: 0, bytes: 0, br: 0, gz: 0 };
  for (const path of walk(dir).filter((p) => COMPRESSIBLE.test(p))) {
    const raw = readFileSync(path);
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    Object.assign(sum, { files: sum.files + 1, bytes: sum.bytes + raw.length, br: sum.br + br.length, gz: sum.gz + gz.length });
  }
  return sum;
}

/**
 * Compresses the build once, at build time, so the server only picks the twin a browser
 * accepts (no CPU per request, and brotli's best level, too slow to run on the fly). Runs
 * after every other plugin, the service worker's generation included, so sw.js has twins too.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'gel-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        precompressDir(outDir);
      },
    },
  };
}
