import { sameValue } from '../reconcile/same-value';
import type { StoredRecord } from '../store/store';

/** Fields every device writes on a record it creates, as the server does (see createLocal). */
const CREATE_ENVELOPE = ['id', 'municipality', 'createdBy', 'deviceId'] as const;

/** What the device holds of a record it just created: the change's data and the envelope. */
export function createdView(data: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...data };
  for (const f of CREATE_ENVELOPE) if (f in stored) view[f] = stored[f];
  return view;
}

/**
 * Whether the device that sent an update holds the record as stored before it: it based the
 * change on the current revision, or the current state is one its own push settled (its later
 * changes were made on top of it).
 */
export function holdsCurrent(current: StoredRecord, baseRev: number | null, device: string): boolean {
  return current.rev === baseRev || current.origin === device;
}

/**
 * The fields to send back so that the device, holding `view`, ends with exactly `stored`; null
 * when no set of fields can do that (the device holds a field the server dropped: the pull must
 * bring the whole record instead).
 */
export function fieldsToSettle(stored: Record<string, unknown>, view: Record<string, unknown>): Record<string, unknown> | null {
  for (const [f, v] of Object.entries(view)) if (v !== undefined && !(f in stored)) return null;
  const out: Record<string, unknown> = {};
  for (const [f, v] of Object.entries(stored)) if (!sameValue(v, view[f])) out[f] = v;
  return out;
}
