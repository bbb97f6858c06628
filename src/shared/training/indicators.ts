// Indicators of the semiannual office-software training action of the action plan:
// "% de Funcionarios Capacitados" and "Evaluaciones superadas". Pure, for browsers and Node.
import { attended, resolveAttendance } from './attendance';
import {
  semesterRange,
  type AttendanceMark,
  type Course,
  type Evaluation,
  type Official,
  type Semester,
  type TrainingSession,
  type TrainingSettings,
} from './training-schema';

export const NO_DEPENDENCIA = 'Sin dependencia';
export const OVERALL_LABEL = 'Total';

export type TrainingIndicatorRow = {
  dependencia: string;
  activeOfficials: number;
  trained: number;
  /** 0–100, one decimal; null when there are no active officials. */
  trainedPct: number | null;
  /** (official, course) pairs with at least one attempt. */
  evaluated: number;
  passed: number;
  /** 0–100, one decimal; null when nothing was evaluated. */
  passedPct: number | null;
  goalTrainedPct: number | null;
  goalPassedPct: number | null;
  /** null when there is no goal or no percentage to compare. */
  meetsTrainedGoal: boolean | null;
  meetsPassedGoal: boolean | null;
};

export type OfficialTrainingRow = {
  officialId: string;
  fullName: string;
  dependencia: string;
  /** Semester sessions convened to, dated within their time in office. */
  convened: number;
  attended: number;
  /** attended / convened, 0–1; null when convened is 0. */
  attendanceShare: number | null;
  trained: boolean;
  coursesPassed: number;
  coursesEvaluated: number;
};

export type TrainingIndicators = {
  semester: Semester;
  overall: TrainingIndicatorRow;
  byDependencia: TrainingIndicatorRow[];
  officials: OfficialTrainingRow[];
};

export type TrainingIndicatorsInput = {
  semester: Semester;
  officials: readonly Official[];
  courses: readonly Course[];
  sessions: readonly TrainingSession[];
  marks: readonly AttendanceMark[];
  evaluations: readonly Evaluation[];
  /** The municipality's settings: required, so no caller counts with the defaults by omission. */
  settings: TrainingSettings;
  goals?: { trainedPct?: number | null; passedPct?: number | null };
};

type Dated = Pick<Official, 'active' | 'activeSince' | 'activeUntil'>;

/**
 * Whether the official was in office on `date`. An official deactivated before the leave date
 * was recorded (`active` false, no `activeUntil`) left on an unknown day: `lastSeen`, the last
 * session they were marked at, is the latest day known in office — so past semesters keep them
 * and later ones do not.
 */
export function inOfficeOn(o: Dated, date: string, lastSeen: string | null = null): boolean {
  if (o.activeSince !== null && date < o.activeSince) return false;
  const until = o.activeUntil ?? (o.active ? null : (lastSeen ?? ''));
  return until === null || date <= until;
}

/**
 * Whether the official counts in the semester's denominator (DOMAIN.md §7): only when in office
 * on at least one of its session dates. The figures of a semester depend only on recorded
 * dates, so they never change once it is over (a later leave or hire does not touch them).
 */
export function isActiveInSemester(o: Dated, semester: Semester, sessionDates: readonly string[], lastSeen: string | null = null): boolean {
  const { from, to } = semesterRange(semester);
  return sessionDates.some((d) => d >= from && d <= to && inOfficeOn(o, d, lastSeen));
}

/** The last session date each official was marked at (any status, any semester). */
export function lastSeenDates(sessions: readonly Pick<TrainingSession, 'id' | 'date'>[], marks: readonly Pick<AttendanceMark, 'sessionId' | 'officialId'>[]): Map<string, string> {
  const dateOf = new Map(sessions.map((s) => [s.id, s.date]));
  const last = new Map<string, string>();
  for (const m of marks) {
    const d = dateOf.get(m.sessionId);
    if (d !== undefined && (last.get(m.officialId) ?? '') < d) last.set(m.officialId, d);
  }
  return last;
}

/** Highest score among the attempts; null when there are none. */
export function bestScore(attempts: readonly Pick<Evaluation, 'score'>[]): number | null {
  let best: number | null = null;
  for (const a of attempts) if (best === null || a.score > best) best = a.score;
  return best;
}

/** Any attempt at this course reaching the pass threshold passes it; every attempt is kept. */
export function passedCourse(course: Pick<Course, 'id' | 'passThreshold'>, attempts: readonly Pick<Evaluation, 'courseId' | 'score'>[]): boolean {
  return attempts.some((a) => a.courseId === course.id && a.score >= course.passThreshold);
}

/** Percentage with one decimal, from integers so that 4/5 is exactly 80. */
function pct(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num * 1000) / den) / 10;
}

