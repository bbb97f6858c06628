import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod/mini';
import { AppError, zodIssues } from '#shared/errors';

export interface BodyLimits {
  maxBodyBytes: number;
  maxInflatedBytes: number;
}

const tooLarge = (limit: number, what: string) => new AppError('PAYLOAD_TOO_LARGE', `The ${what} exceeds ${limit} bytes`, { limit });

/** The body's chunks as they arrive, refused (413) as soon as they pass `max` bytes, declared or streamed. */
async function* limitedChunks(req: Request, max: number): AsyncGenerator<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > max) throw tooLarge(max, 'body');
  if (!req.body) return;
  let size = 0;
  const reader = req.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > max) throw tooLarge(max, 'body');
      yield value;
    }
  } finally {
    // Refused or abandoned midway: stop reading what the client still sends.
    await reader.cancel().catch((err: unknown) => console.warn('read-body: cancelling the request body failed', err));
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>, max: number, what: string): Promise<Buffer> {
  const out: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.byteLength;
    if (size > max) throw tooLarge(max, what);
    out.push(c);
  }
  return Buffer.concat(out);
}

/** The raw body, refused (413) as soon as it passes `max` bytes, declared or streamed. */
export function readLimited(req: Request, max: number): Promise<Buffer> {
  return collect(limitedChunks(req, max), max, 'body');
}

/**
 * A gzip body inflated as it arrives: refused (413) as soon as either what came over the wire
 * passes `maxBodyBytes` or what it inflates to passes `maxInflatedBytes`, so a bomb never
 * expands beyond the limit in memory; anything that is not gzip is a 400.
 */
async function readGzip(req: Request, limits: BodyLimits): Promise<Buffer> {
  const gunzip = createGunzip();
  const inflated = collect(gunzip, limits.maxInflatedBytes, 'inflated body');
  try {
    await Promise.all([pipeline(Readable.from(limitedChunks(req, limits.maxBodyBytes)), gunzip), inflated]);
  } catch (first) {
    gunzip.destroy();
    // Both sides may fail (a limit passed, then the stream it broke): the limit is the reason to tell.
    const reasons = [first, await inflated.then(() => null, (err: unknown) => err)];
    const told = reasons.find((err) => err instanceof AppError);
    if (told) throw told;
    throw new AppError('MALFORMED_REQUEST', 'The body is not valid gzip');
  }
  return inflated;
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
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity') {
    throw new AppError('UNSUPPORTED_ENCODING', `Unsupported content-encoding '${encoding.slice(0, 40)}': send gzip or identity`, { accepted: ['gzip', 'identity'] });
  }
  const raw = encoding === 'gzip' ? await readGzip(c.req.raw, limits) : await readLimited(c.req.raw, limits.maxBodyBytes);
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
