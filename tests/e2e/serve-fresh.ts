import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../sync-server/config';
import { startServer } from '../../sync-server/server';

// Every browser-test run starts from an empty database with the demo accounts, and its own
// audit key next to it in the temp dir (never in the repo).
const root = mkdtempSync(join(tmpdir(), 'gel-e2e-'));
const dataDir = join(root, 'data');
const server = await startServer({
  ...readConfig(),
  dataDir,
  blobDir: join(dataDir, 'blobs'),
  demo: true,
  auditKey: { file: join(root, 'gel-campo-audit.key') },
});
console.log(`e2e server on ${server.url}, data in ${dataDir}`);
