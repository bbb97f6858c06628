import { describe, it, expect } from 'vitest';
import {
  actionSeries,
  actionValue,
  latestGoal,
  latestMeasurement,
  measurementValue,
  planActionOf,
  planStatus,
  trafficLight,
  type PlanData,
} from '#shared/plan/plan-indicators';
import { type MeasurementData } from '#shared/plan/plan-schema';
import { computer, goal, meas, rr, training2026_1, u } from '../../helpers/plan-fixtures';
import { DEFAULT_TRAINING_SETTINGS } from '#shared/training/training-schema';

const conn = (pairs: [number, boolean][]): MeasurementData => ({ kind: 'connectivity', items: pairs.map(([n, connected]) => ({ computerId: u(n), connected, note: '' })) });

// Computers 1–3 active, 4 inactive; 5 is unknown (never registered).
const computers = [computer(1), computer(2), computer(3), computer(4, false)];

// Training 2026-1: 66.7 % trained, 50 % passed.
const training = training2026_1();

// Portal: 13 categories. Q1 (to 2026-03-31): contratación (30 d), normativa (90 d), tributaria (365 d)
// and noticias (set to 30 d, published 03-01, due 03-31) are up to date → 4/13.
const portal: PlanData['portal'] = {
  settings: [{ category: 'noticias', frequencyDays: 30 }],
  published: [
    { category: 'contratacion', publishedAt: '2026-03-15T10:00:00-05:00' },
    { category: 'normativa', publishedAt: '2026-01-10T10:00:00-05:00' },
    { category: 'noticias', publishedAt: '2026-04-01T03:00:00Z' }, // 2026-03-31 22:00 in Bogotá
    { category: 'informacion-tributaria', publishedAt: '2025-06-01T10:00:00-05:00' },
    { category: 'participa', publishedAt: '2026-04-05T10:00:00-05:00' }, // after Q1
    { category: 'datos-abiertos', publishedAt: null }, // never published
  ],
};

function data(extra: Partial<PlanData> = {}): PlanData {
  return { actions: [], goals: [], measurements: [], computers, training, portal, trainingSettings: DEFAULT_TRAINING_SETTINGS, place: 'Municipio de prueba', ...extra };
}

describe('measurementValue', () => {
  it('connectivity: only active, known computers count', () => {
    const m = meas(1, '2026-03', '2026-03-31', conn([[1, true], [2, false], [3, true], [4, true], [5, true]]));
    expect(measurementValue(m, computers)).toBe(66.7);
  });
  it('connectivity: one item per computer (last wins); nothing countable → null', () => {
    expect(measurementValue(meas(1, '2026-03', '2026-03-31', conn([[1, false], [2, true], [1, true]])), computers)).toBe(100);
    expect(measurementValue(meas(1, '2026-03', '2026-03-31', conn([])), computers)).toBeNull();
    expect(measurementValue(meas(1, '2026-03', '2026-03-31', conn([[4, true], [5, true]])), computers)).toBeNull();
  });
  it('budget share of the municipal budget', () => {
    expect(measurementValue(meas(4, '2026', '2026-02-10', { kind: 'budget', gelLineCop: 45_000_000, totalBudgetCop: 3_000_000_000 }), [])).toBe(1.5);
    expect(measurementValue(meas(4, '2026', '2026-02-10', { kind: 'budget', gelLineCop: 1, totalBudgetCop: 3 }), [])).toBe(33.3);
  });
  it('resources assigned over requested, over-assignment as is', () => {
    const v = (p: [number, number], e: [number, number], h: [number, number]) =>
      measurementValue(meas(5, '2026-Q1', '2026-04-05', { kind: 'resources', physical: rr(...p), economic: rr(...e), human: rr(...h) }), []);
    expect(v([10, 8], [100, 50], [2, 2])).toBe(53.6); // 60 / 112
    expect(v([10, 15], [0, 0], [0, 0])).toBe(150);
    expect(v([0, 0], [0, 5], [0, 0])).toBeNull();
  });
  it('manual: highest milestone reached by the period end', () => {
    const v = (ms: { milestone: 'drafted' | 'reviewed' | 'adopted'; date: string }[]) =>
      measurementValue(meas(6, '2026', '2026-12-20', { kind: 'manual', milestones: ms.map((x) => ({ ...x, document: '' })) }), []);
    expect(v([])).toBe(0);
    expect(v([{ milestone: 'drafted', date: '2026-03-01' }])).toBe(33.3);
    expect(v([{ milestone: 'reviewed', date: '2026-06-01' }, { milestone: 'drafted', date: '2026-03-01' }])).toBe(66.7);
    expect(v([{ milestone: 'adopted', date: '2026-11-30' }, { milestone: 'drafted', date: '2026-03-01' }])).toBe(100);
    expect(v([{ milestone: 'reviewed', date: '2026-06-01' }, { milestone: 'adopted', date: '2027-01-15' }])).toBe(66.7);
  });
});

