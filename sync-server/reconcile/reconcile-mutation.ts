import type { ApiError } from '#shared/errors';
import { zodIssues } from '#shared/errors';
import { canWrite, isRecordKind, RECORD_KINDS, type RecordKind } from '#shared/records';
import type { Role } from '#shared/roles';
import type { Mutation } from '#shared/sync-protocol';
import type { StoredRecord } from '../store/store';
import { futureDates } from './past-dates';
import { sameValue } from './same-value';

export interface Actor {
  userId: string;
  /** The person's name, for what the server publishes on their behalf (a signed-off report). */
  displayName?: string;
  role: Role;
  municipality: string;
  deviceId: string;
  /** The office of an official: limits which citizen requests they may see and act on. */
  dependencia?: string | null;
  /** An admin's import of this user's sealed export file: who brought the changes in. */
  importedBy?: { userId: string; deviceId: string | null };
}

export interface FieldConflict {
  field: string;
  serverValue: unknown;
  clientValue: unknown;
}

export type Decision =
  | {
      type: 'reject';
      error: ApiError;
      /** A valid create that met a stored record: what it would have created (the kind's create rules judge it first). */
      proposed?: Record<string, unknown>;
    }
  | { type: 'create'; kind: RecordKind; data: Record<string, unknown> }
  | {
      type: 'update';
      kind: RecordKind;
      data: Record<string, unknown>;
      /** Fields whose value this change sets. */
      changed: string[];
      conflicts: FieldConflict[];
    }
  | {
      type: 'noop';
      kind: RecordKind;
      /** For a create kept as the stored record (content-derived ids): the create it stands for. */
      proposed?: Record<string, unknown>;
    };

const reject = (code: ApiError['code'], message: string, details?: unknown): Decision => ({
  type: 'reject',
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * What the role alone forbids (an unknown kind, a kind the role may not write or change). It says
 * nothing about any record, so it may answer before anything else; every other answer about a
 * stored record waits for the kind's own rules (see `judgeFirst` in sync/push.ts).
 */
export function roleRefusal(m: Pick<Mutation, 'kind' | 'op'>, role: Role): ApiError | null {
  if (!isRecordKind(m.kind)) return { code: 'UNKNOWN_KIND', message: `Unknown record kind '${m.kind}'` };
  const spec = RECORD_KINDS[m.kind];
  if (!canWrite(role, m.kind)) return { code: 'FORBIDDEN', message: `Role '${role}' may not write '${m.kind}' records` };
  if (m.op === 'update' && 'update' in spec && !(spec.update as readonly Role[]).includes(role)) {
    return { code: 'FORBIDDEN', message: `Role '${role}' may not change '${m.kind}' records` };
  }
  return null;
}

/**
 * Decides what one mutation does to the stored record, without any I/O. Creates are
 * validated whole; updates are merged field by field against the revision they were
 * based on, and a field that someone else changed since becomes a conflict. Dates a device
 * sets for when something happened are bounded by the server's clock (`now`).
 */
export function reconcileMutation(m: Mutation, current: StoredRecord | null, actor: Actor, now: Date = new Date()): Decision {
  const refusal = roleRefusal(m, actor.role);
  if (refusal) return { type: 'reject', error: refusal };
  const kind = m.kind as RecordKind;
  const spec = RECORD_KINDS[kind];
  const pastDates: readonly string[] = 'pastDates' in spec ? spec.pastDates : [];

  if (m.op === 'create') {
    if (!spec.createSchema) return reject('FORBIDDEN', `'${kind}' records are created by the server only`);
    const parsed = spec.createSchema.safeParse(m.data);
    if (!parsed.success) {
      return reject('VALIDATION_FAILED', 'The record is not valid', zodIssues(parsed.error));
    }
    const late = futureDates(parsed.data, pastDates, now);
    if (late.length > 0) return reject('VALIDATION_FAILED', 'A date is later than the server date', late);
    const data = {
      ...parsed.data,
      id: m.recordId,
      municipality: actor.municipality,
      createdBy: actor.userId,
      deviceId: actor.deviceId,
    };
    if (current && 'createExisting' in spec && spec.createExisting === 'keep') return { type: 'noop', kind, proposed: data };
    if (current) return { type: 'reject', error: { code: 'RECORD_EXISTS', message: `Record ${m.recordId} already exists` }, proposed: data };
    return { type: 'create', kind, data };
  }

  if (!current) return reject('RECORD_NOT_FOUND', `Record ${m.recordId} does not exist`);
  if (m.baseRev === null) return reject('VALIDATION_FAILED', 'An update needs the revision it was based on');
  if (!spec.updateSchema) return reject('FORBIDDEN', `'${kind}' records cannot be changed by devices`);
  const patch = spec.updateSchema.safeParse(m.data);
  if (!patch.success) {
    const readOnly = patch.error.issues.some((i) => i.code === 'unrecognized_keys');
    return reject(
      readOnly ? 'READ_ONLY_FIELD' : 'VALIDATION_FAILED',
      readOnly ? 'The change touches fields that cannot be changed' : 'The change is not valid',
      zodIssues(patch.error),
    );
  }
  const late = futureDates(patch.data, pastDates, now);
  if (late.length > 0) return reject('VALIDATION_FAILED', 'A date is later than the server date', late);
  // A revision the server never gave out: a forged or corrupted base, never "the current one".
  if (m.baseRev > current.rev) {
    return reject('VALIDATION_FAILED', `The change is based on revision ${m.baseRev}, but the record is at revision ${current.rev}`, {
      baseRev: m.baseRev,
      rev: current.rev,
    });
  }
  const decidesOn: readonly string[] = 'decidesOn' in spec ? spec.decidesOn : [];
  const baseRev = m.baseRev;
  const moved = decidesOn.filter((f) => (current.fieldRevs[f]?.rev ?? 0) > baseRev);
  if (moved.length > 0) {
    return reject('STALE_REVISION', `The change decides on values that changed after revision ${baseRev}: look at them again`, {
      baseRev,
      rev: current.rev,
      fields: moved,
    });
  }

  const data = { ...current.data };
  const changed: string[] = [];
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(patch.data)) {
    if (value === undefined || sameValue(current.data[field], value)) continue;
    const last = current.fieldRevs[field];
    // A device's own later changes were made knowing its earlier ones: never a conflict.
    if (last && last.rev > m.baseRev && last.device !== actor.deviceId) {
      conflicts.push({ field, serverValue: current.data[field], clientValue: value });
    } else {
      data[field] = value;
      changed.push(field);
    }
  }
  if (changed.length === 0 && conflicts.length === 0) return { type: 'noop', kind };

  const whole = spec.schema.safeParse(data);
  if (!whole.success) {
    return reject('VALIDATION_FAILED', 'The record would not be valid after the change', zodIssues(whole.error));
  }
  return { type: 'update', kind, data, changed, conflicts };
}
