// Who may receive a course certificate (DOMAIN.md §7): the certificate says the official
// "participó y aprobó", so it needs both the attendance threshold of the course's sessions and
// a passed evaluation. Pure: the device prints with it and the tests pin it.
import { attended, resolveAttendance } from './attendance';
import { inOfficeOn, lastSeenDates, passedCourse } from './indicators';
import type { AttendanceMark, Course, Evaluation, Official, TrainingSession, TrainingSettings } from './training-schema';

export type CertificateEligibility = {
  eligible: boolean;
  /** Sessions of the course the official was convened to (or marked at) while in office. */
  convened: number;
  attended: number;
  /** attended / convened, 0–1; null when convened is 0. */
  attendanceShare: number | null;
  passed: boolean;
  /** Why not, in Spanish; null when eligible. */
  reason: string | null;
};

export function certificateEligibility(input: {
  course: Pick<Course, 'id' | 'passThreshold'>;
  official: Pick<Official, 'id' | 'active' | 'activeSince' | 'activeUntil'>;
  sessions: readonly TrainingSession[];
  marks: readonly AttendanceMark[];
  attempts: readonly Pick<Evaluation, 'courseId' | 'score'>[];
  settings: TrainingSettings;
}): CertificateEligibility {
  const { course, official, settings } = input;
  const lastSeen = lastSeenDates(input.sessions, input.marks).get(official.id) ?? null;
  let convened = 0;
  let attendedCount = 0;
  for (const s of input.sessions) {
    if (s.courseId !== course.id) continue;
    const status = resolveAttendance(input.marks.filter((m) => m.sessionId === s.id)).get(official.id)?.status;
    if ((!s.convened.includes(official.id) && status === undefined) || !inOfficeOn(official, s.date, lastSeen)) continue;
    convened++;
    if (status !== undefined && attended(status, settings.excusedCountAsAttended)) attendedCount++;
  }
  const share = convened === 0 ? null : attendedCount / convened;
  // Same tolerance as the indicators, so 4 of 5 against 80 % qualifies.
  const attendanceOk = share !== null && share >= settings.minAttendanceShare - 1e-9;
  const passed = passedCourse(course, input.attempts);
  const pct = Math.round(settings.minAttendanceShare * 100);
  const reason = !passed
    ? 'No ha aprobado la evaluación del curso.'
    : attendanceOk
      ? null
      : `Asistió a ${attendedCount} de ${convened} sesiones: el certificado exige al menos el ${pct} % de asistencia.`;
  return { eligible: passed && attendanceOk, convened, attended: attendedCount, attendanceShare: share, passed, reason };
}