describe('goals and measurements: latest wins', () => {
  const goals = [
    goal(1, '2026', 80, '2026-01-05T10:00:00-05:00'),
    goal(1, '2026-1', 85, '2026-01-06T10:00:00-05:00'),
    goal(1, '2026-03', 90, '2026-02-01T10:00:00-05:00'), // 15:00 UTC
    goal(1, '2026-03', 95, '2026-02-01T14:00:00Z'), // earlier instant despite the later-looking text
    goal(1, '2026-Q4', 70, '2026-01-01T10:00:00-05:00', 'g-a'),
    goal(1, '2026-Q4', 75, '2026-01-01T10:00:00-05:00', 'g-b'), // same instant: greater id wins
    goal(2, '2026-1', 60, '2026-01-01T10:00:00-05:00'),
  ];
  it('exact period, compared as instants, ties by id', () => {
    expect(latestGoal(goals, 1, '2026-03')?.value).toBe(90);
    expect(latestGoal(goals, 1, '2026-Q4')?.value).toBe(75);
  });
  it('falls back to the semester, then the year', () => {
    expect(latestGoal(goals, 1, '2026-04')?.value).toBe(85);
    expect(latestGoal(goals, 1, '2026-Q2')?.value).toBe(85);
    expect(latestGoal(goals, 1, '2026-08')?.value).toBe(80);
    expect(latestGoal(goals, 1, '2026-2')?.value).toBe(80);
    expect(latestGoal(goals, 1, '2026')?.value).toBe(80);
    expect(latestGoal(goals, 1, '2027-01')).toBeNull();
    expect(latestGoal(goals, 2, '2026')).toBeNull();
  });
  it('latest recorded measurement counts, with its late flag', () => {
    const onTime = meas(1, '2026-03', '2026-04-05', conn([[1, true]]));
    const later = meas(1, '2026-03', '2026-04-20', conn([[1, false]]));
    expect(latestMeasurement([later, onTime], 1, '2026-03')).toEqual({ measurement: later, late: true });
    expect(latestMeasurement([onTime], 1, '2026-03')).toEqual({ measurement: onTime, late: false });
    const a = meas(1, '2026-03', '2026-04-01', conn([[1, true]]), '2026-04-01T10:00:00-05:00', 'x-a');
    const b = meas(1, '2026-03', '2026-04-01', conn([[1, false]]), '2026-04-01T15:00:00Z', 'x-b');
    expect(latestMeasurement([b, a], 1, '2026-03')?.measurement.id).toBe('x-b');
    expect(latestMeasurement([a], 1, '2026-04')).toBeNull();
    expect(latestMeasurement([a], 4, '2026-03')).toBeNull();
  });
});

describe('trafficLight', () => {
  it('boundaries', () => {
    expect(trafficLight(null, 80)).toBe('none');
    expect(trafficLight(80, null)).toBe('none');
    expect(trafficLight(80, 80)).toBe('green');
    expect(trafficLight(79.9, 80)).toBe('yellow');
    expect(trafficLight(64, 80)).toBe('yellow');
    expect(trafficLight(63.9, 80)).toBe('red');
    expect(trafficLight(56, 70)).toBe('yellow'); // 0.8 × 70 is 56.00000000000001 in floating point
    expect(trafficLight(0, 0)).toBe('green');
    expect(trafficLight(150, 100)).toBe('green');
  });
});

describe('actionValue', () => {
  it('recorded actions use the latest measurement', () => {
    const d = data({ measurements: [meas(4, '2026', '2026-02-10', { kind: 'budget', gelLineCop: 45_000_000, totalBudgetCop: 3_000_000_000 })] });
    expect(actionValue(4, '2026', d)).toEqual({ value: 1.5, secondary: null, late: false, source: 'measurement' });
    expect(actionValue(4, '2027', d)).toEqual({ value: null, secondary: null, late: false, source: 'none' });
  });
  it('training: % trained and % passed of the semester containing the period', () => {
    expect(actionValue(2, '2026-1', data())).toEqual({ value: 66.7, secondary: 50, late: false, source: 'training' });
    expect(actionValue(2, '2026-05', data()).value).toBe(66.7);
    // No course, so no session: nobody is in the denominator (DOMAIN.md §7), no figure.
    expect(actionValue(2, '2026-2', data())).toEqual({ value: null, secondary: null, late: false, source: 'training' });
    expect(actionValue(2, '2026-1', data(), '2025-12-31').source).toBe('none'); // not started
  });
  it('training: the minimum attendance share comes from the settings', () => {
    expect(actionValue(2, '2026-1', data({ trainingSettings: { ...DEFAULT_TRAINING_SETTINGS, minAttendanceShare: 0.5 } })).value).toBe(100);
  });
  it('portal: categories up to date at the period end (Bogotá dates)', () => {
    expect(actionValue(3, '2026-Q1', data())).toEqual({ value: 30.8, secondary: null, late: false, source: 'portal' }); // 4/13
    // Default noticias frequency (7 days): due 04-07, still up to date on 03-31.
    expect(actionValue(3, '2026-Q1', data({ portal: { ...portal, settings: [] } })).value).toBe(30.8);
    // Q2 at its end: only participa (04-05, 90 d) is up to date → 1/13.
    expect(actionValue(3, '2026-Q2', data()).value).toBe(7.7);
    // Q2 evaluated on 2026-04-06: contratación (due 04-14), normativa (04-10), noticias (04-30), participa, tributaria → 5/13.
    expect(actionValue(3, '2026-Q2', data(), '2026-04-06').value).toBe(38.5);
  });
});

