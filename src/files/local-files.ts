import type { GelDb, LocalFile } from '../db/database';
import { guardStorage } from '../db/outbox';
import { AppError } from '#shared/errors';
import { toHex } from '#shared/ids';
import { FILE_LIMITS, type FileRef } from '#shared/files/file-schema';
import { ALLOWED_FILE_TYPES, SNIFF_BYTES, sniffFileType, UNSUPPORTED_FILE_TYPE_MESSAGE, type AllowedFileType } from '#shared/files/file-type';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return toHex(new Uint8Array(digest));
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
  // Decided by the bytes, as the server will: refused here, the person can pick another one now.
  const type = sniffFileType(file.bytes.subarray(0, SNIFF_BYTES));
  if (type === null) throw new AppError('UNSUPPORTED_FILE_TYPE', `«${file.name}»: ${UNSUPPORTED_FILE_TYPE_MESSAGE}`, { allowed: ALLOWED_FILE_TYPES });
  const hash = await sha256Hex(file.bytes);
  const now = (opts.now ?? new Date()).toISOString();
  const ref: FileRef = { hash, name: file.name.slice(0, 200) || 'archivo', type, size: file.bytes.byteLength };
  await guardStorage(() =>
    db.transaction('rw', db.file, async () => {
      if (await db.file.get(hash)) return;
      const row: LocalFile = { ...ref, bytes: file.bytes, sent: 0, state: 'queued', error: null, attempts: 0, nextAttemptAt: now, createdAt: now };
      await db.file.add(row);
    }),
  );
  return ref;
}

/** A file's bytes: from the device if it has it, else downloaded once and cached. */
async function localBytes(db: GelDb, hash: string, download: (hash: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  const row = await db.file.get(hash);
  if (row) return row.bytes;
  const bytes = await download(hash);
  const now = new Date().toISOString();
  const type = sniffFileType(bytes.subarray(0, SNIFF_BYTES)) ?? 'application/octet-stream';
  await db.file.put({ hash, name: hash, type, size: bytes.byteLength, bytes, sent: bytes.byteLength, state: 'sent', error: null, attempts: 0, nextAttemptAt: now, createdAt: now });
  return bytes;
}

/**
 * A URL to show or save a file. Its type comes from its bytes, never from the record that names
 * it (a record could call a page "image/png" or a photo "text/html"): an object URL made here
 * belongs to the app's origin, so only photos and PDFs ever get a type a browser would render.
 */
export async function fileObjectUrl(db: GelDb, ref: Pick<FileRef, 'hash'>, download: (hash: string) => Promise<Uint8Array>): Promise<{ url: string; type: AllowedFileType | null }> {
  const bytes = await localBytes(db, ref.hash, download);
  const type = sniffFileType(bytes.subarray(0, SNIFF_BYTES));
  return { url: URL.createObjectURL(new Blob([bytes as BlobPart], { type: type ?? 'application/octet-stream' })), type };
}
