import { Hono } from 'hono';
import { AppError } from '../../src/shared/errors';
import { sha256Schema, uploadStartSchema } from '../../src/shared/files/file-schema';
import { auditFileView } from '../audit/audit-views';
import type { BlobFiles } from '../blobs/blob-files';
import { fileForReader } from '../blobs/file-access';
import { sendFile } from '../blobs/send-file';
import type { Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

const MAX_CHUNK_BYTES = 1024 * 1024;

function hashParam(raw: string): string {
  const parsed = sha256Schema.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The file id must be a SHA-256 in hex');
  return parsed.data;
}

/** The attachments channel: resumable, content-addressed uploads, and downloads through the records that reference them. */
export function blobRoutes(store: Store, files: BlobFiles, limits: BodyLimits): Hono<AppEnv> {
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
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_CHUNK_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A chunk is at most ${MAX_CHUNK_BYTES} bytes`);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > MAX_CHUNK_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A chunk is at most ${MAX_CHUNK_BYTES} bytes`);
    return c.json(await files.append(hash, offset, bytes, uploader(c.get('user'))));
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
