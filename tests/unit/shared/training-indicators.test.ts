import { describe, it, expect } from 'vitest';
import { bestScore, isActiveInSemester, passedCourse, trainingIndicators, type TrainingIndicatorsInput } from '#shared/training/indicators';
import { DEFAULT_TRAINING_SETTINGS, type AttendanceMark, type Evaluation, type TrainingSession } from '#shared/training/training-schema';
import { trainingFixtures } from '../../helpers/training-fixtures';

const { official, course, session, mark, evaluation } = trainingFixtures('miraflores');

// Semester 2026-1 (2026-01-01 … 2026-06-30).
const ana = official(1, 'Ana Ruiz', { dependencia: 'Hacienda' }); // 4 of 5, one late → trained
const beto = official(2, 'Beto Gil', { dependencia: 'Hacienda' }); // 3 of 5 (+ excused) → not trained
const caro = official(3, 'Caro Díaz', { dependencia: 'Planeación', activeSince: '2026-04-01' }); // joined mid-semester
const dani = official(4, 'Dani Paz', { dependencia: 'Hacienda', active: false }); // inactive, no dates
const eli = official(5, 'Eli Mora', { dependencia: 'Planeación', active: false, activeUntil: '2025-12-15' }); // left before
const fer = official(6, 'Fer León', { walkIn: true }); // walk-in, no dependencia
const hiro = official(7, 'Hiro Sol', { dependencia: 'Hacienda', activeSince: '2026-08-01' }); // joins after
const iris = official(8, 'Iris Val', { dependencia: 'Planeación', active: false, activeSince: '2020-01-01', activeUntil: '2026-03-31' }); // left mid-semester
const ALL = [ana, beto, caro, dani, eli, fer, hiro, iris];
const ids = ALL.map((o) => o.id);

const c1 = course(101, '2026-1', 5, 3);
const c2 = course(102, '2026-1', 100, 60);
const cOld = course(103, '2025-2', 5, 3);
const dates = ['2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10'];
const [s1, s2, s3, s4, s5] = dates.map((d, i) => session(201 + i, c1.id, d, ids)) as [TrainingSession, TrainingSession, TrainingSession, TrainingSession, TrainingSession];
const sOld = session(299, cOld.id, '2025-10-01', ids);

const marks: AttendanceMark[] = [
  // ana: present ×3, late ×1, absent ×1 → 4/5
  mark(s1.id, ana.id, 'present'), mark(s2.id, ana.id, 'late'), mark(s3.id, ana.id, 'present'), mark(s4.id, ana.id, 'absent'), mark(s5.id, ana.id, 'present'),
  // beto: present ×3, excused, and at s5 a later absent from another device wins over present → 3/5
  mark(s1.id, beto.id, 'present'), mark(s2.id, beto.id, 'present'), mark(s3.id, beto.id, 'present'), mark(s4.id, beto.id, 'excused'),
  mark(s5.id, beto.id, 'present', '2026-06-10T09:00:00-05:00'),
  mark(s5.id, beto.id, 'absent', '2026-06-10T09:30:00-05:00', { deviceId: 'dev2' }),
  // caro: absent before joining (does not count), then 3/3
  mark(s1.id, caro.id, 'absent'), mark(s3.id, caro.id, 'present'), mark(s4.id, caro.id, 'late'), mark(s5.id, caro.id, 'present'),
  // excluded officials attending does not matter (dani, inactive with no dates, is never marked)
  mark(s1.id, eli.id, 'present'), mark(s1.id, hiro.id, 'present'),
  // fer (walk-in): 4/5
  mark(s1.id, fer.id, 'present'), mark(s2.id, fer.id, 'present'), mark(s3.id, fer.id, 'absent'), mark(s4.id, fer.id, 'present'), mark(s5.id, fer.id, 'present'),
  // iris: 2/2 before leaving; absences after she left do not count
  mark(s1.id, iris.id, 'present'), mark(s2.id, iris.id, 'present'), mark(s4.id, iris.id, 'absent'),
  // another semester's session
  mark(sOld.id, beto.id, 'present', '2025-10-01T09:00:00-05:00'),
];

