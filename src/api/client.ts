import ky, { type KyInstance } from 'ky';
import { z } from 'zod/mini';
import { apiErrorSchema, type ApiError, type ErrorCode } from '#shared/errors';
import { ApiCallError, type FailureKind } from './api-call-error';

export { ApiCallError, errorText, type FailureCause, type FailureKind } from './api-call-error';

/**
 * The app's one way to call the server (the sync engine, sign-in and every screen): ky with the
 * session's headers, every answer parsed by its schema from src/shared, every failure turned
 * into an ApiCallError with the Spanish text to show. A test keeps `fetch(` out of the rest of
 * src/ (tests/unit/api/one-client.test.ts).
 */
export interface ApiClientOptions {
  /** The server's origin (`location.origin` in the app). */
  baseUrl: string;
  /** The session's token, read at each call (it changes on refresh). */
  getToken?: () => string | null;
  /** Headers for every call (device id, app version, pending count for the admin screens). */
  headers?: () => Record<string, string>;
  timeoutMs?: number;
  /** JSON bodies above this size (bytes) go gzipped. */
  gzipAbove?: number;
}

export interface CallOptions {
  /** The text when no answer comes, for a screen that can say what needs a connection. */
  offline?: string;
  /** Codes whose server message is written for the person (in Spanish) and shown as is. */
  serverWords?: readonly ErrorCode[];
  timeoutMs?: number;
}

/** A file the server sent (an export, an attachment). */
export interface ServerFile {
  bytes: Uint8Array;
  /** The media type, without parameters. */
  type: string;
  /** The name in Content-Disposition, if any. */
  name: string | null;
}

export interface FileOptions extends CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The media types this call may answer with. */
  accept: readonly string[];
  /** A further check of the bytes (e.g. that they hash to the name asked for). */
  verify?: (bytes: Uint8Array) => boolean | Promise<boolean>;
}

export interface ApiClient {
  get<T>(path: string, schema: z.ZodMiniType<T>, opts?: CallOptions): Promise<T>;
  post<T>(path: string, body: unknown, schema: z.ZodMiniType<T>, opts?: CallOptions): Promise<T>;
  patch<T>(path: string, body: unknown, schema: z.ZodMiniType<T>, opts?: CallOptions): Promise<T>;
  /** Raw bytes up (a file's chunk), a JSON answer back. */
  putBytes<T>(path: string, bytes: Uint8Array, schema: z.ZodMiniType<T>, opts?: CallOptions): Promise<T>;
  file(path: string, opts: FileOptions): Promise<ServerFile>;
}