describe('actionSeries and planStatus', () => {
  const measurements = [
    meas(1, '2026-01', '2026-02-05', conn([[1, true], [2, true], [3, false]])),
    meas(1, '2026-03', '2026-04-20', conn([[1, true], [2, true], [3, true]])), // late
    meas(5, '2026-Q1', '2026-04-08', { kind: 'resources', physical: rr(10, 8), economic: rr(100, 50), human: rr(2, 2) }),
  ];
  const goals = [goal(1, '2026-1', 80, '2026-01-05T10:00:00-05:00'), goal(1, '2026-03', 100, '2026-01-05T10:00:00-05:00')];
  const d = data({ measurements, goals });

  it('flags missing and late periods', () => {
    expect(actionSeries(1, '2026-01-01', '2026-06-30', d, '2026-05-15')).toEqual([
      { period: '2026-01', value: 66.7, secondary: null, goal: 80, light: 'yellow', late: false, missing: false },
      { period: '2026-02', value: null, secondary: null, goal: 80, light: 'none', late: false, missing: true },
      { period: '2026-03', value: 100, secondary: null, goal: 100, light: 'green', late: true, missing: false },
      { period: '2026-04', value: null, secondary: null, goal: 80, light: 'none', late: false, missing: true },
      { period: '2026-05', value: null, secondary: null, goal: 80, light: 'none', late: false, missing: false },
      { period: '2026-06', value: null, secondary: null, goal: 80, light: 'none', late: false, missing: false },
    ]);
    // On the period's last day it is due.
    expect(actionSeries(1, '2026-05-01', '2026-05-31', d, '2026-05-31')[0]?.missing).toBe(true);
    // Computed actions are never missing.
    expect(actionSeries(3, '2026-01-01', '2026-06-30', d, '2026-07-05').map((r) => [r.period, r.value, r.missing])).toEqual([
      ['2026-Q1', 30.8, false],
      ['2026-Q2', 7.7, false],
    ]);
  });

  it('follows an edited frequency', () => {
    const edited = { ...planActionOf(d, 4), id: 'a4', municipality: '95200', frequency: 'semiannual' as const };
    expect(actionSeries(4, '2026-01-01', '2026-12-31', data({ actions: [edited] }), '2026-05-15').map((r) => r.period)).toEqual(['2026-1', '2026-2']);
  });

  it('what is due today', () => {
    const status = planStatus(d, '2026-05-15');
    expect(status.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const [s1, s2, s3, s4, s5] = status;
    expect(s1).toMatchObject({ period: '2026-05', dueBy: '2026-05-31', latestPeriod: '2026-03', value: 100, goal: 100, light: 'green', late: true, currentMissing: true });
    expect(s1?.missing.map((m) => m.period)).toEqual(['2026-02', '2026-04']);
    expect(s2).toMatchObject({ period: '2026-1', latestPeriod: '2026-1', value: 66.7, secondary: 50, source: 'training', currentMissing: false, missing: [] });
    expect(s3).toMatchObject({ period: '2026-Q2', latestPeriod: '2026-Q2', value: 15.4, source: 'portal' }); // on 05-15: participa and tributaria → 2/13
    expect(s4).toMatchObject({ period: '2026', dueBy: '2026-12-31', latestPeriod: null, value: null, light: 'none', currentMissing: true, missing: [] });
    expect(s5).toMatchObject({ period: '2026-Q2', latestPeriod: '2026-Q1', value: 53.6, late: false, currentMissing: true, missing: [] });
  });
  it('reminders cross the year boundary (review §6.1, DOMAIN.md §7)', () => {
    const none = data();
    const onNewYear = planStatus(none, '2027-01-01');
    const missing = (n: number) => onNewYear.find((s) => s.number === n)?.missing.map((m) => m.period) ?? [];
    expect(missing(4)).toEqual(['2026']); // the 2026 budget
    expect(missing(5)).toContain('2026-Q4');
    expect(missing(1)).toContain('2026-12'); // December connectivity check
    expect(missing(1)).toHaveLength(12);
    expect(missing(6)).toEqual(['2026']);
    expect(planStatus(none, '2027-01-05').find((s) => s.number === 1)?.missing.map((m) => m.period)).toContain('2026-12');
    // Still missing in March, until it is measured.
    const march = planStatus(none, '2027-03-15').find((s) => s.number === 4)?.missing.map((m) => m.period);
    expect(march).toEqual(['2026']);
    const measured = data({ measurements: [meas(4, '2026', '2027-01-20', { kind: 'budget', gelLineCop: 45_000_000, totalBudgetCop: 3_000_000_000 })] });
    expect(planStatus(measured, '2027-03-15').find((s) => s.number === 4)?.missing).toEqual([]);
  });
});
