// The peer the rural link is compared with: express-pouchdb over in-memory PouchDB, in its own
// process (as our sync server is), with its default compression. Prints `ready <port>`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';
import expressPouchDB from 'express-pouchdb';

const MemPouch = PouchDB.plugin(memory).plugin(httpAdapter).plugin(replication).plugin(mapreduce).defaults({ adapter: 'memory' });
// express-pouchdb builds its own Express 4 app (its routes do not run on Express 5).
const app = expressPouchDB(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(tmpdir(), `gel-bench-pouch-${process.pid}.log`) });
const server = createServer(app);
server.listen(0, '127.0.0.1', () => console.log(`ready ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
