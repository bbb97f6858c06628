import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { addLocalFile, sha256Hex } from '../../../src/files/local-files';
import { AppError, ERROR_STATUS } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { fileProgress, uploadQueuedFiles } from '../../../src/sync/file-uploader';
import { ApiCallError } from '../../../src/api/client';
import type { FileTransport } from '../../../src/sync/transport';
import { BlobFiles, type Uploader } from '../../../sync-server/blobs/blob-files';
import { freshDeviceDbEachTest } from '../../helpers/device-db';

/** The server's real file store behind a transport that can cut the link after N chunks. */
function transportOver(files: BlobFiles, opts: { dropAfterChunks?: number; corrupt?: boolean; who?: Uploader } = {}) {
  const who = opts.who ?? USER_A;
  let chunks = 0;
  const calls: { hash: string; offset: number; length: number }[] = [];
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw new ApiCallError(err.code === 'FILE_TOO_LARGE' ? 'too-large' : 'fatal', err.toJSON(), ERROR_STATUS[err.code]);
      throw err;
    }
  };
  const t: FileTransport & { calls: typeof calls; heal(): void } = {
    calls,
    heal: () => {
      opts.dropAfterChunks = undefined;
    },
    startUpload: (hash, info) => wrap(() => files.start(hash, info, who)),
    putChunk: async (hash, offset, bytes) => {
      if (opts.dropAfterChunks !== undefined && chunks >= opts.dropAfterChunks) {
        throw new ApiCallError('retryable', { code: 'INTERNAL', message: 'link down' }, null);
      }
      chunks++;
      calls.push({ hash, offset, length: bytes.length });
      const data = Buffer.from(bytes);
      if (opts.corrupt) data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 0xff;
      return wrap(() => files.append(hash, offset, data, who));
    },
    download: async () => new Uint8Array(),
  };
  return t;
}

let db: GelDb;
let files: BlobFiles;
freshDeviceDbEachTest('files', (d) => (db = d));
beforeEach(() => {
  files = new BlobFiles(mkdtempSync(join(tmpdir(), 'gel-blobs-')), 1024 * 1024);
});

const USER_A: Uploader = { municipality: '95200', userId: 'user-a' };
/** Bytes of a JPEG (its signature, then a pattern): what a phone's photo starts with. */
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i < 3 ? [0xff, 0xd8, 0xff][i] : (i * 31 + seed) % 251) as number);
const pdf = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i < 5 ? '%PDF-'.charCodeAt(i) : (i * 17 + seed) % 251));
const noBackoff = { baseMs: 0, maxMs: 0 };

