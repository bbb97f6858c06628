// Run in its own process (vite sets NODE_ENV and other globals):
//   tsx bench/client/build-app.ts app <outDir> <statsFile>   the production build (vite.config.ts), plus
//                                                            the size of every module in each chunk
//   tsx bench/client/build-app.ts harness <outDir>           the page-side harness (IIFE) of part 4
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import type { ChunkStats } from './chunk-stats';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [mode, outDir, statsFile] = process.argv.slice(2);
if (!outDir || (mode !== 'app' && mode !== 'harness')) throw new Error('usage: build-app.ts app|harness <outDir> [statsFile]');

/** Records what each emitted chunk is made of (rendered bytes per module, before minification of the whole). */
function sizeProbe(out: ChunkStats[]): Plugin {
  return {
    name: 'gel-bench-size-probe',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk') continue;
        out.push({
          file: c.fileName,
          isEntry: c.isEntry,
          imports: c.imports,
          dynamicImports: c.dynamicImports,
          modules: Object.entries(c.modules).map(([id, m]) => ({ id: id.startsWith(ROOT) ? relative(ROOT, id) : id, renderedLength: m.renderedLength })),
        });
      }
    },
  };
}

if (mode === 'app') {
  const chunks: ChunkStats[] = [];
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true }, plugins: [sizeProbe(chunks)] });
  if (statsFile) writeFileSync(statsFile, JSON.stringify(chunks));
} else {
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      lib: { entry: join(ROOT, 'bench/client/harness.ts'), formats: ['iife'], name: 'GelBenchHarness', fileName: () => 'harness.js' },
    },
  });
}
