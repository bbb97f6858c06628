import { Hono } from 'hono';
import { z } from 'zod/mini';
import type { BlobFiles } from '../blobs/blob-files';
import { importPendingFile } from '../transfer/import-pending';
import type { PushOptions } from '../sync/push';
import type { Store } from '../store/store';
import { WriteMeter } from '../sync/batch-tx';
import { chargeBudget, chargeWritten, type VolumeBudgets } from '../sync/push-budget';
import { callerOf, type AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJsonSized } from './read-body';

/** An export file may carry photos: a larger body than a push. */
const IMPORT_LIMITS = { maxBodyBytes: 64 * 1024 * 1024, maxInflatedBytes: 96 * 1024 * 1024 };

/** Characters of the files' base64 in an export file (whatever it holds: it is not checked yet). */
function base64Chars(raw: unknown): number {
  const files = raw && typeof raw === 'object' && 'files' in raw ? raw.files : null;
  if (!Array.isArray(files)) return 0;
  return files.reduce((n: number, f: unknown) => n + (f && typeof f === 'object' && 'base64' in f && typeof f.base64 === 'string' ? f.base64.length : 0), 0);
}

/**
 * An admin brings in a device's sealed "Exportar pendientes" file (see transfer/import-pending.ts).
 * It is charged to the importing admin's volume budgets, like a push and uploads of their own:
 * they send the request and choose how often, and the file's author (maybe a lost phone's
 * owner) must not find their own pushes held back by an import someone else made. The files'
 * bytes go to the upload budget, the rest to the push budget, with what applying it wrote.
 */
export function importRoutes(store: Store, files: BlobFiles | null, push: PushOptions, budgets: VolumeBudgets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', guard(store, 'POST /api/admin/import'), async (c) => {
    // Read as it came: the seal covers the file as written, before any schema normalises it.
    const { value: raw, bytes } = await readJsonSized(c, z.unknown(), IMPORT_LIMITS);
    const user = c.get('user');
    const encoded = base64Chars(raw);
    await chargeBudget(store, 'upload', user.id, Math.ceil((encoded * 3) / 4), budgets.uploadBytesPerHour);
    const charged = await chargeBudget(store, 'push', user.id, bytes - encoded, budgets.pushBytesPerHour);
    const meter = new WriteMeter();
    const result = await importPendingFile(store, files, callerOf(c), raw, { ...push, meter });
    await chargeWritten(store, user.id, charged, meter, budgets.pushBytesPerHour);
    return c.json(result);
  });
  return app;
}
