// Rows as node-postgres returns them, and their mapping to the store's types. jsonb arrives
// parsed; timestamptz arrives as a Date (read back as the ISO string the server wrote, which is
// always toISOString() output); bigint arrives as a string.
import type { OutboundRow, Receipt, SessionRow, StoredRecord } from './store';

export interface PgRecordRow {
  municipality: string;
  kind: string;
  id: string;
  rev: number;
  seq: string;
  data: Record<string, unknown>;
  field_revs: StoredRecord['fieldRevs'];
  updated_at: Date;
  updated_by: string;
  origin_device: string | null;
}

export interface PgSessionRow {
  token_hash: string;
  user_id: string;
  device_id: string | null;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface PgReceiptRow {
  mutation_id: string;
  device_id: string;
  user_id: string;
  result: Receipt['result'];
  at: Date;
}

export interface PgOutboundRow {
  id: string;
  municipality: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_error: string | null;
}

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A change sequence number; exact up to 2^53, far beyond any real deployment. */
export const seqNumber = (v: string | number): number => Number(v);

/** jsonb parameters are sent as JSON text: node-postgres would turn a JS array into a SQL array. */
export const json = (v: unknown): string => JSON.stringify(v);

export const toRecord = (r: PgRecordRow): StoredRecord => ({
  municipality: r.municipality,
  kind: r.kind,
  id: r.id,
  rev: r.rev,
  seq: seqNumber(r.seq),
  data: r.data,
  fieldRevs: r.field_revs,
  updatedAt: iso(r.updated_at),
  updatedBy: r.updated_by,
  ...(r.origin_device ? { origin: r.origin_device } : {}),
});

export const toSession = (r: PgSessionRow): SessionRow => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  deviceId: r.device_id,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
  revokedAt: isoOrNull(r.revoked_at),
});

export const toReceipt = (r: PgReceiptRow): Receipt => ({
  mutationId: r.mutation_id,
  deviceId: r.device_id,
  userId: r.user_id,
  result: r.result,
  at: iso(r.at),
});

export const toOutbound = (r: PgOutboundRow): OutboundRow => ({
  id: r.id,
  municipality: r.municipality,
  payload: r.payload,
  createdAt: iso(r.created_at),
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  deliveredAt: isoOrNull(r.delivered_at),
  lastError: r.last_error,
});

export const RECORD_COLUMNS = 'municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by, origin_device';
