import type { GelDb, LocalFile } from '../db/database';
import { guardStorage } from '../db/outbox';
import { AppError } from '../shared/errors';
import { FILE_LIMITS, type FileRef } from '../shared/files/file-schema';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Keeps a file on the device and queues it for the attachments channel. The same bytes are
 * stored and sent once, whatever records point at them.
 */
export async function addLocalFile(
  db: GelDb,
  file: { name: string; type: string; bytes: Uint8Array },
  opts: { maxBytes?: number; now?: Date } = {},
): Promise<FileRef> {
  const max = opts.maxBytes ?? FILE_LIMITS.maxFileBytes;
  if (file.bytes.byteLength > max) {
    throw new AppError('FILE_TOO_LARGE', `El archivo «${file.name}» pesa ${(file.bytes.byteLength / 1048576).toFixed(1)} MB; el máximo es ${(max / 1048576).toFixed(0)} MB.`, {
      limit: max,
    });
  }
  if (file.bytes.byteLength === 0) throw new AppError('VALIDATION_FAILED', `El archivo «${file.name}» está vacío.`);
  const hash = await sha256Hex(file.bytes);
  const now = (opts.now ?? new Date()).toISOString();
  const ref: FileRef = { hash, name: file.name.slice(0, 200) || 'archivo', type: file.type || 'application/octet-stream', size: file.bytes.byteLength };
  await guardStorage(() =>
    db.transaction('rw', db.file, async () => {
      if (await db.file.get(hash)) return;
      const row: LocalFile = { ...ref, bytes: file.bytes, sent: 0, state: 'queued', error: null, attempts: 0, nextAttemptAt: now, createdAt: now };
      await db.file.add(row);
    }),
  );
  return ref;
}

/** A URL to show or open a file: from the device if it has it, else downloaded once and cached. */
export async function fileObjectUrl(db: GelDb, ref: Pick<FileRef, 'hash' | 'type'>, download: (hash: string) => Promise<Uint8Array>): Promise<string> {
  let row = await db.file.get(ref.hash);
  if (!row) {
    const bytes = await download(ref.hash);
    const now = new Date().toISOString();
    row = { hash: ref.hash, name: ref.hash, type: ref.type, size: bytes.byteLength, bytes, sent: bytes.byteLength, state: 'sent', error: null, attempts: 0, nextAttemptAt: now, createdAt: now };
    await db.file.put(row);
  }
  return URL.createObjectURL(new Blob([row.bytes as BlobPart], { type: row.type }));
}
