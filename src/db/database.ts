import Dexie, { type Table } from 'dexie';
import type { Conflict, Pqrsd } from '../shared/records';
import type { Lifecycle, PqrsdEvent } from '../shared/pqrsd/lifecycle-schema';
import type { AttendanceMark, Course, Evaluation, Official, TrainingSession } from '../shared/training/training-schema';
import type { CategorySetting, PortalDraft, PortalRevision, PortalStep } from '../shared/portal/portal-schema';
import type { Computer, GelPhase, PlanAction, PlanGoal, PlanMeasurement, PlanReport } from '../shared/plan/plan-schema';
import type { ApiError } from '../shared/errors';
import type { DataSubjectRequest } from '../shared/habeas/data-subject-request';
import type { Mutation } from '../shared/sync-protocol';

/** Where a local record stands with the server. */
export type SyncState = 'pending' | 'synced' | 'rejected';

/** A record as the device keeps it: the server's fields plus local sync bookkeeping. */
export type LocalRecord<T> = T & {
  /** Server revision the local copy is based on; 0 until the server has it. */
  _rev: number;
  _sync: SyncState;
};

/** Until the first sync the device fills what the server would (radicado stays null). */
export type LocalPqrsd = LocalRecord<Pqrsd> & {
  /** Search words (local index only, never sent). */
  _search: string[];
  /** The lifecycle as the server last said; `lifecycle` adds this device's unsent steps. */
  _base: Lifecycle;
};
export type LocalPqrsdEvent = LocalRecord<PqrsdEvent>;
export type LocalDraft = LocalRecord<PortalDraft> & {
  /** Fields typed on this device and saved here, not yet in the outbox (autosave). */
  _dirty?: string[];
};
export type LocalConflict = Conflict;

export interface OutboxEntry {
  seq?: number;
  mutationId: string;
  kind: string;
  recordId: string;
  mutation: Mutation;
  createdAt: string;
  /** Times the server failed applying it (answered INTERNAL); absent until it first fails. */
  attempts?: number;
}

/** A change the server kept failing on, set aside so that the rest flows (see applyPushResults). */
export interface SetAside {
  attempts: number;
  /** The app's version when it was set aside: a new version sends it again. */
  appVersion: string;
  /** Its place in the outbox, where it goes back to. */
  seq: number;
  createdAt: string;
}

/** A change the server refused for good, or set aside: kept with its reason until a person acts. */
export interface QuarantineEntry {
  mutationId: string;
  kind: string;
  recordId: string;
  mutation: Mutation;
  error: ApiError;
  at: string;
  setAside?: SetAside;
}

/** A file on the device: kept until the server has verified it, then as a cache. */
export interface LocalFile {
  hash: string;
  name: string;
  type: string;
  size: number;
  bytes: Uint8Array;
  /** Bytes the server has confirmed. */
  sent: number;
  state: 'queued' | 'sent' | 'failed';
  error: ApiError | null;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export class GelDb extends Dexie {
  pqrsd!: Table<LocalPqrsd, string>;
  pqrsd_event!: Table<LocalPqrsdEvent, string>;
  official!: Table<LocalRecord<Official>, string>;
  course!: Table<LocalRecord<Course>, string>;
  training_session!: Table<LocalRecord<TrainingSession>, string>;
  attendance_mark!: Table<LocalRecord<AttendanceMark>, string>;
  evaluation!: Table<LocalRecord<Evaluation>, string>;
  portal_category!: Table<LocalRecord<CategorySetting>, string>;
  portal_draft!: Table<LocalDraft, string>;
  portal_step!: Table<LocalRecord<PortalStep>, string>;
  portal_revision!: Table<LocalRecord<PortalRevision>, string>;
  plan_action!: Table<LocalRecord<PlanAction>, string>;
  plan_goal!: Table<LocalRecord<PlanGoal>, string>;
  computer!: Table<LocalRecord<Computer>, string>;
  plan_measurement!: Table<LocalRecord<PlanMeasurement>, string>;
  gel_phase!: Table<LocalRecord<GelPhase>, string>;
  plan_report!: Table<LocalRecord<PlanReport>, string>;
  plan_signoff!: Table<LocalRecord<{ id: string; reportId: string; at: string }>, string>;
  data_subject_request!: Table<LocalRecord<DataSubjectRequest>, string>;
  conflict!: Table<LocalConflict, string>;
  file!: Table<LocalFile, string>;
  outbox!: Table<OutboxEntry, number>;
  quarantine!: Table<QuarantineEntry, string>;
  meta!: Table<MetaEntry, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      pqrsd: 'id, radicado, provisionalNumber, type, _sync, receivedAt',
      conflict: 'id, recordId, resolved',
      outbox: '++seq, &mutationId, [kind+recordId]',
      quarantine: 'mutationId, [kind+recordId], at',
      meta: 'key',
    });
    this.version(2).stores({
      pqrsd:
        'id, radicado, provisionalNumber, receivedAt, createdBy, citizen.idNumber, lifecycle.state, lifecycle.dueDate, lifecycle.dependencia, lifecycle.assignee, *_search',
      pqrsd_event: 'id, requestId',
    });
    this.version(3).stores({
      official: 'id, idNumber, fullName, dependencia, active',
      course: 'id, semester',
      training_session: 'id, courseId, date',
      attendance_mark: 'id, sessionId, officialId',
      evaluation: 'id, courseId, officialId',
    });
    this.version(4).stores({
      portal_category: 'id, category',
      portal_draft: 'id, status, category, createdBy, publishedAt',
      portal_step: 'id, draftId',
      portal_revision: 'id, draftId',
    });
    this.version(5).stores({
      plan_action: 'id, number',
      plan_goal: 'id, action, period',
      computer: 'id, dependencia, code',
      plan_measurement: 'id, action, period',
      gel_phase: 'id, number',
      plan_report: 'id, semester',
      plan_signoff: 'id, reportId',
    });
    this.version(6).stores({ file: 'hash, state, createdAt' });
    this.version(7).stores({ data_subject_request: 'id, receivedOn, type' });
  }
}

/** One database per signed-in user, so switching accounts never mixes or loses work. */
export function openDb(userId: string): GelDb {
  return new GelDb(`gel-campo-${userId}`);
}

export async function getMeta<T>(db: GelDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: GelDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
