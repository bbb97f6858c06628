import { describe, it, expect } from 'vitest';
import { certificateEligibility } from '#shared/training/certificate';
import { DEFAULT_TRAINING_SETTINGS, type AttendanceStatus } from '#shared/training/training-schema';
import { trainingFixtures } from '../../helpers/training-fixtures';

const f = trainingFixtures('95200');
const official = f.official(1, 'Ana Ruiz');
const course = f.course(10, '2026-1', 5, 3, { name: 'Ofimática', hours: 20 });
const other = f.course(11, '2026-1', 5, 3, { name: 'Hojas de cálculo' });
const sessions = ['2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10'].map((date, i) => f.session(20 + i, course.id, date, [official.id]));
const otherSession = f.session(30, other.id, '2026-02-11', [official.id]);
const marksOf = (statuses: AttendanceStatus[]) => statuses.map((status, i) => f.mark(sessions[i]!.id, official.id, status));
const pass = f.evaluation(course.id, official.id, 4);
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
