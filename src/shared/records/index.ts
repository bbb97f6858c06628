import '../zod-locale';
import { z } from 'zod';
import type { Role } from '../roles';
import { updatable, type ParentLink, type RecordKindSpec, type RecordViewer } from './kind-spec';
import { requestVisibility } from '../pqrsd/visibility';
import { conflictSchema } from './conflict';
import { PQRSD_UPDATABLE_FIELDS, pqrsdClientFieldsSchema, pqrsdCreateSchema, pqrsdSchema } from './pqrsd';
import { pqrsdEventClientSchema, pqrsdEventSchema } from '../pqrsd/lifecycle-schema';
import {
  attendanceMarkClientSchema,
  attendanceMarkSchema,
  COURSE_UPDATABLE_FIELDS,
  courseClientSchema,
  courseCreateSchema,
  courseSchema,
  evaluationClientSchema,
  evaluationSchema,
  OFFICIAL_UPDATABLE_FIELDS,
  officialClientSchema,
  officialFieldsSchema,
  officialSchema,
  SESSION_UPDATABLE_FIELDS,
  sessionClientSchema,
  sessionSchema,
} from '../training/training-schema';
import {
  categorySettingSchema,
  DRAFT_UPDATABLE_FIELDS,
  draftClientSchema,
  draftSchema,
  portalRevisionSchema,
  portalStepClientSchema,
  portalStepSchema,
} from '../portal/portal-schema';
import {
  COMPUTER_UPDATABLE,
  computerClientSchema,
  computerSchema,
  GEL_PHASE_UPDATABLE,
  gelPhaseFieldsSchema,
  gelPhaseSchema,
  PLAN_ACTION_UPDATABLE,
  PLAN_REPORT_UPDATABLE,
  planActionFieldsSchema,
  planActionSchema,
  planGoalClientSchema,
  planGoalSchema,
  planMeasurementClientSchema,
  planMeasurementSchema,
  planReportClientSchema,
  planReportSchema,
  planSignoffClientSchema,
  planSignoffSchema,
} from '../plan/plan-schema';
import { municipalityProfileSchema, municipalityProfileUpdatableSchema, PROFILE_UPDATABLE_FIELDS } from '../municipality/municipality-schema';
import { dataSubjectRequestSchema, DSR_UPDATABLE_FIELDS, dsrClientSchema, dsrUpdatableSource } from '../habeas/data-subject-request';

const TRAINING_READ = ['admin', 'committee', 'internal_control', 'trainer'] as const;
const PORTAL_READ = ['admin', 'committee', 'internal_control', 'official', 'trainer'] as const;
const ALL_ROLES = PORTAL_READ;
const COMMITTEE = ['admin', 'committee'] as const;
const TRAINING_WRITE = ['admin', 'trainer'] as const;

