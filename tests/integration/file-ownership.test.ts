// A file belongs to the municipality (and the people) that sent its bytes, and is read only
// through the structured file fields of records the reader may read: knowing its hash, calling
// `start` on it, or writing it anywhere else gives nothing. Real server over real HTTP, on
// SQLite and on PostgreSQL.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../sync-server/auth/users';
import { sqliteFile } from '../../sync-server/config';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { download, draftWithImage, fileOf, fileRequestWith, sha256, upload } from '../helpers/files';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';

const cluster = postgresCluster();

const OTHER_TOWN_PASSWORD = 'Guacamaya-roja-sobre-el-río-2026';

describe.each(['sqlite', 'postgres'] as const)('file ownership on %s', (dialect) => {
  let server: ServerProcess;
  /** Tokens of the demo users of 95200 and of an admin of 95001 (who reads every request of theirs). */
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const databaseUrl = dialect === 'postgres' ? await cluster.newDatabase() : '';
    server = await startServerProcess(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
    const store: Store = databaseUrl ? new PostgresStore(databaseUrl) : new SqliteStore(sqliteFile(server.dataDir));
    try {
      await createUser(store, { username: 'admin95001', displayName: 'Admin de Calamar', role: 'admin', municipality: '95001', password: OTHER_TOWN_PASSWORD });
    } finally {
      await store.close();
    }
    for (const u of ['funcionario', 'gobierno', 'comite', 'admin']) tokens[u] = (await login(server.url, u)).token;
    tokens.other = (await login(server.url, 'admin95001', OTHER_TOWN_PASSWORD)).token;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** A citizen's ID scan, sent by the window official and attached to their request. */
  async function idScan(label: string) {
    const bytes = fileOf('jpeg', `cédula ${label} ${Math.random()}`);
    const sent = await upload(server.url, tokens.funcionario as string, bytes, { name: 'cedula.jpg' });
    expect(sent.last.body).toMatchObject({ complete: true });
    const ref = { hash: sent.hash, name: 'cedula.jpg', type: 'image/jpeg', size: bytes.length };
    await fileRequestWith(server.url, tokens.funcionario as string, [ref]);
    return { bytes, ref };
  }

  it("start on another municipality's file does not grant it: that municipality must send its own bytes", { timeout: 60_000 }, async () => {
    const { bytes, ref } = await idScan('de otro municipio');
    expect((await download(server.url, tokens.funcionario as string, ref.hash)).status).toBe(200);

    const other = tokens.other as string;
    const started = await http(server.url, `/api/blobs/${ref.hash}/start`, { token: other, body: { size: bytes.length, name: 'cedula-calamar.jpg' } });
    expect(started.body).toMatchObject({ complete: false, received: 0 });
    // Its own request naming the hash gives nothing either: it never sent the bytes.
    await fileRequestWith(server.url, other, [ref]);
    expect((await download(server.url, other, ref.hash)).status).toBe(404);
    // A chunk that is not the file (a guess) fails the hash check and grants nothing.
    const guess = await upload(server.url, other, Buffer.concat([bytes.subarray(0, -1), Buffer.from('!')]), { name: 'x.jpg' });
    expect(guess.last.status).toBe(200); // another file altogether, under its own hash
    expect((await download(server.url, other, ref.hash)).status).toBe(404);

    // Proof of possession: with the bytes, 95001 gets its own access (the disk keeps one copy).
    const own = await upload(server.url, other, bytes, { name: 'cedula-calamar.jpg' }); // resumes its own upload, begun above
    expect(own.started.body).toMatchObject({ complete: false, received: 0 });
    expect(own.last.body).toMatchObject({ complete: true });
    const got = await download(server.url, other, ref.hash);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain('cedula-calamar.jpg'); // its own name, not 95200's
    expect((await download(server.url, tokens.funcionario as string, ref.hash)).status).toBe(200);
  });

  it("another municipality's start never disturbs an upload in progress", { timeout: 60_000 }, async () => {
    const funcionario = tokens.funcionario as string;
    const other = tokens.other as string;
    const bytes = fileOf('jpeg', `acta en curso ${Math.random()} ${'x'.repeat(4000)}`);
    const half = 2000;
    const hash = sha256(bytes);
    const start = (token: string, size: number) => http<{ received: number; complete: boolean }>(server.url, `/api/blobs/${hash}/start`, { token, body: { size, name: 'acta.jpg' } });
    const put = (token: string, offset: number, chunk: Buffer) =>
      http<{ received?: number; code?: string }>(server.url, `/api/blobs/${hash}?offset=${offset}`, { method: 'PUT', token, body: new Uint8Array(chunk), headers: { 'content-type': 'application/octet-stream' } });

    expect((await start(funcionario, bytes.length)).body.received).toBe(0);
    expect((await put(funcionario, 0, bytes.subarray(0, half))).body.received).toBe(half);
    // 95001 starts the same hash with another size and writes junk at 0: its own upload, nobody else's.
    expect((await start(other, 10)).body).toMatchObject({ received: 0, complete: false });
    expect((await put(other, 0, fileOf('png', 'basura'))).status).toBe(413); // more than it announced
    expect((await put(other, half, bytes.subarray(half))).body.code).toBe('OFFSET_MISMATCH');
    // A colleague of the same municipality does not write into it either.
    const colleague = tokens.gobierno as string;
    expect((await put(colleague, half, bytes.subarray(half))).body.code).toBe('NOT_FOUND');

    // The window official resumes where they were and completes.
    expect((await start(funcionario, bytes.length)).body.received).toBe(half);
    expect((await put(funcionario, half, bytes.subarray(half))).body).toMatchObject({ received: bytes.length, complete: true });
    await fileRequestWith(server.url, funcionario, [{ hash, name: 'acta.jpg', type: 'image/jpeg', size: bytes.length }]);
    expect((await download(server.url, funcionario, hash)).status).toBe(200);
    expect((await download(server.url, other, hash)).status).toBe(404);
  });

  it('a hash written in free text, or in the file field of a record by someone who never sent it, gives nothing', { timeout: 60_000 }, async () => {
    const { ref } = await idScan('de la ventanilla');
    const gobierno = tokens.gobierno as string; // another office: the request is not theirs
    expect((await download(server.url, gobierno, ref.hash)).status).toBe(404);

    // Free text of a request they may read.
    await fileRequestWith(server.url, gobierno, [], { description: `Ver el archivo ${ref.hash} y /api/blobs/${ref.hash}` });
    expect((await download(server.url, gobierno, ref.hash)).status).toBe(404);
    // The structured field of their own request: the reference is theirs, the bytes are not.
    await fileRequestWith(server.url, gobierno, [ref]);
    expect((await download(server.url, gobierno, ref.hash)).status).toBe(404);
    // Nor through a portal draft every official reads.
    expect(await draftWithImage(server.url, gobierno, 'device-gobierno-draft', ref.hash, 'Evento', 'foto.jpg')).toBe('applied');
    expect((await download(server.url, gobierno, ref.hash)).status).toBe(404);
    expect((await download(server.url, tokens.comite as string, ref.hash)).status).toBe(200); // the committee reads the window's request

    // A file nobody references is nobody's to read, not even the admin's or its sender's.
    const loose = await upload(server.url, tokens.funcionario as string, fileOf('pdf', `suelto ${Math.random()}`), { name: 'suelto.pdf' });
    expect(loose.last.body).toMatchObject({ complete: true });
    expect((await download(server.url, tokens.admin as string, loose.hash)).status).toBe(404);
    expect((await download(server.url, tokens.funcionario as string, loose.hash)).status).toBe(404);
  });

  it('a file stored before per-user ownership belongs to the users whose records referenced it, never to the whole municipality', { timeout: 90_000 }, async () => {
    const funcionario = await login(server.url, 'funcionario');
    const gobierno = tokens.gobierno as string;
    const { bytes, ref } = await idScan('de antes de la actualización');
    const loose = fileOf('pdf', `sin referencias ${Math.random()}`);
    expect((await upload(server.url, funcionario.token, loose, { name: 'suelto.pdf' })).last.body).toMatchObject({ complete: true });
    const sideFile = (hash: string) => join(server.dataDir, 'blobs', hash.slice(0, 2), `${hash}.json`);
    const mark = join(server.dataDir, 'blobs', 'side-files-per-user');
    expect(existsSync(mark)).toBe(true);

    // The data directory of an older version: side files naming municipalities, no mark.
    await server.kill();
    const legacy = (hash: string, size: number, type: string, name: string) => JSON.stringify({ hash, size, type, name, municipalities: ['95200'] });
    writeFileSync(sideFile(ref.hash), legacy(ref.hash, bytes.length, 'image/jpeg', 'cedula.jpg'));
    writeFileSync(sideFile(sha256(loose)), legacy(sha256(loose), loose.length, 'application/pdf', 'suelto.pdf'));
    rmSync(mark);
    await server.restart();
    expect(JSON.parse(readFileSync(sideFile(ref.hash), 'utf8')).owners).toEqual({ '95200': { name: 'cedula.jpg', users: [funcionario.user.id] } });
    expect(JSON.parse(readFileSync(sideFile(sha256(loose)), 'utf8')).owners).toEqual({ '95200': { name: 'suelto.pdf', users: [] } });
    expect(existsSync(mark)).toBe(true);

    // The uploader's request keeps working, and so does reading it through their record.
    expect((await download(server.url, funcionario.token, ref.hash)).status).toBe(200);
    expect((await download(server.url, tokens.comite as string, ref.hash)).status).toBe(200);
    // A colleague who writes the hash into their own draft gets nothing; `start` asks for the bytes.
    expect(await draftWithImage(server.url, gobierno, 'device-gobierno-legacy', ref.hash, 'Cédulas', 'c.jpg')).toBe('applied');
    expect((await download(server.url, gobierno, ref.hash)).status).toBe(404);
    expect((await http(server.url, `/api/blobs/${ref.hash}/start`, { token: gobierno, body: { size: bytes.length, name: 'c.jpg' } })).body).toMatchObject({
      complete: false,
      received: 0,
    });
    // The first per-user form (`users: null`, "the municipality as a whole"), turning up while the
    // server runs (an older instance sharing the files): upgraded by the same rule on first read.
    const later = await idScan('escrita por una instancia anterior');
    writeFileSync(sideFile(later.ref.hash), JSON.stringify({ ...later.ref, owners: { '95200': { name: 'cedula.jpg', users: null } } }));
    expect((await download(server.url, gobierno, later.ref.hash)).status).toBe(404);
    expect(JSON.parse(readFileSync(sideFile(later.ref.hash), 'utf8')).owners).toEqual({ '95200': { name: 'cedula.jpg', users: [funcionario.user.id] } });
    expect((await download(server.url, funcionario.token, later.ref.hash)).status).toBe(200);
  });
});
