import type { GelDb, LocalRecord } from '../../db/database';
import { AppError } from '#shared/errors';
import { normalizeOfficialIdNumber, officialIdFor } from '#shared/training/official-id';
import {
  ATTENDANCE_LEGAL_BASIS,
  officialClientSchema,
  type AttendanceMark,
  type AttendanceStatus,
  type Course,
  type Evaluation,
  type Official,
  type OfficialInput,
  type TrainingSession,
} from '#shared/training/training-schema';
import { createLocal, updateLocal, type DeviceContext } from '../local-records';

/**
 * Adds an official to the roster (admin) or a walk-in participant (trainer, offline).
 * The id derives from the ID document (keyed with the municipality's key), so the same person
 * added on two devices merges into one record on the server; if the device already has them
 * (also under an id made before the key existed), nothing new is written.
 */
export async function addOfficial(db: GelDb, ctx: DeviceContext, input: OfficialInput): Promise<LocalRecord<Official>> {
  const parsed = officialClientSchema.safeParse(input);
  if (!parsed.success) return createLocal(db, ctx, 'official', input); // throws the validation error
  const idNumber = normalizeOfficialIdNumber(parsed.data.idType, parsed.data.idNumber);
  const known = await db.official
    .where('idNumber')
    .equals(idNumber)
    .filter((o) => o.idType === parsed.data.idType)
    .first();
  if (known) return known;
  if (!ctx.officialIdKey) {
    throw new AppError('KEY_MISSING', 'This device has not received its municipality key yet: connect once');
  }
  // Derive the id before the transaction: Dexie transactions cannot wait on WebCrypto.
  const id = await officialIdFor(ctx.officialIdKey, ctx.municipality, parsed.data.idType, parsed.data.idNumber);
  const existing = await db.official.get(id);
  if (existing) return existing;
  return createLocal(db, ctx, 'official', { ...parsed.data, idNumber }, { id });
}

export function createCourse(db: GelDb, ctx: DeviceContext, input: unknown): Promise<LocalRecord<Course>> {
  return createLocal(db, ctx, 'course', input);
}

export function createSession(db: GelDb, ctx: DeviceContext, input: unknown): Promise<LocalRecord<TrainingSession>> {
  return createLocal(db, ctx, 'training_session', input);
}

/** One tap on the checklist: appends a mark; the latest one counts. */
export function markAttendance(
  db: GelDb,
  ctx: DeviceContext,
  m: { sessionId: string; officialId: string; status: AttendanceStatus; signature?: string | null },
  now: Date = new Date(),
): Promise<LocalRecord<AttendanceMark>> {
  return createLocal(
    db,
    ctx,
    'attendance_mark',
    {
      sessionId: m.sessionId,
      officialId: m.officialId,
      status: m.status,
      markedAt: now.toISOString(),
      signature: m.signature ?? null,
      legalBasisVersion: ATTENDANCE_LEGAL_BASIS.version,
    },
    { now },
  );
}

export async function recordEvaluation(
  db: GelDb,
  ctx: DeviceContext,
  e: { courseId: string; officialId: string; score: number; takenOn: string },
  now: Date = new Date(),
): Promise<LocalRecord<Evaluation>> {
  const course = await db.course.get(e.courseId);
  if (!course) throw new AppError('RECORD_NOT_FOUND', 'El curso no está en este dispositivo');
  if (e.score > course.scaleMax) {
    throw new AppError('VALIDATION_FAILED', `La nota no puede superar ${course.scaleMax}`, [{ path: 'score', message: `La nota máxima de este curso es ${course.scaleMax}.` }]);
  }
  return createLocal(db, ctx, 'evaluation', { ...e, recordedAt: now.toISOString() }, { now });
}

/**
 * Retires an official on `leftOn` (their last day in office): the date keeps every semester's
 * figures as they were (DOMAIN.md §7). Undoing it (a mistaken deactivation) clears the date.
 */
export function setOfficialActive(db: GelDb, officialId: string, active: boolean, leftOn: string): Promise<void> {
  return updateLocal(db, 'official', officialId, active ? { active: true, activeUntil: null } : { active: false, activeUntil: leftOn });
}
