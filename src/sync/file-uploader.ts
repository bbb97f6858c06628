import type { GelDb } from '../db/database';
import { FILE_LIMITS } from '#shared/files/file-schema';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { ApiError } from '#shared/errors';
import { ApiCallError } from '../api/client';
import type { FileTransport } from './transport';

export interface UploadProgress {
  pending: number;
  failed: number;
  sentBytes: number;
  totalBytes: number;
}

export async function fileProgress(db: GelDb): Promise<UploadProgress> {
  const open = await db.file.where('state').anyOf('queued', 'failed').toArray();
  return {
    pending: open.filter((f) => f.state === 'queued').length,
    failed: open.filter((f) => f.state === 'failed').length,
    sentBytes: open.reduce((n, f) => n + f.sent, 0),
    totalBytes: open.reduce((n, f) => n + f.size, 0),
  };
}

/** The server's wait (its upload volume budget): every queued file waits until then, none counts a failed attempt. */
export interface ServerWait {
  until: string;
  error: ApiError;
}

/**
 * Holds every queued file due before `until` (the budget is the person's, not one file's):
 * nothing is marked failed or counted as an attempt, and "Sincronizar ahora" does not send them
 * sooner (see `releaseFileBackoffs`).
 */
async function waitForServer(db: GelDb, wait: ServerWait): Promise<void> {
  await db.file
    .where('state')
    .equals('queued')
    .filter((f) => f.nextAttemptAt < wait.until)
    .modify({ nextAttemptAt: wait.until, error: wait.error });
}

/** "Sincronizar ahora" or the link back: files waiting out a backoff go now, not those the server asked to wait. */
export async function releaseFileBackoffs(db: GelDb, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.file
    .where('state')
    .equals('queued')
    .filter((f) => f.error?.code !== 'RATE_LIMITED' || f.nextAttemptAt <= at)
    .modify({ nextAttemptAt: new Date(0).toISOString() });
}

/**
 * Sends queued files chunk by chunk after the records. Each chunk's confirmation is saved, so
 * after a drop the upload resumes from the server's count; one failing file is set aside (or
 * retried later) and never blocks the others.
 * Returns whether some file is waiting for a retry because the link failed, and the server's
 * wait when it asked for one (Retry-After): the upload stops there and resumes after it.
 */
export async function uploadQueuedFiles(
  db: GelDb,
  transport: FileTransport,
  opts: { chunkBytes?: number; backoff?: BackoffPolicy; now?: () => Date; onProgress?: () => void } = {},
): Promise<{ retryLater: boolean; serverWait?: ServerWait }> {
  const chunk = opts.chunkBytes ?? FILE_LIMITS.chunkBytes;
  const now = opts.now ?? (() => new Date());
  let retryLater = false;
  const queued = await db.file.where('state').equals('queued').sortBy('createdAt');
  const due = queued.filter((f) => f.nextAttemptAt <= now().toISOString());
  // Files the server asked to wait for, still waiting: the engine is to come back then.
  const held = queued.filter((f) => f.nextAttemptAt > now().toISOString() && f.error?.code === 'RATE_LIMITED');
  const earliest = held.reduce<(typeof held)[number] | undefined>((a, f) => (a && a.nextAttemptAt <= f.nextAttemptAt ? a : f), undefined);
  for (const f of due) {
    try {
      let state = await transport.startUpload(f.hash, { size: f.size, type: f.type, name: f.name });
      while (!state.complete) {
        const offset = state.received;
        try {
          state = await transport.putChunk(f.hash, offset, f.bytes.subarray(offset, Math.min(offset + chunk, f.size)));
        } catch (err) {
          const received = (err as ApiCallError).apiError?.details as { received?: number } | undefined;
          if (err instanceof ApiCallError && err.apiError.code === 'OFFSET_MISMATCH' && typeof received?.received === 'number') {
            state = { ...state, received: received.received };
            continue;
          }
          throw err;
        }
        await db.file.update(f.hash, { sent: state.received });
        opts.onProgress?.();
      }
      await db.file.update(f.hash, { state: 'sent', sent: f.size, error: null });
    } catch (err) {
      const te = err instanceof ApiCallError ? err : null;
      if (te?.apiError.code === 'RATE_LIMITED' && te.retryAfterMs !== null) {
        const serverWait = { until: new Date(now().getTime() + te.retryAfterMs).toISOString(), error: te.apiError };
        await waitForServer(db, serverWait);
        opts.onProgress?.();
        return { retryLater: true, serverWait };
      }
      const attempts = f.attempts + 1;
      if (te && (te.kind === 'retryable' || te.kind === 'auth' || te.apiError.code === 'HASH_MISMATCH')) {
        retryLater = true;
        const delay = backoffDelay(attempts, opts.backoff);
        await db.file.update(f.hash, { attempts, error: te.apiError, nextAttemptAt: new Date(now().getTime() + delay).toISOString() });
        if (te.kind === 'auth') break;
      } else {
        // Refused for good (too large, not allowed): set aside with the reason, shown to the user.
        await db.file.update(f.hash, {
          attempts,
          state: 'failed',
          error: te?.apiError ?? { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
        });
      }
    }
    opts.onProgress?.();
  }
  if (earliest?.error) return { retryLater: true, serverWait: { until: earliest.nextAttemptAt, error: earliest.error } };
  return { retryLater };
}