const evaluations: Evaluation[] = [
  evaluation(c1.id, ana.id, 2, '2026-06-15'), evaluation(c1.id, ana.id, 4, '2026-06-25'), // fail then pass
  evaluation(c2.id, ana.id, 50),
  evaluation(c1.id, beto.id, 3), // exactly the threshold
  evaluation(c1.id, fer.id, 1),
  evaluation(c1.id, dani.id, 5), // excluded official
  evaluation(cOld.id, caro.id, 5), // other semester
];

const input: TrainingIndicatorsInput = {
  semester: '2026-1',
  settings: DEFAULT_TRAINING_SETTINGS,
  officials: ALL,
  courses: [c1, c2, cOld],
  sessions: [s1, s2, s3, s4, s5, sOld],
  marks,
  evaluations,
  goals: { trainedPct: 80, passedPct: 60 },
};

describe('isActiveInSemester', () => {
  const SESSION_DATES = ['2026-01-20', '2026-03-10', '2026-06-30', '2025-10-01', '2026-07-15'];
  it.each([
    ['active, no dates', { active: true, activeSince: null, activeUntil: null }, true],
    ['inactive, no dates', { active: false, activeSince: null, activeUntil: null }, false],
    ['joined mid-semester', { active: true, activeSince: '2026-04-01', activeUntil: null }, true],
    ['joined on the last day', { active: true, activeSince: '2026-06-30', activeUntil: null }, true],
    ['joined after it ended', { active: true, activeSince: '2026-07-01', activeUntil: null }, false],
    ['left before it started', { active: false, activeSince: null, activeUntil: '2025-12-31' }, false],
    ['left on the first day, before any session', { active: false, activeSince: null, activeUntil: '2026-01-01' }, false],
    ['left on a session day', { active: false, activeSince: null, activeUntil: '2026-01-20' }, true],
    ['left mid-semester', { active: false, activeSince: '2019-05-01', activeUntil: '2026-03-31' }, true],
    ['left before the first session', { active: false, activeSince: null, activeUntil: '2026-01-19' }, false],
    ['joined after the last session (review §6.3)', { active: true, activeSince: '2026-06-20', activeUntil: null }, true],
  ] as const)('%s → %s', (_label, o, expected) => {
    expect(isActiveInSemester(o, '2026-1', SESSION_DATES)).toBe(expected);
  });

  it('counts only officials in office on one of the semester session dates (DOMAIN.md §7)', () => {
    const joinedLate = { active: true, activeSince: '2026-06-20', activeUntil: null };
    expect(isActiveInSemester(joinedLate, '2026-1', ['2026-02-10', '2026-06-10'])).toBe(false);
    expect(isActiveInSemester(joinedLate, '2026-2', ['2026-07-15'])).toBe(true);
    // No session in the semester: nobody is in its denominator.
    expect(isActiveInSemester({ active: true, activeSince: null, activeUntil: null }, '2019-2', [])).toBe(false);
  });

  it('review §6.2: a leaver with a start date is not counted after leaving; the past keeps them', () => {
    const leaver = { active: false, activeSince: '2020-01-01', activeUntil: '2026-03-31' };
    expect(isActiveInSemester(leaver, '2030-1', ['2030-02-10'])).toBe(false);
    expect(isActiveInSemester(leaver, '2026-1', ['2026-02-10'])).toBe(true);
  });

  it('an official deactivated before leave dates were recorded stays in the semesters they were seen in', () => {
    const legacy = { active: false, activeSince: null, activeUntil: null };
    expect(isActiveInSemester(legacy, '2026-1', ['2026-02-10', '2026-05-10'], '2026-02-10')).toBe(true);
    expect(isActiveInSemester(legacy, '2026-2', ['2026-08-10'], '2026-02-10')).toBe(false);
    expect(isActiveInSemester(legacy, '2026-1', ['2026-02-10'], null)).toBe(false);
  });
});

describe('bestScore and passedCourse', () => {
  it('keeps every attempt: any attempt at or above the threshold passes', () => {
    const fail = evaluation(c1.id, ana.id, 2);
    const pass = evaluation(c1.id, ana.id, 3);
    expect(passedCourse(c1, [fail])).toBe(false);
    expect(passedCourse(c1, [fail, pass])).toBe(true);
    expect(passedCourse(c1, [pass, fail])).toBe(true);
    expect(passedCourse(c2, [pass])).toBe(false); // attempts of another course do not count
    expect(passedCourse(c1, [])).toBe(false);
    expect(bestScore([fail, pass])).toBe(3);
    expect(bestScore([])).toBeNull();
  });
});

