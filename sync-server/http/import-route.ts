import { Hono } from 'hono';
import { AppError } from '../../src/shared/errors';
import { pendingExportSchema } from '../../src/shared/transfer/pending-export';
import type { BlobFiles } from '../blobs/blob-files';
import { actorFor, pushMutations } from '../sync/push';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson } from './read-body';

/** An export file may carry photos: a larger body than a push. */
const IMPORT_LIMITS = { maxBodyBytes: 64 * 1024 * 1024, maxInflatedBytes: 96 * 1024 * 1024 };

/**
 * An admin brings in a device's "Exportar pendientes" file (a phone that will never sync again).
 * Its changes are applied as their author's, through the same push path, so importing twice
 * changes nothing (receipts) and files are stored once (hash).
 */
export function importRoutes(store: Store, files: BlobFiles | null): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', guard(store, 'POST /api/admin/import'), async (c) => {
    const data = await readJson(c, pendingExportSchema, IMPORT_LIMITS);
    const admin = c.get('user');
    const author = await store.findUserById(data.user.id);
    if (!author || author.municipality !== admin.municipality) {
      throw new AppError('FORBIDDEN', 'The export belongs to a user of another municipality or unknown here');
    }
    let storedFiles = 0;
    const refusedFiles: { hash: string; name: string; code: string; message: string }[] = [];
    for (const f of data.files) {
      if (!files) break;
      const bytes = Buffer.from(f.base64, 'base64');
      // The author's device held these bytes; the references their changes make are theirs.
      const who = { municipality: author.municipality, userId: author.id };
      try {
        const state = await files.start(f.hash, { size: f.size, name: f.name }, who);
        if (!state.complete) await files.append(f.hash, state.received, bytes.subarray(state.received), who);
        storedFiles++;
      } catch (err) {
        // A file of a type never kept is refused alone: the records it came with still apply.
        if (!(err instanceof AppError) || err.code !== 'UNSUPPORTED_FILE_TYPE') throw err;
        refusedFiles.push({ hash: f.hash, name: f.name, code: err.code, message: err.message });
      }
    }
    const actor = actorFor(author, data.deviceId);
    const results = [];
    for (let i = 0; i < data.mutations.length; i += 500) {
      results.push(...(await pushMutations(store, actor, data.mutations.slice(i, i + 500))));
    }
    return c.json({
      applied: results.filter((r) => r.status !== 'rejected').length,
      rejected: results.filter((r) => r.status === 'rejected').map((r) => ({ mutationId: r.mutationId, error: r.status === 'rejected' ? r.error : null })),
      files: storedFiles,
      refusedFiles,
    });
  });
  return app;
}
