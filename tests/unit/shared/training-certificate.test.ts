import { describe, it, expect } from 'vitest';
import { certificateEligibility } from '../../../src/shared/training/certificate';
import {
  DEFAULT_TRAINING_SETTINGS,
  attendanceMarkSchema,
  courseSchema,
  evaluationSchema,
  officialSchema,
  sessionSchema,
  type AttendanceStatus,
} from '../../../src/shared/training/training-schema';

const u = (n: number): string => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
const meta = { municipality: '95200', createdBy: 'admin', deviceId: 'dev1' };
const official = officialSchema.parse({ id: u(1), idType: 'CC', idNumber: '10000001', fullName: 'Ana Ruiz', ...meta });
const course = courseSchema.parse({ id: u(10), semester: '2026-1', name: 'Ofimática', hours: 20, scaleMax: 5, passThreshold: 3, ...meta });
const other = courseSchema.parse({ id: u(11), semester: '2026-1', name: 'Hojas de cálculo', hours: 8, scaleMax: 5, passThreshold: 3, ...meta });
const sessions = ['2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10'].map((date, i) =>
  sessionSchema.parse({ id: u(20 + i), courseId: course.id, date, startTime: '08:00', endTime: '12:00', place: 'Alcaldía', trainer: 'Instructor', convened: [official.id], ...meta }),
);
const otherSession = sessionSchema.parse({ id: u(30), courseId: other.id, date: '2026-02-11', startTime: '08:00', endTime: '12:00', place: 'Alcaldía', trainer: 'Instructor', convened: [official.id], ...meta });
let n = 0;
const marksOf = (statuses: AttendanceStatus[]) =>
  statuses.map((status, i) => attendanceMarkSchema.parse({ id: `m${++n}`, sessionId: sessions[i]!.id, officialId: official.id, status, markedAt: '2026-03-01T09:00:00-05:00', legalBasisVersion: '2026-1', ...meta }));
const pass = evaluationSchema.parse({ id: 'e1', courseId: course.id, officialId: official.id, score: 4, takenOn: '2026-06-20', recordedAt: '2026-06-20T10:00:00-05:00', ...meta });
const fail = { ...pass, id: 'e2', score: 2 };

const check = (statuses: AttendanceStatus[], attempts = [pass], settings = DEFAULT_TRAINING_SETTINGS) =>
  certificateEligibility({ course, official, sessions: [...sessions, otherSession], marks: marksOf(statuses), attempts, settings });

describe('certificateEligibility (DOMAIN.md §7: attendance threshold AND a passed evaluation)', () => {
  it('passed and attended 4 of 5 (80 %) → eligible', () => {
    expect(check(['present', 'late', 'present', 'absent', 'present'])).toEqual({ eligible: true, convened: 5, attended: 4, attendanceShare: 0.8, passed: true, reason: null });
  });
  it('passed the test but attended 3 of 5 → not eligible (review §6.3: hours not attended)', () => {
    const r = check(['present', 'absent', 'present', 'absent', 'present']);
    expect(r).toMatchObject({ eligible: false, passed: true, attended: 3 });
    expect(r.reason).toBe('Asistió a 3 de 5 sesiones: el certificado exige al menos el 80 % de asistencia.');
  });
  it('attended everything but failed → not eligible', () => {
    expect(check(['present', 'present', 'present', 'present', 'present'], [fail])).toMatchObject({ eligible: false, passed: false, reason: 'No ha aprobado la evaluación del curso.' });
  });
  it('excused absences count only with the setting', () => {
    const statuses: AttendanceStatus[] = ['present', 'excused', 'present', 'present', 'absent'];
    expect(check(statuses).eligible).toBe(false);
    expect(check(statuses, [pass], { ...DEFAULT_TRAINING_SETTINGS, excusedCountAsAttended: true }).eligible).toBe(true);
  });
  it('sessions of another course do not count', () => {
    expect(check(['present', 'present', 'present', 'present', 'present']).convened).toBe(5);
  });
});
