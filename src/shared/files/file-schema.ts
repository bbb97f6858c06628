import { z } from 'zod/mini';

/** SHA-256 of a file's bytes, lower-case hex: the file's identity everywhere. */
export const sha256Schema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'SHA-256 en hexadecimal'));

/** How a record points at a file sent on the attachments channel. */
export const fileRefSchema = z.object({
  hash: sha256Schema,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  type: z.string().check(z.maxLength(100), z.regex(/^[\w.+-]+\/[\w.+-]+$/, 'Tipo de archivo inválido')),
  size: z.number().check(z.int(), z.positive()),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const FILE_LIMITS = {
  /** Default largest file, per file (setting MAX_FILE_BYTES on the server). */
  maxFileBytes: 10 * 1024 * 1024,
  /** Bytes per upload request: small enough to finish on a weak link, resumable after a drop. */
  chunkBytes: 128 * 1024,
} as const;

export const uploadStartSchema = z.object({
  size: z.number().check(z.int(), z.positive()),
  /** What the device believes; never trusted: the server decides the type from the bytes. */
  type: z.optional(fileRefSchema.shape.type),
  name: fileRefSchema.shape.name,
});

export const uploadStateSchema = z.object({
  hash: sha256Schema,
  size: z.number().check(z.int(), z.nonnegative()),
  /** Bytes the server already holds: the next chunk starts here. */
  received: z.number().check(z.int(), z.nonnegative()),
  complete: z.boolean(),
});
export type UploadState = z.infer<typeof uploadStateSchema>;
