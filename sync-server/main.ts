import { readConfig } from './config';
import { startServer } from './server';

// A configuration the server cannot run with (MAX_FILE_BYTES=10MB, a too-short AUDIT_KEY, an
// audit log written with another key…) stops it with the reason, not a stack trace.
async function start() {
  try {
    const config = readConfig();
    const server = await startServer(config);
    console.log(`GEL Campo sync server listening on ${server.url} (data in ${config.dataDir}; links to ${config.publicUrl})`);
    return server;
  } catch (err) {
    console.error(`GEL Campo sync server cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
}

const server = await start();

// A restart (deploy, SIGTERM from systemd or a container) lets in-flight pushes commit and be
// answered first; a second signal stops at once.
let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('shutdown failed', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
