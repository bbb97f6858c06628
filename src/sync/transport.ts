import { createApiClient, type ApiClient } from '../api/client';
import { loginResponseSchema, type LoginResponse } from '#shared/auth';
import { ALLOWED_FILE_TYPES } from '#shared/files/file-type';
import {
  PULL_FEATURES,
  pullWireResponseSchema,
  pushWireResponseSchema,
  type Mutation,
  type PullRequest,
  type MutationResult,
  type PullWireResponse,
  type PushRequest,
} from '#shared/sync-protocol';
import { mutationToWire, pageFromWire, PUSH_FEATURES, resultsFromWire } from '#shared/sync-wire';
import { uploadStateSchema, type UploadState } from '#shared/files/file-schema';

/** A push as the engine makes it: its changes as stored (the transport writes their wire form). */
export type DevicePush = Omit<PushRequest, 'mutations' | 'features'> & { mutations: Mutation[] };

/** The answer as the engine reads it: every answer with its change's id; the page as the server holds it but for sequence numbers. */
export interface DevicePushResponse {
  results: MutationResult[];
  pull?: PullWireResponse;
}

export interface Transport {
  push(req: DevicePush): Promise<DevicePushResponse>;
  pull(req: PullRequest): Promise<PullWireResponse>;
}

/** The attachments channel: resumable uploads and downloads by hash. */
export interface FileTransport {
  startUpload(hash: string, info: { size: number; type: string; name: string }): Promise<UploadState>;
  putChunk(hash: string, offset: number, bytes: Uint8Array): Promise<UploadState>;
  download(hash: string): Promise<Uint8Array>;
}

export interface SessionTransport extends Transport, FileTransport {
  login(username: string, password: string, deviceId: string): Promise<LoginResponse>;
  refresh(): Promise<LoginResponse>;
}

/** Files stored before the allow-list that are none of its types come as opaque bytes. */
const DOWNLOAD_TYPES = [...ALLOWED_FILE_TYPES, 'application/octet-stream'];

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The sync engine's calls, on the app's one client (src/api/client.ts): failures are
 * ApiCallErrors whose `kind` says what the engine should do about them.
 */
export function syncTransport(client: ApiClient): SessionTransport {
  return {
    startUpload: (hash, info) => client.post(`/api/blobs/${hash}/start`, info, uploadStateSchema),
    putChunk: (hash, offset, bytes) => client.putBytes(`/api/blobs/${hash}?offset=${offset}`, bytes, uploadStateSchema),
    // A file is named by its hash: bytes that do not hash to it are not that file (a captive portal's page).
    download: async (hash) => (await client.file(`/api/blobs/${hash}`, { accept: DOWNLOAD_TYPES, verify: async (b) => (await sha256Hex(b)) === hash })).bytes,
    push: async (req) => {
      // The wire form (sync-wire.ts): creates without a second id, answers placed by position.
      const body = { ...req, mutations: req.mutations.map(mutationToWire), features: [...PUSH_FEATURES], ...(req.pull ? { pull: { features: [...PULL_FEATURES], ...req.pull } } : {}) };
      const res = await client.post('/api/sync/push', body, pushWireResponseSchema);
      return { results: resultsFromWire(req.mutations, res.results), ...(res.pull ? { pull: pageFromWire(res.pull) } : {}) };
    },
    pull: async (req) => pageFromWire(await client.post('/api/sync/pull', { features: [...PULL_FEATURES], ...req }, pullWireResponseSchema)),
    refresh: () => client.post('/api/auth/refresh', {}, loginResponseSchema),
    login: (username, password, deviceId) => client.post('/api/auth/login', { username, password, deviceId }, loginResponseSchema),
  };
}

/** A transport with its own client (tests, tools): the app shares one client per session instead. */
export function createTransport(opts: Parameters<typeof createApiClient>[0]): SessionTransport {
  return syncTransport(createApiClient(opts));
}
