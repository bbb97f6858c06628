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
import { serverFeatures, type ServerFeatures } from './server-features';

/** A push as the engine makes it: its changes as stored (the transport writes their wire form). */
export type DevicePush = Omit<PushRequest, 'mutations' | 'features'> & { mutations: Mutation[] };

/**
 * The answer as the engine reads it: every answer with its change's id (undefined: the server did
 * not read that change, it goes again); the page as the server holds it but for sequence numbers.
 */
export interface DevicePushResponse {
  results: (MutationResult | undefined)[];
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

/**
 * Said on pulls too (`create-id` means nothing to a pull): a device whose first sync is a pull
 * learns from its answer that its pushes may go in the compact form.
 */
const PULL_DECLARED = [...PULL_FEATURES, 'create-id'];

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
export function syncTransport(client: ApiClient, server: ServerFeatures): SessionTransport {
  return {
    startUpload: (hash, info) => client.post(`/api/blobs/${hash}/start`, info, uploadStateSchema),
    putChunk: (hash, offset, bytes) => client.putBytes(`/api/blobs/${hash}?offset=${offset}`, bytes, uploadStateSchema),
    // A file is named by its hash: bytes that do not hash to it are not that file (a captive portal's page).
    download: async (hash) => (await client.file(`/api/blobs/${hash}`, { accept: DOWNLOAD_TYPES, verify: async (b) => (await sha256Hex(b)) === hash })).bytes,
    push: async (req) => {
      // The wire form (sync-wire.ts): answers placed by position; creates without a second id
      // only to a server that said it reads them so.
      const stripped = await server.knows('create-id');
      const mutations = stripped ? req.mutations.map(mutationToWire) : req.mutations;
      const body = { ...req, mutations, features: [...PUSH_FEATURES], ...(req.pull ? { pull: { features: PULL_DECLARED, ...req.pull } } : {}) };
      const res = await client.post('/api/sync/push', body, pushWireResponseSchema);
      await server.heard(res.features);
      return { results: resultsFromWire(req.mutations, res.results, { stripped, features: res.features }), ...(res.pull ? { pull: pageFromWire(res.pull) } : {}) };
    },
    pull: async (req) => {
      const page = await client.post('/api/sync/pull', { features: PULL_DECLARED, ...req }, pullWireResponseSchema);
      await server.heard(page.features);
      return pageFromWire(page);
    },
    refresh: () => client.post('/api/auth/refresh', {}, loginResponseSchema),
    login: (username, password, deviceId) => client.post('/api/auth/login', { username, password, deviceId }, loginResponseSchema),
  };
}

/** A transport with its own client (tests, tools): the app shares one client per session instead. */
export function createTransport(opts: Parameters<typeof createApiClient>[0], server: ServerFeatures = serverFeatures(opts.baseUrl)): SessionTransport {
  return syncTransport(createApiClient(opts), server);
}