// Compared without rounding: 79.96 % shows as 80.0 but does not meet an 80 % goal.
function meets(num: number, den: number, goal: number | null): boolean | null {
  return goal === null || den === 0 ? null : num * 100 >= goal * den;
}

function cmpEs(a: string, b: string): number {
  return a.localeCompare(b, 'es', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

export function trainingIndicators(input: TrainingIndicatorsInput): TrainingIndicators {
  const { semester } = input;
  const { settings } = input;
  const goalTrainedPct = input.goals?.trainedPct ?? null;
  const goalPassedPct = input.goals?.passedPct ?? null;

  const courses = uniqueById(input.courses).filter((c) => c.semester === semester);
  const courseIds = new Set(courses.map((c) => c.id));
  const sessions = uniqueById(input.sessions).filter((s) => courseIds.has(s.courseId));
  const sessionIds = new Set(sessions.map((s) => s.id));

  const marksBySession = new Map<string, AttendanceMark[]>();
  for (const m of input.marks) {
    if (!sessionIds.has(m.sessionId)) continue;
    const list = marksBySession.get(m.sessionId);
    if (list) list.push(m);
    else marksBySession.set(m.sessionId, [m]);
  }
  const resolvedBySession = new Map(sessions.map((s) => [s.id, resolveAttendance(marksBySession.get(s.id) ?? [])]));

  const attemptsByPair = new Map<string, Evaluation[]>(); // key: officialId|courseId
  for (const e of input.evaluations) {
    if (!courseIds.has(e.courseId)) continue;
    const key = `${e.officialId}|${e.courseId}`;
    const list = attemptsByPair.get(key);
    if (list) list.push(e);
    else attemptsByPair.set(key, [e]);
  }

  const sessionDates = sessions.map((s) => s.date);
  const lastSeen = lastSeenDates(uniqueById(input.sessions), input.marks);
  const officials = uniqueById(input.officials).filter((o) => isActiveInSemester(o, semester, sessionDates, lastSeen.get(o.id) ?? null));
  const rows: OfficialTrainingRow[] = officials.map((o) => {
    let convened = 0;
    let attendedCount = 0;
    for (const s of sessions) {
      // A person marked at a session counts as convened to it: walk-ins join on the spot, and
      // adding them to the session's list would make two trainers' edits conflict.
      const status = resolvedBySession.get(s.id)?.get(o.id)?.status;
      if ((!s.convened.includes(o.id) && status === undefined) || !inOfficeOn(o, s.date, lastSeen.get(o.id) ?? null)) continue;
      convened++;
      if (status !== undefined && attended(status, settings.excusedCountAsAttended)) attendedCount++;
    }
    let coursesEvaluated = 0;
    let coursesPassed = 0;
    for (const c of courses) {
      const attempts = attemptsByPair.get(`${o.id}|${c.id}`);
      if (!attempts || attempts.length === 0) continue;
      coursesEvaluated++;
      if (passedCourse(c, attempts)) coursesPassed++;
    }
    const share = convened === 0 ? null : attendedCount / convened;
    return {
      officialId: o.id,
      fullName: o.fullName,
      dependencia: o.dependencia.trim(),
      convened,
      attended: attendedCount,
      attendanceShare: share,
      // Tiny tolerance so a share like 0.7 is not lost to binary rounding.
      trained: share !== null && share >= settings.minAttendanceShare - 1e-9,
      coursesPassed,
      coursesEvaluated,
    };
  });
  rows.sort((a, b) => cmpEs(a.fullName, b.fullName) || (a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0));

  const rowOf = (dependencia: string, members: readonly OfficialTrainingRow[]): TrainingIndicatorRow => {
    const trained = members.filter((r) => r.trained).length;
    const evaluated = members.reduce((n, r) => n + r.coursesEvaluated, 0);
    const passed = members.reduce((n, r) => n + r.coursesPassed, 0);
    return {
      dependencia,
      activeOfficials: members.length,
      trained,
      trainedPct: pct(trained, members.length),
      evaluated,
      passed,
      passedPct: pct(passed, evaluated),
      goalTrainedPct,
      goalPassedPct,
      meetsTrainedGoal: meets(trained, members.length, goalTrainedPct),
      meetsPassedGoal: meets(passed, evaluated, goalPassedPct),
    };
  };

  const groups = new Map<string, OfficialTrainingRow[]>();
  for (const r of rows) {
    const name = r.dependencia === '' ? NO_DEPENDENCIA : r.dependencia;
    const list = groups.get(name);
    if (list) list.push(r);
    else groups.set(name, [r]);
  }
  const byDependencia = [...groups.keys()].sort(cmpEs).map((name) => rowOf(name, groups.get(name) ?? []));

  return { semester, overall: rowOf(OVERALL_LABEL, rows), byDependencia, officials: rows };
}