describe('the attachments queue', () => {
  it('sends a file in chunks and the server verifies it by SHA-256', async () => {
    const ref = await addLocalFile(db, { name: 'foto.jpg', type: 'image/jpeg', bytes: bytes(300_000) });
    expect(ref.hash).toBe(await sha256Hex(bytes(300_000)));
    const t = transportOver(files);
    expect(await uploadQueuedFiles(db, t, { chunkBytes: 64 * 1024 })).toEqual({ retryLater: false });
    expect(t.calls.map((c) => c.offset)).toEqual([0, 65536, 131072, 196608, 262144]);
    expect((await db.file.get(ref.hash))?.state).toBe('sent');
    expect((await files.meta(ref.hash))?.size).toBe(300_000);
  });

  it('resumes where the server stopped after a drop, without re-sending confirmed bytes', async () => {
    const ref = await addLocalFile(db, { name: 'acta.pdf', type: 'application/pdf', bytes: pdf(200_000, 7) });
    const t = transportOver(files, { dropAfterChunks: 2 });
    expect(await uploadQueuedFiles(db, t, { chunkBytes: 50_000, backoff: noBackoff })).toEqual({ retryLater: true });
    expect((await db.file.get(ref.hash))?.sent).toBe(100_000);
    t.heal();
    await uploadQueuedFiles(db, t, { chunkBytes: 50_000, backoff: noBackoff });
    expect(t.calls.map((c) => c.offset)).toEqual([0, 50_000, 100_000, 150_000]); // nothing sent twice
    expect((await db.file.get(ref.hash))?.state).toBe('sent');
  });

  it('stores and sends the same bytes once', async () => {
    const a = await addLocalFile(db, { name: 'a.jpg', type: 'image/jpeg', bytes: bytes(10_000) });
    const b = await addLocalFile(db, { name: 'copia.jpg', type: 'image/jpeg', bytes: bytes(10_000) });
    expect(a.hash).toBe(b.hash);
    expect(await db.file.count()).toBe(1);
    const t = transportOver(files);
    await uploadQueuedFiles(db, t);
    // Another device of the same person with the same photo: the server already has it from them, no bytes move.
    const other = new GelDb(`files-${uuidv7()}`);
    await addLocalFile(other, { name: 'b.jpg', type: 'image/jpeg', bytes: bytes(10_000) });
    const t2 = transportOver(files);
    await uploadQueuedFiles(other, t2);
    expect(t2.calls).toEqual([]);
    // Someone else (here, or in another municipality) proves they hold it by sending it; the disk keeps one copy.
    for (const who of [{ municipality: '95200', userId: 'user-b' }, { municipality: '95015', userId: 'user-c' }]) {
      await other.file.update(a.hash, { state: 'queued', sent: 0 });
      const t3 = transportOver(files, { who });
      await uploadQueuedFiles(other, t3);
      expect(t3.calls.map((c) => c.offset)).toEqual([0]);
      expect(await files.holds(a.hash, who)).toBe(true);
    }
    expect(Object.keys((await files.meta(a.hash))?.owners ?? {}).sort()).toEqual(['95015', '95200']);
    other.close();
  });

  it('one failing file never blocks the others', async () => {
    const big = await addLocalFile(db, { name: 'escaneo.pdf', type: 'application/pdf', bytes: pdf(2 * 1024 * 1024) }, { maxBytes: 50 * 1024 * 1024 });
    const small = await addLocalFile(db, { name: 'foto.jpg', type: 'image/jpeg', bytes: bytes(5_000, 3) });
    await uploadQueuedFiles(db, transportOver(files));
    expect((await db.file.get(big.hash))?.state).toBe('failed'); // over the server's 1 MB limit
    expect((await db.file.get(big.hash))?.error?.code).toBe('FILE_TOO_LARGE');
    expect((await db.file.get(small.hash))?.state).toBe('sent');
    expect(await fileProgress(db)).toMatchObject({ pending: 0, failed: 1 });
  });

  it('a corrupted upload is refused by the server and sent again', async () => {
    const ref = await addLocalFile(db, { name: 'x.jpg', type: 'image/jpeg', bytes: bytes(1000) });
    const bad = transportOver(files, { corrupt: true });
    await uploadQueuedFiles(db, bad, { backoff: noBackoff });
    expect(await files.meta(ref.hash)).toBeNull();
    expect((await db.file.get(ref.hash))?.state).toBe('queued');
    await uploadQueuedFiles(db, transportOver(files), { backoff: noBackoff });
    expect((await db.file.get(ref.hash))?.state).toBe('sent');
  });

  it('refuses a file over the device limit with a clear Spanish message, keeping nothing', async () => {
    await expect(addLocalFile(db, { name: 'enorme.pdf', type: 'application/pdf', bytes: pdf(2000) }, { maxBytes: 1000 })).rejects.toThrow(
      /«enorme\.pdf» pesa .* el máximo es/,
    );
    expect(await db.file.count()).toBe(0);
  });

  it('refuses a file that is not a photo or a PDF when it is picked, naming the allowed types, keeping nothing', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [name, data] of [['foto.jpg', html], ['logo.svg', svg]] as const) {
      const refused = addLocalFile(db, { name, type: 'image/jpeg', bytes: data });
      await expect(refused).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
      await expect(refused).rejects.toThrow(/solo se aceptan fotos JPEG, PNG o WebP y documentos PDF/);
    }
    expect(await db.file.count()).toBe(0);
    // The type a file gets is its content's, whatever was declared.
    expect((await addLocalFile(db, { name: 'acta', type: 'text/html', bytes: pdf(100) })).type).toBe('application/pdf');
  });

  it('a file the server refuses for its type is set aside with the Spanish reason; the others go on', async () => {
    // Queued by an older app version (or brought in an export), before the device checked types.
    const now = new Date().toISOString();
    const page = new TextEncoder().encode('<!doctype html><script>fetch("/api")</script>');
    const hash = await sha256Hex(page);
    await db.file.add({ hash, name: 'foto.jpg', type: 'image/jpeg', size: page.byteLength, bytes: page, sent: 0, state: 'queued', error: null, attempts: 0, nextAttemptAt: now, createdAt: now });
    const good = await addLocalFile(db, { name: 'foto.jpg', type: 'image/jpeg', bytes: bytes(5_000, 9) });
    await uploadQueuedFiles(db, transportOver(files), { backoff: noBackoff });
    const refused = await db.file.get(hash);
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'UNSUPPORTED_FILE_TYPE' } });
    expect(refused?.error?.message).toMatch(/JPEG, PNG o WebP y documentos PDF/);
    expect((await db.file.get(good.hash))?.state).toBe('sent');
    expect(await files.meta(hash)).toBeNull();
    expect(await fileProgress(db)).toMatchObject({ pending: 0, failed: 1 });
  });
});
