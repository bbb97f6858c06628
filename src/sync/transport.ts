import ky, { HTTPError, type KyInstance } from 'ky';
import { apiErrorSchema, type ApiError } from '../shared/errors';
import { loginResponseSchema, type LoginResponse } from '../shared/auth';
import {
  PULL_FEATURES,
  pullResponseSchema,
  pushResponseSchema,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../shared/sync-protocol';
import { uploadStateSchema, type UploadState } from '../shared/files/file-schema';

/** Why a request failed, sorted by what the engine should do about it. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'retryable' | 'auth' | 'too-large' | 'fatal',
    readonly apiError: ApiError,
    readonly status: number | null,
    /** How long the server asked to wait before trying again (Retry-After), if it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(apiError.message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  push(req: PushRequest): Promise<PushResponse>;
  pull(req: PullRequest): Promise<PullResponse>;
}

/** The attachments channel: resumable uploads and downloads by hash. */
export interface FileTransport {
  startUpload(hash: string, info: { size: number; type: string; name: string }): Promise<UploadState>;
  putChunk(hash: string, offset: number, bytes: Uint8Array): Promise<UploadState>;
  download(hash: string): Promise<Uint8Array>;
}

export interface TransportOptions {
  baseUrl: string;
  getToken: () => string | null;
  timeoutMs?: number;
  /** Compress request bodies above this size (bytes). */
  gzipAbove?: number;
  /** Headers for every request (device id, app version, pending count for the admin screens). */
  headers?: () => Record<string, string>;
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
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

async function toTransportError(err: unknown): Promise<TransportError> {
  if (err instanceof HTTPError) {
    const status = err.response.status;
    let body: ApiError = { code: 'INTERNAL', message: `HTTP ${status}` };
    try {
      const parsed = apiErrorSchema.safeParse(await err.response.json());
      if (parsed.success) body = parsed.data;
    } catch {
      // Not JSON (a proxy's error page, a cut connection): keep the status.
    }
    if (status === 401) return new TransportError('auth', body, status);
    if (status === 413) return new TransportError('too-large', body, status);
    if (status === 408 || status === 429 || status >= 500) return new TransportError('retryable', body, status, retryAfterOf(err.response));
    return new TransportError('fatal', body, status);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TransportError('retryable', { code: 'INTERNAL', message: `Sin conexión con el servidor (${message})` }, null);
}

export function createTransport(
  opts: TransportOptions,
): Transport & FileTransport & { login(u: string, p: string, deviceId: string): Promise<LoginResponse>; refresh(): Promise<LoginResponse> } {
  const base = opts.baseUrl.replace(/\/$/, '');
  const client: KyInstance = ky.create({
    timeout: opts.timeoutMs ?? 60_000,
    retry: 0,
    hooks: {
      beforeRequest: [
        (request) => {
          const token = opts.getToken();
          if (token) request.headers.set('authorization', `Bearer ${token}`);
          for (const [k, v] of Object.entries(opts.headers?.() ?? {})) request.headers.set(k, v);
        },
      ],
    },
  });
  const gzipAbove = opts.gzipAbove ?? 1024;

  async function post<T>(path: string, payload: unknown, parse: (v: unknown) => T): Promise<T> {
    const text = JSON.stringify(payload);
    const compress = text.length > gzipAbove && typeof CompressionStream !== 'undefined';
    try {
      const res = await client.post(`${base}${path}`, {
        body: compress ? await gzip(text) : text,
        headers: { 'content-type': 'application/json', ...(compress ? { 'content-encoding': 'gzip' } : {}) },
      });
      return parse(await res.json());
    } catch (err) {
      throw await toTransportError(err);
    }
  }

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw await toTransportError(err);
    }
  }

  return {
    startUpload: (hash, info) => post(`/api/blobs/${hash}/start`, info, (v) => uploadStateSchema.parse(v)),
    putChunk: (hash, offset, bytes) =>
      call(async () =>
        uploadStateSchema.parse(
          await client.put(`${base}/api/blobs/${hash}?offset=${offset}`, { body: bytes as BodyInit, headers: { 'content-type': 'application/octet-stream' } }).json(),
        ),
      ),
    download: (hash) => call(async () => new Uint8Array(await client.get(`${base}/api/blobs/${hash}`).arrayBuffer())),
    push: (req) => post('/api/sync/push', req, (v) => pushResponseSchema.parse(v)),
    pull: (req) => post('/api/sync/pull', { features: [...PULL_FEATURES], ...req }, (v) => pullResponseSchema.parse(v)),
    refresh: () => post('/api/auth/refresh', {}, (v) => loginResponseSchema.parse(v)),
    login: (username, password, deviceId) =>
      post('/api/auth/login', { username, password, deviceId }, (v) => loginResponseSchema.parse(v)),
  };
}
