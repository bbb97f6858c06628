import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { addLocalFile, sha256Hex } from '../../../src/files/local-files';
import { AppError } from '../../../src/shared/errors';
import { uuidv7 } from '../../../src/shared/ids';
import { fileProgress, uploadQueuedFiles } from '../../../src/sync/file-uploader';
import { TransportError, type FileTransport } from '../../../src/sync/transport';
import { BlobFiles } from '../../../sync-server/blobs/blob-files';

/** The server's real file store behind a transport that can cut the link after N chunks. */
function transportOver(files: BlobFiles, opts: { dropAfterChunks?: number; corrupt?: boolean } = {}) {
  let chunks = 0;
  const calls: { hash: string; offset: number; length: number }[] = [];
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw new TransportError(err.code === 'FILE_TOO_LARGE' ? 'too-large' : 'fatal', err.toJSON(), 400);
      throw err;
    }
  };
  const t: FileTransport & { calls: typeof calls; heal(): void } = {
    calls,
    heal: () => {
      opts.dropAfterChunks = undefined;
    },
    startUpload: (hash, info) => wrap(() => files.start(hash, info, '95200')),
    putChunk: async (hash, offset, bytes) => {
      if (opts.dropAfterChunks !== undefined && chunks >= opts.dropAfterChunks) {
        throw new TransportError('retryable', { code: 'INTERNAL', message: 'link down' }, null);
      }
      chunks++;
      calls.push({ hash, offset, length: bytes.length });
      const data = Buffer.from(bytes);
      if (opts.corrupt) data[0] = (data[0] ?? 0) ^ 0xff;
      return wrap(() => files.append(hash, offset, data));
    },
    download: async () => new Uint8Array(),
  };
  return t;
}

let db: GelDb;
let files: BlobFiles;
beforeEach(async () => {
  db = new GelDb(`files-${uuidv7()}`);
  await db.open();
  files = new BlobFiles(mkdtempSync(join(tmpdir(), 'gel-blobs-')), 1024 * 1024);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
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
    const ref = await addLocalFile(db, { name: 'acta.pdf', type: 'application/pdf', bytes: bytes(200_000, 7) });
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
    // Another device with the same photo: the server already has it, no bytes move.
    const other = new GelDb(`files-${uuidv7()}`);
    await addLocalFile(other, { name: 'b.jpg', type: 'image/jpeg', bytes: bytes(10_000) });
    const t2 = transportOver(files);
    await uploadQueuedFiles(other, t2);
    expect(t2.calls).toEqual([]);
    other.close();
  });

  it('one failing file never blocks the others', async () => {
    const big = await addLocalFile(db, { name: 'video.mp4', type: 'video/mp4', bytes: bytes(2 * 1024 * 1024) }, { maxBytes: 50 * 1024 * 1024 });
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
    await expect(addLocalFile(db, { name: 'enorme.pdf', type: 'application/pdf', bytes: bytes(2000) }, { maxBytes: 1000 })).rejects.toThrow(
      /«enorme\.pdf» pesa .* el máximo es/,
    );
    expect(await db.file.count()).toBe(0);
  });
});
