import { describe, it, expect } from 'vitest';
import {
  duePeriods,
  frequencyOfPeriod,
  isLate,
  isPeriod,
  nextPeriod,
  periodKey,
  periodLabel,
  periodRange,
  periodsBetween,
  periodsInSemester,
  semesterOfPeriod,
  yearOfPeriod,
} from '#shared/plan/periods';
import { GEL_PHASES_SEED, PLAN_ACTIONS_SEED, gelPhaseId, planActionId } from '#shared/plan/plan-seed';
import { gelPhaseFieldsSchema, periodSchema, planActionFieldsSchema } from '#shared/plan/plan-schema';

describe('periodKey', () => {
  it('keys a date in each frequency', () => {
    expect(periodKey('monthly', '2026-11-15')).toBe('2026-11');
    expect(periodKey('quarterly', '2026-11-15')).toBe('2026-Q4');
    expect(periodKey('semiannual', '2026-11-15')).toBe('2026-2');
    expect(periodKey('annual', '2026-11-15')).toBe('2026');
  });
  it('puts boundaries in the right period', () => {
    expect(periodKey('quarterly', '2026-03-31')).toBe('2026-Q1');
    expect(periodKey('quarterly', '2026-04-01')).toBe('2026-Q2');
    expect(periodKey('semiannual', '2026-06-30')).toBe('2026-1');
    expect(periodKey('semiannual', '2026-07-01')).toBe('2026-2');
    expect(periodKey('monthly', '2028-02-29')).toBe('2028-02');
  });
  it('rejects non-dates', () => {
    expect(() => periodKey('monthly', '2026-02-30')).toThrow(RangeError);
    expect(() => periodKey('monthly', '2026-2-3')).toThrow(RangeError);
  });
  it('keys match the schema', () => {
    for (const f of ['monthly', 'quarterly', 'semiannual', 'annual'] as const) expect(periodSchema.safeParse(periodKey(f, '2026-09-09')).success).toBe(true);
  });
});