export const RECORD_KINDS = {
  pqrsd: {
    schema: pqrsdSchema,
    createSchema: pqrsdCreateSchema,
    updateSchema: updatable(pqrsdClientFieldsSchema, PQRSD_UPDATABLE_FIELDS),
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
    pastDates: ['receivedAt', 'privacyNotice.shownAt'],
    fileField: 'files',
    localIndexes: ['radicado', 'provisionalNumber', 'receivedAt', 'createdBy', 'citizen.idNumber', 'lifecycle.state', '_openDue', 'lifecycle.dependencia', 'lifecycle.assignee', '*_search'],
    personalData: true,
    // An official sees their own filings and their dependencia's requests.
    visibility: requestVisibility,
  },
  pqrsd_event: {
    schema: pqrsdEventSchema,
    createSchema: pqrsdEventClientSchema,
    updateSchema: null,
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
    pastDates: ['date'],
    localIndexes: ['requestId'],
    personalData: false,
    parent: { kind: 'pqrsd', idField: 'requestId' },
  },
  official: {
    schema: officialSchema,
    createSchema: officialClientSchema,
    // The roster is the admins'; a trainer only adds walk-ins (checked on create).
    // Deactivating records the day the official left (DOMAIN.md §7: past semesters never change).
    updateSchema: updatable(officialFieldsSchema, OFFICIAL_UPDATABLE_FIELDS).refine((p) => p.active !== false || typeof p.activeUntil === 'string', {
      path: ['activeUntil'],
      message: 'Registre la fecha de retiro del funcionario',
    }),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    update: ['admin'],
    createExisting: 'keep',
    localIndexes: ['idNumber', 'fullName', 'dependencia', 'active'],
    personalData: true,
  },
  course: {
    schema: courseSchema,
    createSchema: courseCreateSchema,
    updateSchema: updatable(courseClientSchema, COURSE_UPDATABLE_FIELDS),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    localIndexes: ['semester'],
    personalData: false,
  },
  training_session: {
    schema: sessionSchema,
    createSchema: sessionClientSchema,
    updateSchema: updatable(sessionClientSchema, SESSION_UPDATABLE_FIELDS),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    localIndexes: ['courseId', 'date'],
    personalData: false,
  },
  attendance_mark: {
    schema: attendanceMarkSchema,
    createSchema: attendanceMarkClientSchema,
    updateSchema: null,
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    pastDates: ['markedAt'],
    localIndexes: ['sessionId', 'officialId'],
    // The official's signature.
    personalData: true,
  },
  evaluation: {
    schema: evaluationSchema,
    createSchema: evaluationClientSchema,
    updateSchema: null,
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    pastDates: ['takenOn', 'recordedAt'],
    localIndexes: ['courseId', 'officialId'],
    personalData: false,
  },
  portal_category: {
    schema: categorySettingSchema,
    createSchema: null, // one per category, made by the server
    updateSchema: z.object({ frequencyDays: z.number().int().min(1).max(3650) }).strict(),
    read: PORTAL_READ,
    write: ['admin', 'committee'],
    localIndexes: ['category'],
    personalData: false,
  },
  portal_draft: {
    schema: draftSchema,
    createSchema: draftClientSchema,
    // Who may change the text depends on the workflow state: checked on the server.
    updateSchema: updatable(draftClientSchema, DRAFT_UPDATABLE_FIELDS),
    read: PORTAL_READ,
    write: ['admin', 'committee', 'official'],
    fileField: 'images',
    localIndexes: ['status', 'category', 'createdBy', 'publishedAt'],
    personalData: false,
  },
  portal_step: {
    schema: portalStepSchema,
    createSchema: portalStepClientSchema,
    updateSchema: null,
    read: PORTAL_READ,
    write: ['admin', 'committee', 'official'],
    localIndexes: ['draftId'],
    personalData: false,
  },
  portal_revision: {
    schema: portalRevisionSchema,
    createSchema: null,
    updateSchema: null,
    read: PORTAL_READ,
    write: [],
    localIndexes: ['draftId'],
    personalData: false,
  },
  plan_action: {
    schema: planActionSchema,
    createSchema: null, // the six actions of the plan, loaded by the server
    updateSchema: updatable(planActionFieldsSchema, PLAN_ACTION_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
    localIndexes: ['number'],
    personalData: false,
  },
  plan_goal: {
    schema: planGoalSchema,
    createSchema: planGoalClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: COMMITTEE,
    pastDates: ['setAt'],
    localIndexes: ['action', 'period'],
    personalData: false,
  },
  computer: {
    schema: computerSchema,
    createSchema: computerClientSchema,
    updateSchema: updatable(computerClientSchema, COMPUTER_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
    localIndexes: ['dependencia', 'code'],
    personalData: false,
  },
  plan_measurement: {
    schema: planMeasurementSchema,
    createSchema: planMeasurementClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: COMMITTEE,
    pastDates: ['recordedOn', 'recordedAt', 'data.milestones.*.date'],
    localIndexes: ['action', 'period'],
    personalData: false,
  },
  gel_phase: {
    schema: gelPhaseSchema,
    createSchema: null, // the five phases, loaded by the server
    updateSchema: updatable(gelPhaseFieldsSchema, GEL_PHASE_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
    localIndexes: ['number'],
    personalData: false,
  },
  plan_report: {
    schema: planReportSchema,
    createSchema: planReportClientSchema,
    updateSchema: updatable(planReportClientSchema, PLAN_REPORT_UPDATABLE),
    read: ALL_ROLES,
    write: ['admin', 'internal_control'],
    localIndexes: ['semester'],
    personalData: false,
  },
  plan_signoff: {
    schema: planSignoffSchema,
    createSchema: planSignoffClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: ['internal_control'],
    pastDates: ['at'],
    localIndexes: ['reportId'],
    personalData: false,
  },
  // Habeas data (Ley 1581): the data-protection officer's requests; holds a person's contact data.
  data_subject_request: {
    schema: dataSubjectRequestSchema,
    createSchema: dsrClientSchema,
    updateSchema: updatable(dsrUpdatableSource, DSR_UPDATABLE_FIELDS),
    read: ['admin'],
    write: ['admin'],
    pastDates: ['receivedOn', 'extension.noticeOn', 'answer.answeredOn', 'incomplete.requiredOn', 'incomplete.completedOn', 'transfer.on', 'transfer.notifiedOn', 'legendOn'],
    localIndexes: ['receivedOn', 'type'],
    personalData: true,
  },
  municipality_profile: {
    schema: municipalityProfileSchema,
    createSchema: null, // one per municipality, made by the server from the seed
    updateSchema: updatable(municipalityProfileUpdatableSchema, PROFILE_UPDATABLE_FIELDS),
    // Every document a user prints carries it, and every rule reads its settings.
    read: ALL_ROLES,
    write: ['admin'],
    localIndexes: [],
    personalData: false,
  },
  conflict: {
    schema: conflictSchema,
    createSchema: null,
    // Resolving is marking it decided; the chosen value travels as an update of the record itself.
    updateSchema: z.object({ resolved: z.literal(true), resolution: z.enum(['server', 'client', 'custom']) }).strict(),
    // A newer value from the same device replaces the open one (see saveConflict on the server).
    decidesOn: ['serverValue', 'clientValue'],
    // Readers and resolvers of a conflict are further limited to those of the record it belongs to.
    read: ['admin', 'committee', 'internal_control', 'official', 'trainer'],
    write: ['admin', 'committee', 'official', 'trainer'],
    localIndexes: ['recordId', 'resolved'],
    // It holds copies of the record's values: a read of it is a read of that record.
    personalData: 'parent',
    parent: { kindField: 'kind', idField: 'recordId' },
  },
} as const satisfies Record<string, RecordKindSpec>;

export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_NAMES = Object.keys(RECORD_KINDS) as RecordKind[];
export const recordKindSchema = z.enum(RECORD_KIND_NAMES as [RecordKind, ...RecordKind[]]);

type Specs = typeof RECORD_KINDS;
/** A record of a kind as stored and pulled, typed from the kind's schema. */
export type RecordOf<K extends RecordKind> = z.output<Specs[K]['schema']>;
/** Kinds a device may create, and what it sends to create one. */
export type CreatableKind = { [K in RecordKind]: Specs[K]['createSchema'] extends null ? never : K }[RecordKind];
export type CreateOf<K extends CreatableKind> = z.output<NonNullable<Specs[K]['createSchema']>>;
/** Kinds a device may change, and the fields it may send. */
export type UpdatableKind = { [K in RecordKind]: Specs[K]['updateSchema'] extends null ? never : K }[RecordKind];
export type PatchOf<K extends UpdatableKind> = z.output<NonNullable<Specs[K]['updateSchema']>>;

export const CREATABLE_KINDS = RECORD_KIND_NAMES.filter((k): k is CreatableKind => RECORD_KINDS[k].createSchema !== null);
export const UPDATABLE_KINDS = RECORD_KIND_NAMES.filter((k): k is UpdatableKind => RECORD_KINDS[k].updateSchema !== null);

/** A kind's spec under its general type (optional parts readable without narrowing). */
export function specOf(kind: RecordKind): RecordKindSpec {
  return RECORD_KINDS[kind];
}

export function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORD_KINDS, kind);
}

/** Kinds whose records point at files, and the field that holds the references. */
export const FILE_FIELDS: Partial<Record<RecordKind, string>> = Object.fromEntries(
  RECORD_KIND_NAMES.flatMap((k) => {
    const spec = specOf(k);
    return spec.fileField ? [[k, spec.fileField]] : [];
  }),
);

export function kindsReadableBy(role: Role): RecordKind[] {
  return RECORD_KIND_NAMES.filter((k) => (RECORD_KINDS[k].read as readonly Role[]).includes(role));
}

export function canWrite(role: Role, kind: RecordKind): boolean {
  return (RECORD_KINDS[kind].write as readonly Role[]).includes(role);
}

/** Kinds whose records hold a person's data (the citizen's, an official's ID and signature): reads are audited. */
export const PERSONAL_DATA_KINDS: readonly RecordKind[] = RECORD_KIND_NAMES.filter((k) => specOf(k).personalData === true);

export interface RecordRef {
  kind: string;
  id: string;
}

/** The record this one belongs to (its spec's `parent`), or null for a kind that belongs to none. */
export function parentOf(kind: RecordKind, data: Record<string, unknown>): RecordRef | null {
  const link: ParentLink | undefined = specOf(kind).parent;
  if (!link) return null;
  return { kind: String('kind' in link ? link.kind : data[link.kindField]), id: String(data[link.idField]) };
}

/** Kinds that belong to records of `kind` through a fixed link (a request's steps), with the field naming it. */
export function childKindsOf(kind: RecordKind): { kind: RecordKind; idField: string }[] {
  return RECORD_KIND_NAMES.flatMap((k) => {
    const link = specOf(k).parent;
    return link && 'kind' in link && link.kind === kind ? [{ kind: k, idField: link.idField }] : [];
  });
}

/** Kinds that may belong to a record of any kind (conflicts), with the fields naming it. */
export const ANY_PARENT_KINDS = RECORD_KIND_NAMES.flatMap((k) => {
  const link = specOf(k).parent;
  return link && 'kindField' in link ? [{ kind: k, kindField: link.kindField, idField: link.idField }] : [];
});

/**
 * Whether this viewer may see this record by its kind's roles and row rule alone; a record
 * with a parent is further limited to viewers of that parent (see `parentOf`).
 */
export function canSeeRecord(viewer: RecordViewer, kind: RecordKind, data: Record<string, unknown>): boolean {
  if (!(RECORD_KINDS[kind].read as readonly Role[]).includes(viewer.role)) return false;
  const rule = specOf(kind).visibility;
  return !rule || rule.seesAll(viewer) || rule.canSee(viewer, data);
}

/** Whether a row rule hides some records of some kind from this viewer (an official, a trainer). */
export function rowRulesLimit(viewer: RecordViewer): boolean {
  return RECORD_KIND_NAMES.some((k) => {
    const rule = specOf(k).visibility;
    return rule !== undefined && !rule.seesAll(viewer);
  });
}

/** Whether some record of this kind may be hidden from this viewer by a row rule (its own or its parent's). */
export function limitsViewer(viewer: RecordViewer, kind: RecordKind): boolean {
  const spec = specOf(kind);
  if (spec.visibility && !spec.visibility.seesAll(viewer)) return true;
  const link = spec.parent;
  if (!link) return false;
  if ('kind' in link) return isRecordKind(link.kind) && limitsViewer(viewer, link.kind);
  return rowRulesLimit(viewer); // a parent of any kind: decided per record
}

/**
 * A short tag of everything that decides what a person may pull (their role and what each
 * kind's row rule looks at). A pull cursor carries it: when an admin changes someone's role or
 * dependencia, their device starts over with the new view.
 */
export function visibilityScope(viewer: RecordViewer): string {
  const rules = RECORD_KIND_NAMES.flatMap((k) => specOf(k).visibility ?? []);
  const text = [viewer.role, ...rules.map((r) => r.scope(viewer))].join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/**
 * Whether someone may download an attachment: some record they may see must reference it.
 * Those no row rule limits read every record of their municipality.
 */
export function mayDownloadFile(viewer: RecordViewer, referencing: readonly { kind: string; data: Record<string, unknown> }[]): boolean {
  return referencing.some((r) => isRecordKind(r.kind) && canSeeRecord(viewer, r.kind, r.data));
}

export type { ParentLink, RecordKindSpec, RecordViewer, VisibilityRule } from './kind-spec';
export * from './conflict';
export * from './pqrsd';
