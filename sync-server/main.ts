import { ConfigError, readConfig, type ServerConfig } from './config';
import { startServer } from './server';

function configOrExit(): ServerConfig {
  try {
    return readConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

const config = configOrExit();
const server = await startServer(config);
console.log(`GEL Campo sync server listening on ${server.url} (data in ${config.dataDir})`);

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