describe('periodRange and frequencyOfPeriod', () => {
  it('months, with leap years', () => {
    expect(periodRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('2000-02').to).toBe('2000-02-29');
    expect(periodRange('2100-02').to).toBe('2100-02-28');
    expect(periodRange('2026-04').to).toBe('2026-04-30');
    expect(periodRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
  it('quarters, semesters, years', () => {
    expect(periodRange('2028-Q1')).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(periodRange('2026-Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodRange('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange('2026-1')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(periodRange('2026-2')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(periodRange('2028')).toEqual({ from: '2028-01-01', to: '2028-12-31' });
  });
  it('frequency of a key; malformed keys throw', () => {
    const frequencies = [
      ['2026-11', 'monthly'],
      ['2026-01', 'monthly'],
      ['2026-1', 'semiannual'],
      ['2026-Q4', 'quarterly'],
      ['2026', 'annual'],
    ] as const;
    for (const [key, frequency] of frequencies) expect(frequencyOfPeriod(key), key).toBe(frequency);
    for (const bad of ['2026-13', '2026-Q5', '2026-3', '26', '2026-00', '']) {
      expect(isPeriod(bad)).toBe(false);
      expect(() => periodRange(bad)).toThrow(RangeError);
    }
  });
  it('next period, semester and year of a period, labels', () => {
    // [key, next period, its semester (none for a year), its label]
    const periods = [
      ['2026-12', '2027-01', '2026-2', 'diciembre de 2026'],
      ['2026-11', '2026-12', '2026-2', 'noviembre de 2026'],
      ['2026-05', '2026-06', '2026-1', 'mayo de 2026'],
      ['2026-Q4', '2027-Q1', '2026-2', 'trimestre 4 de 2026'],
      ['2026-Q3', '2026-Q4', '2026-2', 'trimestre 3 de 2026'],
      ['2026-2', '2027-1', '2026-2', 'semestre 2 de 2026'],
      ['2026-1', '2026-2', '2026-1', 'semestre 1 de 2026'],
      ['2026', '2027', null, '2026'],
    ] as const;
    for (const [key, next, semester, label] of periods) {
      expect([nextPeriod(key), semesterOfPeriod(key), periodLabel(key)], key).toEqual([next, semester, label]);
    }
    expect(yearOfPeriod('2026-Q3')).toBe('2026');
  });
});

describe('periodsBetween and periodsInSemester', () => {
  it('crosses year boundaries', () => {
    const spans = [
      ['monthly', '2025-11-20', '2026-02-03', ['2025-11', '2025-12', '2026-01', '2026-02']],
      ['quarterly', '2025-08-01', '2026-04-01', ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']],
      ['semiannual', '2025-06-30', '2026-07-01', ['2025-1', '2025-2', '2026-1', '2026-2']],
      ['annual', '2025-12-31', '2026-01-01', ['2025', '2026']],
    ] as const;
    for (const [frequency, from, to, periods] of spans) expect(periodsBetween(frequency, from, to), frequency).toEqual(periods);
  });
  it('one period when both dates fall in it; none when from > to', () => {
    expect(periodsBetween('monthly', '2026-03-01', '2026-03-31')).toEqual(['2026-03']);
    expect(periodsBetween('monthly', '2026-04-01', '2026-03-31')).toEqual([]);
  });
  it('periods overlapping a semester', () => {
    expect(periodsInSemester('monthly', '2026-2')).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(periodsInSemester('quarterly', '2026-1')).toEqual(['2026-Q1', '2026-Q2']);
    expect(periodsInSemester('semiannual', '2026-1')).toEqual(['2026-1']);
    expect(periodsInSemester('annual', '2026-2')).toEqual(['2026']);
    expect(() => periodsInSemester('monthly', '2026-3')).toThrow(RangeError);
  });
});

describe('duePeriods and isLate', () => {
  it('ended periods are due, the one containing today is current', () => {
    expect(duePeriods('monthly', '2026-01-01', '2026-04-15')).toEqual([
      { period: '2026-01', due: '2026-01-31', state: 'due' },
      { period: '2026-02', due: '2026-02-28', state: 'due' },
      { period: '2026-03', due: '2026-03-31', state: 'due' },
      { period: '2026-04', due: '2026-04-30', state: 'current' },
    ]);
    expect(duePeriods('quarterly', '2025-11-01', '2026-06-30')).toEqual([
      { period: '2025-Q4', due: '2025-12-31', state: 'due' },
      { period: '2026-Q1', due: '2026-03-31', state: 'due' },
      { period: '2026-Q2', due: '2026-06-30', state: 'current' },
    ]);
    expect(duePeriods('annual', '2026-01-01', '2026-07-05')).toEqual([{ period: '2026', due: '2026-12-31', state: 'current' }]);
    expect(duePeriods('monthly', '2026-05-01', '2026-04-30')).toEqual([]);
  });
  it('late after the end + grace days', () => {
    expect(isLate('2026-03', '2026-04-10')).toBe(false);
    expect(isLate('2026-03', '2026-04-11')).toBe(true);
    expect(isLate('2026-03', '2026-03-15')).toBe(false);
    expect(isLate('2026-03', '2026-03-31', 0)).toBe(false);
    expect(isLate('2026-03', '2026-04-01', 0)).toBe(true);
    expect(isLate('2026-12', '2027-01-10')).toBe(false);
    expect(isLate('2026-12', '2027-01-11')).toBe(true);
    expect(isLate('2028-02', '2028-03-10')).toBe(false);
    expect(isLate('2028-02', '2028-03-11')).toBe(true);
  });
});

describe('plan seed', () => {
  it('six valid actions with the seed frequencies', () => {
    expect(PLAN_ACTIONS_SEED.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(PLAN_ACTIONS_SEED.map((a) => a.frequency)).toEqual(['monthly', 'semiannual', 'quarterly', 'annual', 'quarterly', 'annual']);
    for (const a of PLAN_ACTIONS_SEED) expect(planActionFieldsSchema.parse(a)).toEqual(a);
    const six = PLAN_ACTIONS_SEED[5]!;
    expect(six.name).toBe('Diseño e implementación de manual de funciones y procedimientos para el Comité Local de Gobierno En Línea Territorial');
    expect(six.indicator).toBe('Manual de Gestión (adoptado)');
    expect(six.benefit.startsWith('Conocimiento y Compromiso de los Funcionarios')).toBe(true);
  });
  it('five valid phases with both deadlines', () => {
    expect(GEL_PHASES_SEED.map((p) => p.name)).toEqual(['Información', 'Interacción', 'Transacción', 'Transformación', 'Democracia']);
    expect(GEL_PHASES_SEED.map((p) => p.territorialDeadline)).toEqual(['2008-11-01', '2009-12-01', '2010-12-01', '2011-12-01', '2012-12-01']);
    expect(GEL_PHASES_SEED.map((p) => p.nationalDeadline)).toEqual(['2008-06-01', '2008-12-01', '2009-12-01', '2010-06-01', '2010-12-01']);
    for (const p of GEL_PHASES_SEED) {
      expect(gelPhaseFieldsSchema.parse(p)).toEqual(p);
      expect(p.criteria.length).toBeGreaterThanOrEqual(3);
      expect(p.criteria.length).toBeLessThanOrEqual(5);
      expect(p.criteria.every((c) => !c.met)).toBe(true);
      expect(p.status).toBe('pendiente');
    }
  });
  it('fixed ids', () => {
    expect(planActionId(6)).toBe('00000000-0000-4000-8001-000000000006');
    expect(gelPhaseId(5)).toBe('00000000-0000-4000-8002-000000000005');
  });
});
