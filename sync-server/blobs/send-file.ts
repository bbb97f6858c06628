import type { Context } from 'hono';
import { Readable } from 'node:stream';
import { FILE_TYPE_EXTENSIONS, isImageType } from '#shared/files/file-type';
import type { BlobFiles } from './blob-files';

/** Applied to every file response: the file can neither run nor be framed, whatever its bytes. */
export const FILE_CSP = "default-src 'none'; sandbox";

/**
 * Sends a stored file, inert: the type is decided again from its bytes (never the one an
 * uploader declared, which older side files still carry), nothing may sniff another, and
 * anything but a photo goes as a download. Files stored before the allow-list that are none of
 * its types go as opaque bytes.
 */
export async function sendFile(
  c: Context,
  files: BlobFiles,
  file: { hash: string; size: number; name: string },
  opts: { cache: string },
): Promise<Response> {
  const sniffed = await files.sniff(file.hash);
  const type = sniffed ?? 'application/octet-stream';
  const base = file.name.replace(/\.[^.]*$/, '') || file.hash.slice(0, 12);
  const filename = sniffed ? `${base}.${FILE_TYPE_EXTENSIONS[sniffed]}` : base;
  c.header('Content-Type', type);
  c.header('Content-Length', String(file.size));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', FILE_CSP);
  c.header('Cache-Control', opts.cache);
  c.header('Content-Disposition', `${isImageType(sniffed) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return c.body(Readable.toWeb(files.stream(file.hash)) as ReadableStream);
}
