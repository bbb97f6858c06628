import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../sync-server/config';
import { startServer } from '../../sync-server/server';

// Every browser-test run starts from an empty database with the demo accounts.
const dataDir = mkdtempSync(join(tmpdir(), 'gel-e2e-'));
const server = await startServer({ ...readConfig(), dataDir, blobDir: join(dataDir, 'blobs'), demo: true });
console.log(`e2e server on ${server.url}, data in ${dataDir}`);
