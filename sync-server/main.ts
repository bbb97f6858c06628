import { readConfig } from './config';
import { startServer } from './server';

// A configuration the server cannot run with (a too-short AUDIT_KEY, an audit log written with
// another key…) stops it with the reason, not a stack trace.
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

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