describe('trainingIndicators', () => {
  const r = trainingIndicators(input);
  const row = (id: string) => r.officials.find((o) => o.officialId === id);

  it('counts only officials active in the semester', () => {
    expect(r.officials.map((o) => o.fullName)).toEqual(['Ana Ruiz', 'Beto Gil', 'Caro Díaz', 'Fer León', 'Iris Val']);
    expect(r.overall.activeOfficials).toBe(5);
  });

  it('trains at exactly 80 % (4 of 5) with late counting, not at 3 of 5 with excused', () => {
    expect(row(ana.id)).toMatchObject({ convened: 5, attended: 4, attendanceShare: 0.8, trained: true });
    expect(row(beto.id)).toMatchObject({ convened: 5, attended: 3, attendanceShare: 0.6, trained: false });
  });

  it('counts for a mid-semester joiner only the sessions on or after their start', () => {
    expect(row(caro.id)).toMatchObject({ convened: 3, attended: 3, trained: true });
  });

  it('does not count sessions after an official left', () => {
    expect(row(iris.id)).toMatchObject({ convened: 2, attended: 2, trained: true });
  });

  it('counts walk-ins like any official', () => {
    expect(row(fer.id)).toMatchObject({ dependencia: '', convened: 5, attended: 4, trained: true, coursesEvaluated: 1, coursesPassed: 0 });
  });

  it('evaluations: fail then pass is passed, threshold is inclusive, other semesters and inactive officials ignored', () => {
    expect(row(ana.id)).toMatchObject({ coursesEvaluated: 2, coursesPassed: 1 });
    expect(row(beto.id)).toMatchObject({ coursesEvaluated: 1, coursesPassed: 1 });
    expect(row(caro.id)).toMatchObject({ coursesEvaluated: 0, coursesPassed: 0 });
  });

  it('gives the overall row with goals', () => {
    expect(r.semester).toBe('2026-1');
    expect(r.overall).toEqual({
      dependencia: 'Total',
      activeOfficials: 5,
      trained: 4,
      trainedPct: 80,
      evaluated: 4,
      passed: 2,
      passedPct: 50,
      goalTrainedPct: 80,
      goalPassedPct: 60,
      meetsTrainedGoal: true,
      meetsPassedGoal: false,
    });
  });

  it('gives rows per dependencia, sorted, with "Sin dependencia", summing to the overall', () => {
    expect(r.byDependencia.map((d) => [d.dependencia, d.activeOfficials, d.trained, d.trainedPct, d.evaluated, d.passed, d.passedPct, d.meetsTrainedGoal, d.meetsPassedGoal])).toEqual([
      ['Hacienda', 2, 1, 50, 3, 2, 66.7, false, true],
      ['Planeación', 2, 2, 100, 0, 0, null, true, null],
      ['Sin dependencia', 1, 1, 100, 1, 0, 0, true, false],
    ]);
    for (const k of ['activeOfficials', 'trained', 'evaluated', 'passed'] as const) {
      expect(r.byDependencia.reduce((n, d) => n + d[k], 0)).toBe(r.overall[k]);
    }
  });

  it('does not depend on the order of the inputs', () => {
    const reversed = trainingIndicators({
      ...input,
      officials: [...ALL].reverse(),
      courses: [cOld, c2, c1],
      sessions: [sOld, s5, s4, s3, s2, s1],
      marks: [...marks].reverse(),
      evaluations: [...evaluations].reverse(),
    });
    expect(reversed).toEqual(r);
  });

  it('applies settings.minAttendanceShare', () => {
    const lenient = trainingIndicators({ ...input, settings: { ...DEFAULT_TRAINING_SETTINGS, minAttendanceShare: 0.6 } });
    expect(lenient.officials.find((o) => o.officialId === beto.id)?.trained).toBe(true);
    const strict = trainingIndicators({ ...input, settings: { ...DEFAULT_TRAINING_SETTINGS, minAttendanceShare: 1 } });
    expect(strict.overall.trained).toBe(2); // caro and iris
  });

  it('leaves goals null when not given, and compares unrounded percentages', () => {
    const noGoals = trainingIndicators({ ...input, goals: undefined });
    expect(noGoals.overall).toMatchObject({ goalTrainedPct: null, goalPassedPct: null, meetsTrainedGoal: null, meetsPassedGoal: null });
    // 2 of 3 = 66.666… shows as 66.7 but does not meet a 66.7 goal.
    const h = trainingIndicators({ ...input, goals: { passedPct: 66.7 } }).byDependencia[0];
    expect(h).toMatchObject({ passedPct: 66.7, meetsPassedGoal: false });
    const h2 = trainingIndicators({ ...input, goals: { passedPct: 66.6 } }).byDependencia[0];
    expect(h2?.meetsPassedGoal).toBe(true);
  });

  it('handles empty inputs without dividing by zero', () => {
    const empty = trainingIndicators({ semester: '2026-2', settings: DEFAULT_TRAINING_SETTINGS, officials: [], courses: [], sessions: [], marks: [], evaluations: [], goals: { trainedPct: 80, passedPct: 60 } });
    expect(empty).toEqual({
      semester: '2026-2',
      overall: {
        dependencia: 'Total', activeOfficials: 0, trained: 0, trainedPct: null, evaluated: 0, passed: 0, passedPct: null,
        goalTrainedPct: 80, goalPassedPct: 60, meetsTrainedGoal: null, meetsPassedGoal: null,
      },
      byDependencia: [],
      officials: [],
    });
  });

  it('a semester without sessions has nobody in its denominator', () => {
    const noSessions = trainingIndicators({ ...input, semester: '2026-2' });
    expect(noSessions.officials).toEqual([]);
    expect(noSessions.overall).toMatchObject({ activeOfficials: 0, trained: 0, trainedPct: null, evaluated: 0, passedPct: null });
  });

  it('an official convened to none of the sessions while in office counts as not trained, with a null share', () => {
    const c3 = course(104, '2026-2', 5, 3);
    const s6 = session(260, c3.id, '2026-09-10', [ana.id]);
    const r2 = trainingIndicators({ ...input, semester: '2026-2', courses: [c3], sessions: [s6], marks: [] });
    // 2026-2: hiro has joined, iris has left; beto was not convened.
    expect(r2.officials.map((o) => o.fullName)).toEqual(['Ana Ruiz', 'Beto Gil', 'Caro Díaz', 'Fer León', 'Hiro Sol']);
    expect(r2.officials.find((o) => o.officialId === beto.id)).toMatchObject({ convened: 0, attended: 0, attendanceShare: null, trained: false });
  });

  it("a semester's figures do not change when an official leaves later (deactivation records the date)", () => {
    const before = trainingIndicators(input);
    const anaLeft = { ...ana, active: false, activeUntil: '2026-09-01' };
    const after = trainingIndicators({ ...input, officials: [anaLeft, ...ALL.slice(1)] });
    expect(after.overall).toEqual(before.overall);
    expect(after.byDependencia).toEqual(before.byDependencia);
  });

  it('excused absences count as attended only with the setting', () => {
    expect(row(beto.id)).toMatchObject({ attended: 3, trained: false });
    const lenient = trainingIndicators({ ...input, settings: { ...DEFAULT_TRAINING_SETTINGS, excusedCountAsAttended: true } });
    expect(lenient.officials.find((o) => o.officialId === beto.id)).toMatchObject({ convened: 5, attended: 4, attendanceShare: 0.8, trained: true });
  });

  it('counts a session someone was marked at as convened (walk-ins join on the spot)', () => {
    const extra = session(250, c1.id, '2026-06-20', [ana.id]);
    const present = trainingIndicators({ ...input, sessions: [...input.sessions, extra], marks: [...marks, mark(extra.id, beto.id, 'present')] });
    expect(present.officials.find((o) => o.officialId === beto.id)).toMatchObject({ convened: 6, attended: 4 });
    const absent = trainingIndicators({ ...input, sessions: [...input.sessions, extra], marks: [...marks, mark(extra.id, beto.id, 'absent')] });
    expect(absent.officials.find((o) => o.officialId === beto.id)).toMatchObject({ convened: 6, attended: 3 });
    const unmarked = trainingIndicators({ ...input, sessions: [...input.sessions, extra] });
    expect(unmarked.officials.find((o) => o.officialId === beto.id)).toMatchObject({ convened: 5, attended: 3 });
  });
});
