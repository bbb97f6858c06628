import { z } from 'zod';
import { mutationSchema } from '../sync-protocol';
import { fileRefSchema } from '../files/file-schema';

/**
 * The "Exportar pendientes" file: every change this device has not had confirmed, with the
 * files they need. Importing it (on the server or another device) is idempotent: the
 * mutation ids are the server's receipts, and files are addressed by hash.
 */
export const pendingExportSchema = z.object({
  format: z.literal('gel-campo/pendientes'),
  version: z.literal(1),
  exportedAt: z.iso.datetime({ offset: true }),
  deviceId: z.string().min(8).max(64),
  user: z.object({ id: z.string(), username: z.string(), municipality: z.string() }),
  mutations: z.array(mutationSchema).max(100_000),
  /** Changes the server refused, with its reason, for a person to review. */
  refused: z.array(z.object({ mutation: mutationSchema, code: z.string(), message: z.string() })).max(100_000),
  files: z.array(fileRefSchema.extend({ base64: z.string() })).max(10_000),
});
export type PendingExport = z.infer<typeof pendingExportSchema>;
