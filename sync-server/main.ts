import { readConfig } from './config';
import { startServer } from './server';

const config = readConfig();
const server = await startServer(config);
console.log(`GEL Campo sync server listening on ${server.url} (data in ${config.dataDir}; links to ${config.publicUrl})`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
