// Records of the GEL action plan for the plan's unit tests, valid by their schemas.
import type { PlanData } from '#shared/plan/plan-indicators';
import {
  computerSchema,
  planGoalSchema,
  planMeasurementSchema,
  type ActionNumber,
  type Computer,
  type MeasurementData,
  type PlanGoal,
  type PlanMeasurement,
} from '#shared/plan/plan-schema';
import { attendanceMarkSchema, courseSchema, evaluationSchema, officialSchema, sessionSchema } from '#shared/training/training-schema';

/** The n-th fixed UUID. */
export const u = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const meta = { municipality: '95200', createdBy: 'admin', deviceId: 'dev1' };
let seq = 0;

export function computer(n: number, active = true): Computer {
  return computerSchema.parse({ id: u(n), code: `PC-${n}`, dependencia: 'Hacienda', active, ...meta });
}
export function goal(action: ActionNumber, period: string, value: number, setAt = '2026-01-05T10:00:00-05:00', id = `g${++seq}`): PlanGoal {
  return planGoalSchema.parse({ id, action, period, value, setAt, ...meta });
}
export function meas(action: ActionNumber, period: string, recordedOn: string, data: MeasurementData, recordedAt = `${recordedOn}T10:00:00-05:00`, id = `m${++seq}`): PlanMeasurement {
  return planMeasurementSchema.parse({ id, action, period, recordedOn, recordedAt, data, ...meta });
}
/** A resource line: requested and assigned. */
export const rr = (requested: number, assigned: number) => ({ requested, assigned });

/**
 * Training 2026-1: three officials, one course, two sessions. Ana and Beto attend both, Caro one
 * of two: 2 of 3 trained (66.7 %). Ana passes (4 of 5), Beto fails (2): 1 of 2 passed (50 %).
 */
export function training2026_1(): PlanData['training'] {
  const officials = [1, 2, 3].map((n) => officialSchema.parse({ id: u(100 + n), idType: 'CC', idNumber: String(10_000_000 + n), fullName: `Persona ${n}`, ...meta }));
  const [ana, beto, caro] = officials.map((o) => o.id) as [string, string, string];
  const course = courseSchema.parse({ id: u(200), semester: '2026-1', name: 'Ofimática básica', hours: 8, scaleMax: 5, passThreshold: 3, ...meta });
  const sessions = ['2026-03-10', '2026-05-10'].map((date, i) =>
    sessionSchema.parse({ id: u(300 + i), courseId: course.id, date, startTime: '08:00', endTime: '12:00', place: 'Alcaldía', trainer: 'Instructor', convened: [ana, beto, caro], ...meta }),
  );
  const mark = (s: number, officialId: string, status: 'present' | 'absent') =>
    attendanceMarkSchema.parse({ id: `k${++seq}`, sessionId: sessions[s]?.id, officialId, status, markedAt: '2026-05-10T09:00:00-05:00', legalBasisVersion: '2026-1', ...meta });
  const evaluation = (officialId: string, score: number) =>
    evaluationSchema.parse({ id: `e${++seq}`, courseId: course.id, officialId, score, takenOn: '2026-06-01', recordedAt: '2026-06-01T10:00:00-05:00', ...meta });
  return {
    officials,
    courses: [course],
    sessions,
    marks: [mark(0, ana, 'present'), mark(1, ana, 'present'), mark(0, beto, 'present'), mark(1, beto, 'present'), mark(0, caro, 'present'), mark(1, caro, 'absent')],
    evaluations: [evaluation(ana, 4), evaluation(beto, 2)],
  };
}
