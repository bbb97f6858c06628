import { z } from 'zod/mini';
import { macSchema } from '../crypto/hmac';
import { mutationSchema } from '../sync-protocol';
import { fileRefSchema } from '../files/file-schema';

/**
 * The "Exportar pendientes" file: every change this device has not had confirmed, with the
 * files they need. Importing it (on the server or another device) is idempotent: the
 * mutation ids are the server's receipts, and files are addressed by hash.
 */
const pendingContent = {
  format: z.literal('gel-campo/pendientes'),
  exportedAt: z.iso.datetime({ offset: true }),
  deviceId: z.string().check(z.minLength(8), z.maxLength(64)),
  user: z.object({ id: z.string(), username: z.string(), municipality: z.string() }),
  mutations: z.array(mutationSchema).check(z.maxLength(100_000)),
  /** Changes the server refused, with its reason, for a person to review. */
  refused: z.array(z.object({ mutation: mutationSchema, code: z.string(), message: z.string() })).check(z.maxLength(100_000)),
  files: z.array(z.extend(fileRefSchema, { base64: z.string() })).check(z.maxLength(10_000)),
};

/**
 * Version 2 is sealed: an HMAC-SHA256, with the key the server handed this device at sign-in,
 * of the canonical JSON of everything but `seal` (src/shared/transfer/seal.ts). The server
 * applies it only as its author's, and only if the seal verifies.
 */
export const pendingExportSchema = z.object({
  ...pendingContent,
  version: z.literal(2),
  seal: z.object({ alg: z.literal('HMAC-SHA256'), mac: macSchema }),
});
export type PendingExport = z.infer<typeof pendingExportSchema>;

/**
 * Version 1: unsealed (older app versions, or a device that never got its key). Another
 * device may still take its changes as its own user's; the server refuses it.
 */
export const legacyPendingExportSchema = z.object({ ...pendingContent, version: z.literal(1) });
export type LegacyPendingExport = z.infer<typeof legacyPendingExportSchema>;

/** What another device accepts: either version (the importing user sends the changes as theirs). */
export const anyPendingExportSchema = z.discriminatedUnion('version', [pendingExportSchema, legacyPendingExportSchema]);

/** The server's answer to an admin's import. */
export const importResultSchema = z.object({
  applied: z.number().check(z.int(), z.nonnegative()),
  rejected: z.array(z.object({ mutationId: z.nullable(z.string()), error: z.nullable(z.object({ code: z.string(), message: z.string() })) })),
  files: z.number().check(z.int(), z.nonnegative()),
  /** Files of a type the server never keeps (its reason per file); the changes still apply. */
  refusedFiles: z.array(z.object({ hash: z.string(), name: z.string(), code: z.string(), message: z.string() })),
  author: z.object({ id: z.string(), username: z.string(), displayName: z.string(), deviceId: z.string() }),
});
export type ImportResult = z.infer<typeof importResultSchema>;
