// `npm run wire-size` (after `npm run build`): what the rural link carries for the app itself, as a
// browser asks for it (Accept-Encoding: br): the first load and the whole install (see
// build-tools/wire-size.ts, which the build test shares).
import { join } from 'node:path';
import { FIRST_LOAD_BUDGET, INSTALL_TARGET, wireSize } from '../build-tools/wire-size';

const w = wireSize(join(import.meta.dirname, '..', 'dist'));
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log(`first load (brotli): ${kb(w.total(w.firstLoad))} in ${w.firstLoad.length} files (target ≤ ${kb(FIRST_LOAD_BUDGET)})`);
console.log(`whole install (brotli where a twin exists): ${kb(w.total(w.install))} in ${w.install.length} files (target ≤ ${kb(INSTALL_TARGET)})`);
console.log('largest parts of the install:');
for (const f of [...w.install].sort((a, b) => w.bytes(b) - w.bytes(a)).slice(0, 6)) console.log(`  ${kb(w.bytes(f)).padStart(9)}  ${f}`);
