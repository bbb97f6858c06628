import { Hono } from 'hono';
import { z } from 'zod';
import type { BlobFiles } from '../blobs/blob-files';
import { importPendingFile } from '../transfer/import-pending';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson } from './read-body';

/** An export file may carry photos: a larger body than a push. */
const IMPORT_LIMITS = { maxBodyBytes: 64 * 1024 * 1024, maxInflatedBytes: 96 * 1024 * 1024 };

/** An admin brings in a device's sealed "Exportar pendientes" file (see transfer/import-pending.ts). */
export function importRoutes(store: Store, files: BlobFiles | null): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', guard(store, 'POST /api/admin/import'), async (c) => {
    // Read as it came: the seal covers the file as written, before any schema normalises it.
    const raw = await readJson(c, z.unknown(), IMPORT_LIMITS);
    return c.json(await importPendingFile(store, files, { user: c.get('user'), deviceId: c.get('deviceId') }, raw));
  });
  return app;
}
