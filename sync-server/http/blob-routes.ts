import { Hono } from 'hono';
import { AppError } from '#shared/errors';
import { sha256Schema, uploadStartSchema } from '#shared/files/file-schema';
import { auditFileView } from '../audit/audit-views';
import type { BlobFiles } from '../blobs/blob-files';
import { fileForReader } from '../blobs/file-access';
import { sendFile } from '../blobs/send-file';
import type { Store } from '../store/store';
import { chargeBudget, type VolumeBudgets } from '../sync/push-budget';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, readLimited, type BodyLimits } from './read-body';

const MAX_CHUNK_BYTES = 1024 * 1024;

function hashParam(raw: string): string {
  const parsed = sha256Schema.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The file id must be a SHA-256 in hex');
  return parsed.data;
}

/** The attachments channel: resumable, content-addressed uploads, and downloads through the records that reference them. */
export function blobRoutes(store: Store, files: BlobFiles, limits: BodyLimits, budgets: Pick<VolumeBudgets, 'uploadBytesPerHour'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const uploader = (user: AppEnv['Variables']['user']) => ({ municipality: user.municipality, userId: user.id });

  app.post('/:hash/start', guard(store, 'POST /api/blobs/:hash/start'), async (c) => {
    const hash = hashParam(c.req.param('hash'));
    const body = await readJson(c, uploadStartSchema, limits);
    return c.json(await files.start(hash, body, uploader(c.get('user'))));
  });

  app.put('/:hash', guard(store, 'PUT /api/blobs/:hash'), async (c) => {
    const hash = hashParam(c.req.param('hash'));
    const offset = Number(c.req.query('offset'));
    if (!Number.isInteger(offset) || offset < 0) throw new AppError('VALIDATION_FAILED', 'offset must be a byte position');
    // Read no further than a chunk, even when the length is not declared (chunked transfer).
    const bytes = await readLimited(c.req.raw, MAX_CHUNK_BYTES);
    const user = c.get('user');
    // Every byte received counts, kept or not: over the hour's budget, 429 with Retry-After and
    // nothing written (the device waits and resumes from the same offset).
    await chargeBudget(store, 'upload', user.id, bytes.length, budgets.uploadBytesPerHour);
    return c.json(await files.append(hash, offset, bytes, uploader(user)));
  });

  app.get('/:hash', guard(store, 'GET /api/blobs/:hash'), async (c) => {
    const hash = hashParam(c.req.param('hash'));
    const user = c.get('user');
    const { meta, name } = await fileForReader(store, files, user, hash);
    // Audit (Ley 1581): who downloaded which attachment, recorded before it is sent.
    await auditFileView(store, { ...user, deviceId: c.get('deviceId') }, hash, name);
    // Not kept by the browser: access ends when the person may no longer read the record.
    return sendFile(c, files, { hash, size: meta.size, name }, { cache: 'no-store' });
  });

  return app;
}
