// Training records for pure-rule tests, each parsed by its shared schema (so a fixture can never
// hold what a device could not): officials, courses, sessions, attendance marks and evaluations.
import {
  attendanceMarkSchema,
  courseSchema,
  evaluationSchema,
  officialSchema,
  sessionSchema,
  type AttendanceMark,
  type AttendanceStatus,
  type Course,
  type Evaluation,
  type Official,
  type OfficialInput,
  type TrainingSession,
} from '#shared/training/training-schema';

/** A stable UUID from a small number. */
export const fixtureUuid = (n: number): string => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;

/** Builders of one municipality's training records, written on device `dev1` by `admin`. */
export function trainingFixtures(municipality: string) {
  const meta = { municipality, createdBy: 'admin', deviceId: 'dev1' };
  let seq = 1000;
  return {
    official: (n: number, fullName: string, extra: Partial<OfficialInput> = {}): Official =>
      officialSchema.parse({ id: fixtureUuid(n), idType: 'CC', idNumber: String(10_000_000 + n), fullName, ...meta, ...extra }),
    course: (n: number, semester: string, scaleMax: number, passThreshold: number, extra: Partial<Course> = {}): Course =>
      courseSchema.parse({ id: fixtureUuid(n), semester, name: `Ofimática ${n}`, hours: 8, scaleMax, passThreshold, ...meta, ...extra }),
    session: (n: number, courseId: string, date: string, convened: string[]): TrainingSession =>
      sessionSchema.parse({ id: fixtureUuid(n), courseId, date, startTime: '08:00', endTime: '12:00', place: 'Alcaldía', trainer: 'Instructor', convened, ...meta }),
    mark: (sessionId: string, officialId: string, status: AttendanceStatus, markedAt = '2026-03-01T09:00:00-05:00', extra: Partial<AttendanceMark> = {}): AttendanceMark =>
      attendanceMarkSchema.parse({ id: `m${++seq}`, sessionId, officialId, status, markedAt, legalBasisVersion: '2026-1', ...meta, ...extra }),
    evaluation: (courseId: string, officialId: string, score: number, takenOn = '2026-06-20'): Evaluation =>
      evaluationSchema.parse({ id: `e${++seq}`, courseId, officialId, score, takenOn, recordedAt: `${takenOn}T10:00:00-05:00`, ...meta }),
  };
}
