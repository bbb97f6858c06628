import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod/mini';
import { AppError, zodIssues } from '#shared/errors';

export interface BodyLimits {
  maxBodyBytes: number;
  maxInflatedBytes: number;
}

/** The raw body, refused (413) as soon as it passes `max` bytes, declared or streamed. */
export async function readLimited(req: Request, max: number): Promise<Buffer> {
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

/** Nesting no request of this API needs: deeper JSON is refused before it is parsed or walked. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of arrays and objects in JSON text, counted in one pass over the bytes
 * (never recursively: the text may be deep enough to overflow a stack), brackets inside strings
 * skipped. Malformed text is left to JSON.parse; stops as soon as `limit` is passed.
 */
export function jsonDepthExceeds(raw: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * Reads a JSON body (plain or gzip) within the size and nesting limits and validates it;
 * anything wrong becomes a 4xx with a code before a single byte is stored. Answers the value
 * and its size in bytes as JSON text (after gzip), what a volume budget charges.
 */
export async function readJsonSized<S extends z.ZodMiniType>(c: Context, schema: S, limits: BodyLimits): Promise<{ value: z.infer<S>; bytes: number }> {
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
  // Whatever reads the value later (a schema, a merge, a budget) may walk it recursively.
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    throw new AppError('MALFORMED_REQUEST', `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The request is not valid', zodIssues(parsed.error));
  return { value: parsed.data, bytes: raw.length };
}

/** A JSON body, read as readJsonSized does. */
export async function readJson<S extends z.ZodMiniType>(c: Context, schema: S, limits: BodyLimits): Promise<z.infer<S>> {
  return (await readJsonSized(c, schema, limits)).value;
}
