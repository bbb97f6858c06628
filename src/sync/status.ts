import type { ApiError } from '#shared/errors';

export interface SyncStatus {
  online: boolean;
  running: boolean;
  /** Changes waiting in the outbox. */
  pending: number;
  /** Changes the server refused, kept for a person to review. */
  rejected: number;
  /** While pushing: how many of this run's changes have been acknowledged. */
  sending: { done: number; total: number } | null;
  lastSyncAt: string | null;
  lastError: (ApiError & { at: string }) | null;
  nextRetryAt: string | null;
  /** The server asked to wait before sending more (its volume budget): changes wait until then. */
  pushPausedUntil: string | null;
  /** The server no longer accepts this session: sign in again (nothing local is lost). */
  needsSignIn: boolean;
  /** The attachments queue: files waiting, set aside, and bytes sent of those waiting. */
  files: { pending: number; failed: number; sentBytes: number; totalBytes: number };
}

export const INITIAL_STATUS: SyncStatus = {
  online: true,
  running: false,
  pending: 0,
  rejected: 0,
  sending: null,
  lastSyncAt: null,
  lastError: null,
  nextRetryAt: null,
  pushPausedUntil: null,
  needsSignIn: false,
  files: { pending: 0, failed: 0, sentBytes: 0, totalBytes: 0 },
};
