import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, zodIssues } from '../../src/shared/errors';

export interface BodyLimits {
  maxBodyBytes: number;
  maxInflatedBytes: number;
}

async function readLimited(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > max) throw new AppError('PAYLOAD_TOO_LARGE', `The body exceeds ${max} bytes`, { limit: max });
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError('PAYLOAD_TOO_LARGE', `The body exceeds ${max} bytes`, { limit: max });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body (plain or gzip) within the size limits and validates it; anything
 * wrong becomes a 4xx with a code before a single byte is stored.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, limits: BodyLimits): Promise<z.infer<S>> {
  let raw = await readLimited(c.req.raw, limits.maxBodyBytes);
  const encoding = (c.req.header('content-encoding') ?? '').toLowerCase();
  if (encoding === 'gzip') {
    try {
      raw = gunzipSync(raw, { maxOutputLength: limits.maxInflatedBytes });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new AppError('PAYLOAD_TOO_LARGE', `The inflated body exceeds ${limits.maxInflatedBytes} bytes`, {
          limit: limits.maxInflatedBytes,
        });
      }
      throw new AppError('MALFORMED_REQUEST', 'The body is not valid gzip');
    }
  } else if (encoding && encoding !== 'identity') {
    throw new AppError('MALFORMED_REQUEST', `Unsupported content-encoding '${encoding}'`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The request is not valid', zodIssues(parsed.error));
  return parsed.data;
}
