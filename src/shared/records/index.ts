import '../zod-locale';
import { z } from 'zod';
import type { Role } from '../roles';
import { conflictSchema } from './conflict';
import { PQRSD_UPDATABLE_FIELDS, pqrsdClientFieldsSchema, pqrsdCreateSchema, pqrsdSchema } from './pqrsd';
import { pqrsdEventClientSchema, pqrsdEventSchema } from '../pqrsd/lifecycle-schema';
import {
  attendanceMarkClientSchema,
  attendanceMarkSchema,
  COURSE_UPDATABLE_FIELDS,
  courseClientSchema,
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
import { dataSubjectRequestSchema, DSR_UPDATABLE_FIELDS, dsrClientSchema, dsrUpdatableSource } from '../habeas/data-subject-request';

export interface RecordKindSpec {
  /** The record as stored on the server and pulled by devices. */
  schema: z.ZodType<Record<string, unknown>>;
  /** What a device sends to create one; null when only the server creates this kind. */
  createSchema: z.ZodType<Record<string, unknown>> | null;
  /** Per-field schemas of what a device may change afterwards. */
  updateSchema: z.ZodObject | null;
  read: readonly Role[];
  write: readonly Role[];
  /** Roles that may change a record after it exists, when narrower than `write`. */
  update?: readonly Role[];
  /**
   * A create for an id that already exists is a merge, not an error: for records whose id
   * is derived from their content (an official's ID document), the first one stays.
   */
  createExisting?: 'keep';
  /**
   * Dates a device sets that say when something happened (dotted paths, `*` for each array
   * item): the server refuses them later than its own date (plus a day's tolerance), since it
   * counts terms and numbers radicados from them. Dates of what is planned (a session, an
   * event, a new due date) are not listed.
   */
  pastDates?: readonly string[];
  /**
   * Fields an update of this kind decides on (a conflict's two values): a change based on a
   * revision older than their last change is refused (STALE_REVISION), whoever sent it, since
   * the person decided on values they did not see.
   */
  decidesOn?: readonly string[];
  /**
   * The field whose entries (`{ hash, … }`) point at files on the attachments channel. The
   * server's record_files triggers index it (a migration per kind): only such references give
   * access to a file, never a hash written in free text.
   */
  fileField?: string;
}

const TRAINING_READ = ['admin', 'committee', 'internal_control', 'trainer'] as const;
const PORTAL_READ = ['admin', 'committee', 'internal_control', 'official', 'trainer'] as const;
const ALL_ROLES = PORTAL_READ;
const COMMITTEE = ['admin', 'committee'] as const;
const TRAINING_WRITE = ['admin', 'trainer'] as const;

/** Update schema of the fields a device may change. */
function updatable(schema: z.ZodObject, fields: readonly string[]): z.ZodObject {
  // Defaults are for creating: in a patch, a field left out must stay out (zod 4 would fill it in).
  const shape = Object.fromEntries(
    fields.map((f) => {
      const field = schema.shape[f] as z.ZodType;
      const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
      return [f, bare.optional()];
    }),
  );
  return z.object(shape).strict();
}


export const RECORD_KINDS = {
  pqrsd: {
    schema: pqrsdSchema,
    createSchema: pqrsdCreateSchema,
    updateSchema: updatable(pqrsdClientFieldsSchema, PQRSD_UPDATABLE_FIELDS),
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
    pastDates: ['receivedAt', 'privacyNotice.shownAt'],
    fileField: 'files',
  },
  pqrsd_event: {
    schema: pqrsdEventSchema,
    createSchema: pqrsdEventClientSchema,
    updateSchema: null,
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
    pastDates: ['date'],
  },
  official: {
    schema: officialSchema,
    createSchema: officialClientSchema,
    // The roster is the admins'; a trainer only adds walk-ins (checked on create).
    updateSchema: updatable(officialFieldsSchema, OFFICIAL_UPDATABLE_FIELDS),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    update: ['admin'],
    createExisting: 'keep',
  },
  course: {
    schema: courseSchema,
    createSchema: courseClientSchema,
    updateSchema: updatable(courseClientSchema, COURSE_UPDATABLE_FIELDS),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
  },
  training_session: {
    schema: sessionSchema,
    createSchema: sessionClientSchema,
    updateSchema: updatable(sessionClientSchema, SESSION_UPDATABLE_FIELDS),
    read: TRAINING_READ,
    write: TRAINING_WRITE,
  },
  attendance_mark: {
    schema: attendanceMarkSchema,
    createSchema: attendanceMarkClientSchema,
    updateSchema: null,
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    pastDates: ['markedAt'],
  },
  evaluation: {
    schema: evaluationSchema,
    createSchema: evaluationClientSchema,
    updateSchema: null,
    read: TRAINING_READ,
    write: TRAINING_WRITE,
    pastDates: ['takenOn', 'recordedAt'],
  },
  portal_category: {
    schema: categorySettingSchema,
    createSchema: null, // one per category, made by the server
    updateSchema: z.object({ frequencyDays: z.number().int().min(1).max(3650) }).strict(),
    read: PORTAL_READ,
    write: ['admin', 'committee'],
  },
  portal_draft: {
    schema: draftSchema,
    createSchema: draftClientSchema,
    // Who may change the text depends on the workflow state: checked on the server.
    updateSchema: updatable(draftClientSchema, DRAFT_UPDATABLE_FIELDS),
    read: PORTAL_READ,
    write: ['admin', 'committee', 'official'],
    fileField: 'images',
  },
  portal_step: {
    schema: portalStepSchema,
    createSchema: portalStepClientSchema,
    updateSchema: null,
    read: PORTAL_READ,
    write: ['admin', 'committee', 'official'],
  },
  portal_revision: {
    schema: portalRevisionSchema,
    createSchema: null,
    updateSchema: null,
    read: PORTAL_READ,
    write: [],
  },
  plan_action: {
    schema: planActionSchema,
    createSchema: null, // the six actions of the plan, loaded by the server
    updateSchema: updatable(planActionFieldsSchema, PLAN_ACTION_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
  },
  plan_goal: {
    schema: planGoalSchema,
    createSchema: planGoalClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: COMMITTEE,
    pastDates: ['setAt'],
  },
  computer: {
    schema: computerSchema,
    createSchema: computerClientSchema,
    updateSchema: updatable(computerClientSchema, COMPUTER_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
  },
  plan_measurement: {
    schema: planMeasurementSchema,
    createSchema: planMeasurementClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: COMMITTEE,
    pastDates: ['recordedOn', 'recordedAt', 'data.milestones.*.date'],
  },
  gel_phase: {
    schema: gelPhaseSchema,
    createSchema: null, // the five phases, loaded by the server
    updateSchema: updatable(gelPhaseFieldsSchema, GEL_PHASE_UPDATABLE),
    read: ALL_ROLES,
    write: COMMITTEE,
  },
  plan_report: {
    schema: planReportSchema,
    createSchema: planReportClientSchema,
    updateSchema: updatable(planReportClientSchema, PLAN_REPORT_UPDATABLE),
    read: ALL_ROLES,
    write: ['admin', 'internal_control'],
  },
  plan_signoff: {
    schema: planSignoffSchema,
    createSchema: planSignoffClientSchema,
    updateSchema: null,
    read: ALL_ROLES,
    write: ['internal_control'],
    pastDates: ['at'],
  },
  // Habeas data (Ley 1581): the data-protection officer's requests; holds a person's contact data.
  data_subject_request: {
    schema: dataSubjectRequestSchema,
    createSchema: dsrClientSchema,
    updateSchema: updatable(dsrUpdatableSource, DSR_UPDATABLE_FIELDS),
    read: ['admin'],
    write: ['admin'],
    pastDates: ['receivedOn', 'extension.noticeOn', 'answer.answeredOn'],
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
  },
} as const satisfies Record<string, RecordKindSpec>;

export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_NAMES = Object.keys(RECORD_KINDS) as RecordKind[];
export const recordKindSchema = z.enum(RECORD_KIND_NAMES as [RecordKind, ...RecordKind[]]);

export function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORD_KINDS, kind);
}

/** Kinds whose records point at files, and the field that holds the references. */
export const FILE_FIELDS: Partial<Record<RecordKind, string>> = Object.fromEntries(
  RECORD_KIND_NAMES.flatMap((k) => {
    const spec: RecordKindSpec = RECORD_KINDS[k];
    return spec.fileField ? [[k, spec.fileField]] : [];
  }),
);

export function kindsReadableBy(role: Role): RecordKind[] {
  return RECORD_KIND_NAMES.filter((k) => (RECORD_KINDS[k].read as readonly Role[]).includes(role));
}

export function canWrite(role: Role, kind: RecordKind): boolean {
  return (RECORD_KINDS[kind].write as readonly Role[]).includes(role);
}

export * from './conflict';
export * from './pqrsd';
