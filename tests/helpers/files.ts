// Files for the attachments tests (real signatures, with whatever payload a test needs) and the
// calls a device makes on the attachments channel, over real HTTP.
import { createHash } from 'node:crypto';
import { createMutation } from './fixtures';
import { http, type HttpResult } from './server-process';

const SIGNATURES = {
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  pdf: [...Buffer.from('%PDF-1.4\n')],
} as const;

/** Bytes that begin like a photo or a PDF and carry `payload` after the signature. */
export const fileOf = (kind: keyof typeof SIGNATURES, payload: string) => Buffer.concat([Buffer.from(SIGNATURES[kind]), Buffer.from(payload)]);

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface UploadOutcome {
  hash: string;
  started: HttpResult<{ received: number; complete: boolean }>;
  /** The last chunk's answer (or the start's, when nothing had to be sent). */
  last: HttpResult<{ complete?: boolean; code?: string; message?: string; details?: unknown }>;
}

/** start + PUT chunks from where the server says, as the device's uploader does; stops at the first refusal. */
export async function upload(url: string, token: string, bytes: Buffer, opts: { name?: string; type?: string; chunk?: number } = {}): Promise<UploadOutcome> {
  const hash = sha256(bytes);
  const started = await http<{ received: number; complete: boolean }>(url, `/api/blobs/${hash}/start`, {
    token,
    body: { size: bytes.length, name: opts.name ?? 'archivo', ...(opts.type ? { type: opts.type } : {}) },
  });
  let last: UploadOutcome['last'] = started;
  let offset = started.body.received;
  while (started.status === 200 && !started.body.complete && offset < bytes.length) {
    const end = Math.min(bytes.length, offset + (opts.chunk ?? bytes.length));
    last = await http(url, `/api/blobs/${hash}?offset=${offset}`, {
      method: 'PUT',
      token,
      body: new Uint8Array(bytes.subarray(offset, end)),
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (last.status !== 200) break;
    offset = end;
  }
  return { hash, started, last };
}

/** Files a request whose `files` field references these files (as a device would push it); gives its id. */
export async function fileRequestWith(
  url: string,
  token: string,
  files: { hash: string; name: string; type: string; size: number }[],
  over: Record<string, unknown> = {},
): Promise<string> {
  const mutation = createMutation({ files, ...over });
  const res = await http<{ results: { status: string; error?: unknown }[] }>(url, '/api/sync/push', {
    token,
    body: { deviceId: `device-${token.slice(0, 8)}`, mutations: [mutation] },
  });
  if (res.body.results?.[0]?.status !== 'applied') throw new Error(`push not applied: ${JSON.stringify(res.body)}`);
  return mutation.recordId;
}

/** Pushes a new portal draft whose one image names `hash`; answers the push's result status. */
export async function draftWithImage(url: string, token: string, deviceId: string, hash: string, title: string, name: string): Promise<string | undefined> {
  const res = await http<{ results: { status: string }[] }>(url, '/api/sync/push', {
    token,
    body: {
      deviceId,
      mutations: [
        {
          id: crypto.randomUUID(),
          kind: 'portal_draft',
          recordId: crypto.randomUUID(),
          op: 'create',
          baseRev: null,
          data: { title, category: 'eventos', images: [{ id: crypto.randomUUID(), name, alt: '', hash }] },
          at: '2026-03-10T15:00:00.000Z',
        },
      ],
    },
  });
  return res.body.results?.[0]?.status;
}

export const download = (url: string, token: string, hash: string) => http(url, `/api/blobs/${hash}`, { token });