/** Longest wait a server may impose on this device: beyond it, something is wrong with the answer. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Retry-After in seconds or as an HTTP date. */
function retryAfterOf(res: Response): number | null {
  const value = res.headers.get('retry-after')?.trim();
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

function kindOf(status: number): FailureKind {
  if (status === 401) return 'auth';
  if (status === 413) return 'too-large';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'fatal';
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** `filename*=UTF-8''…` or `filename="…"`. */
function fileNameOf(res: Response): string | null {
  const header = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed encoding: fall back to the plain name, if any.
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}

type Body = { json: unknown } | { bytes: Uint8Array } | null;

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl.replace(/\/$/, '');
  const gzipAbove = opts.gzipAbove ?? 1024;
  const http: KyInstance = ky.create({
    timeout: opts.timeoutMs ?? 60_000,
    retry: 0,
    // Status codes are this module's to judge (below), with the answer's body.
    throwHttpErrors: false,
    hooks: {
      beforeRequest: [
        (request) => {
          const token = opts.getToken?.();
          if (token) request.headers.set('authorization', `Bearer ${token}`);
          for (const [k, v] of Object.entries(opts.headers?.() ?? {})) request.headers.set(k, v);
        },
      ],
    },
  });

  /** No answer came (no connection, a cut connection, a timeout). */
  const offline = (err: unknown, call: CallOptions): ApiCallError => {
    const reason = err instanceof Error ? err.message : String(err);
    return new ApiCallError('retryable', { code: 'INTERNAL', message: `Sin conexión con el servidor (${reason})` }, null, null, { text: call.offline });
  };

  /** An answer that is not what this build expects: said (and logged), never guessed at. */
  const unreadable = (what: string, status: number, problem: string): ApiCallError => {
    console.error(`[api] ${what}: unreadable answer (HTTP ${status}): ${problem}`);
    return new ApiCallError('retryable', { code: 'INTERNAL', message: `Unreadable answer (HTTP ${status})` }, status, null, { cause: 'unreadable' });
  };

  const send = async (method: string, path: string, body: Body, call: CallOptions): Promise<Response> => {
    const headers: Record<string, string> = {};
    let payload: BodyInit | undefined;
    if (body && 'bytes' in body) {
      headers['content-type'] = 'application/octet-stream';
      payload = body.bytes as BodyInit;
    } else if (body) {
      const text = JSON.stringify(body.json);
      const compress = text.length > gzipAbove && typeof CompressionStream !== 'undefined';
      headers['content-type'] = 'application/json';
      if (compress) headers['content-encoding'] = 'gzip';
      payload = compress ? await gzip(text) : text;
    }
    let res: Response;
    try {
      res = await http(`${base}${path}`, { method, headers, body: payload, ...(call.timeoutMs ? { timeout: call.timeoutMs } : {}) });
    } catch (err) {
      throw offline(err, call);
    }
    if (!res.ok) throw await refusal(`${method} ${path}`, res, call);
    return res;
  };

  /** The server's `{ code, message, details }`, or a stand-in for a proxy's error page. */
  const refusal = async (what: string, res: Response, call: CallOptions): Promise<ApiCallError> => {
    let error: ApiError = { code: 'INTERNAL', message: `HTTP ${res.status}` };
    let text: string | undefined;
    try {
      const parsed = apiErrorSchema.safeParse(JSON.parse(await res.text()));
      if (parsed.success) error = parsed.data;
      else console.error(`[api] ${what}: error answer (HTTP ${res.status}) not in the API's error shape: ${z.prettifyError(parsed.error)}`);
    } catch {
      // Not JSON (a proxy's error page, a cut connection): the status says what it can.
    }
    if (call.serverWords?.includes(error.code)) text = error.message;
    const kind = kindOf(res.status);
    return new ApiCallError(kind, error, res.status, kind === 'retryable' ? retryAfterOf(res) : null, { text });
  };

  async function json<T>(method: string, path: string, body: Body, schema: z.ZodMiniType<T>, call: CallOptions = {}): Promise<T> {
    const what = `${method} ${path}`;
    const res = await send(method, path, body, call);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw offline(err, call);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw unreadable(what, res.status, 'not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw unreadable(what, res.status, z.prettifyError(parsed.error));
    return parsed.data;
  }

  return {
    get: (path, schema, call) => json('GET', path, null, schema, call),
    post: (path, body, schema, call) => json('POST', path, { json: body }, schema, call),
    patch: (path, body, schema, call) => json('PATCH', path, { json: body }, schema, call),
    putBytes: (path, bytes, schema, call) => json('PUT', path, { bytes }, schema, call),
    async file(path, call) {
      const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
      const what = `${method} ${path}`;
      const res = await send(method, path, call.body === undefined ? null : { json: call.body }, call);
      const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!call.accept.some((t) => t.split(';')[0]?.trim().toLowerCase() === type)) throw unreadable(what, res.status, `type '${type}'`);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await res.arrayBuffer());
      } catch (err) {
        throw offline(err, call);
      }
      if (call.verify && !(await call.verify(bytes))) throw unreadable(what, res.status, 'the bytes failed their check');
      return { bytes, type, name: fileNameOf(res) };
    },
  };
}
