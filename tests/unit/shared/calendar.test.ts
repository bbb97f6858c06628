import { describe, it, expect } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  addMonthsClampToBusinessDay,
  bogotaDateOf,
  bogotaLocalDateTime,
  businessDaysBetween,
  easterSunday,
  holidaysOf,
  isBusinessDay,
  isHoliday,
  instantOfBogotaLocal,
  isIsoDate,
  todayInBogota,
} from '#shared/calendar';

const HOLIDAYS_2025 = [
  '01-01', '01-06', '03-24', '04-17', '04-18', '05-01', '06-02', '06-23', '06-30',
  '07-20', '08-07', '08-18', '10-13', '11-03', '11-17', '12-08', '12-25',
].map((d) => `2025-${d}`);

const HOLIDAYS_2026 = [
  '01-01', '01-12', '03-23', '04-02', '04-03', '05-01', '05-18', '06-08', '06-15',
  '06-29', '07-13', '07-20', '08-07', '08-17', '10-12', '11-02', '11-16', '12-08', '12-25',
].map((d) => `2026-${d}`);

const FIXED_NAMES = new Set([
  'Año Nuevo', 'Jueves Santo', 'Viernes Santo', 'Día del Trabajo', 'Día de la Independencia',
  'Batalla de Boyacá', 'Inmaculada Concepción', 'Navidad',
]);

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const distinctDates = (year: number): string[] => [...new Set(holidaysOf(year).map((h) => h.date))];

// Deterministic PRNG so failures are reproducible.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2008, '2008-03-23'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });
});

describe('holidaysOf — DOMAIN.md §3 check values', () => {
  it('2025 matches exactly (Sagrado Corazón and San Pedro share 06-30)', () => {
    expect(distinctDates(2025)).toEqual(HOLIDAYS_2025);
    const jun30 = holidaysOf(2025).filter((h) => h.date === '2025-06-30').map((h) => h.name);
    expect(jun30).toEqual(['Sagrado Corazón', 'San Pedro y San Pablo']);
    expect(holidaysOf(2025)).toHaveLength(18);
  });

  it('2026 matches exactly, with Virgen de Chiquinquirá on 07-13', () => {
    expect(holidaysOf(2026).map((h) => h.date)).toEqual(HOLIDAYS_2026);
    expect(holidaysOf(2026).find((h) => h.name === 'Virgen de Chiquinquirá')?.date).toBe('2026-07-13');
  });

  it('names are the Spanish names and the list is sorted', () => {
    const names = holidaysOf(2026).map((h) => h.name);
    expect(names).toContain('Reyes Magos');
    expect(names).toContain('Ascensión del Señor');
    expect(names).toContain('Independencia de Cartagena');
    for (let y = 1984; y <= 2100; y++) {
      const dates = holidaysOf(y).map((h) => h.date);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('returns copies: mutating the result does not poison the cache', () => {
    const list = holidaysOf(2026);
    list[0]!.date = '1999-01-01';
    list.pop();
    expect(holidaysOf(2026).map((h) => h.date)).toEqual(HOLIDAYS_2026);
  });

  it('isHoliday agrees with the check lists', () => {
    for (const d of [...HOLIDAYS_2025, ...HOLIDAYS_2026]) expect(isHoliday(d)).toBe(true);
    for (const d of ['2025-07-09', '2025-07-14', '2026-07-09', '2026-01-06']) expect(isHoliday(d), d).toBe(false);
  });
});

describe('holidaysOf — invariants 1990–2100', () => {
  it('18 holidays before 2026, 19 from 2026; moved ones on Mondays; Jul 9 only from 2026', () => {
    for (let year = 1990; year <= 2100; year++) {
      const list = holidaysOf(year);
      expect(list, `year ${year}`).toHaveLength(year < 2026 ? 18 : 19);
      for (const h of list) {
        expect(h.date.startsWith(`${year}-`), `${year} ${h.name}`).toBe(true);
        if (!FIXED_NAMES.has(h.name)) expect(weekday(h.date), `${h.date} ${h.name}`).toBe(1);
      }
      const chiquinquira = list.find((h) => h.name === 'Virgen de Chiquinquirá');
      if (year < 2026) {
        expect(chiquinquira, `year ${year}`).toBeUndefined();
      } else {
        expect(chiquinquira!.date >= `${year}-07-09` && chiquinquira!.date <= `${year}-07-15`).toBe(true);
      }
      const easter = easterSunday(year);
      const byName = (n: string): string => list.find((h) => h.name === n)!.date;
      expect(byName('Jueves Santo')).toBe(addCalendarDays(easter, -3));
      expect(byName('Viernes Santo')).toBe(addCalendarDays(easter, -2));
      expect(byName('Ascensión del Señor')).toBe(addCalendarDays(easter, 43));
      expect(byName('Corpus Christi')).toBe(addCalendarDays(easter, 64));
      expect(byName('Sagrado Corazón')).toBe(addCalendarDays(easter, 71));
    }
  });

  it('throws RangeError outside 1984–2100', () => {
    expect(() => holidaysOf(1983)).toThrow(RangeError);
    expect(() => holidaysOf(2101)).toThrow(RangeError);
    expect(() => holidaysOf(2026.5)).toThrow(RangeError);
    expect(holidaysOf(1984)).toHaveLength(18);
    expect(holidaysOf(2100)).toHaveLength(19);
    expect(() => isHoliday('1983-12-31')).toThrow(RangeError);
  });
});

describe('business days', () => {
  it.each([
    ['2026-07-10', 10, '2026-07-28'],
    ['2026-07-10', 15, '2026-08-04'],
    ['2025-12-19', 15, '2026-01-14'],
    ['2026-03-27', 10, '2026-04-14'],
    ['2026-03-27', 30, '2026-05-13'],
  ])('%s + %i business days → %s', (from, n, due) => {
    expect(addBusinessDays(from, n)).toBe(due);
    expect(businessDaysBetween(from, due)).toBe(n);
  });

  it('isBusinessDay: weekends, holidays and the Saturday setting', () => {
    expect(isBusinessDay('2026-07-10')).toBe(true); // Friday
    expect(isBusinessDay('2026-07-11')).toBe(false); // Saturday
    expect(isBusinessDay('2026-07-11', { saturdayIsBusinessDay: true })).toBe(true);
    expect(isBusinessDay('2026-07-12', { saturdayIsBusinessDay: true })).toBe(false); // Sunday
    expect(isBusinessDay('2026-07-13')).toBe(false); // Chiquinquirá
    expect(isBusinessDay('2026-08-07')).toBe(false); // Friday holiday
    expect(isBusinessDay('2027-11-20', { saturdayIsBusinessDay: true })).toBe(true);
    expect(isBusinessDay('2026-12-26')).toBe(false); // Saturday after Navidad
  });

  it('the Saturday setting changes addBusinessDays', () => {
    expect(addBusinessDays('2026-07-10', 10, { saturdayIsBusinessDay: true })).toBe('2026-07-24');
    expect(addBusinessDays('2026-07-10', 1)).toBe('2026-07-14');
    expect(addBusinessDays('2026-07-10', 1, { saturdayIsBusinessDay: true })).toBe('2026-07-11');
  });

  it('n = 0 returns the date, negative n counts backwards', () => {
    expect(addBusinessDays('2026-07-11', 0)).toBe('2026-07-11');
    expect(addBusinessDays('2026-07-28', -10)).toBe('2026-07-10');
    expect(addBusinessDays('2026-07-11', -1)).toBe('2026-07-10');
  });

  it('businessDaysBetween: zero, negative, antisymmetric', () => {
    expect(businessDaysBetween('2026-07-10', '2026-07-10')).toBe(0);
    expect(businessDaysBetween('2026-07-10', '2026-07-13')).toBe(0); // Sat, Sun, holiday
    expect(businessDaysBetween('2026-07-28', '2026-07-10')).toBe(-10);
    expect(businessDaysBetween('2025-12-19', '2026-01-14')).toBe(15);
  });

  it('businessDaysBetween is consistent with addBusinessDays for random pairs', () => {
    const rnd = mulberry32(20260710);
    const base = Date.UTC(1990, 0, 1);
    const span = Date.UTC(2099, 0, 1) - base;
    const randomDate = (): string => new Date(base + Math.floor(rnd() * span / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 300; i++) {
      const opts = { saturdayIsBusinessDay: rnd() < 0.3 };
      const from = randomDate();
      const to = addCalendarDays(from, Math.floor(rnd() * 400) - 200);
      const n = businessDaysBetween(from, to, opts);
      expect(businessDaysBetween(to, from, opts)).toBe(-n);
      if (isBusinessDay(to, opts) && (to >= from || isBusinessDay(from, opts))) {
        expect(addBusinessDays(from, n, opts), `${from} → ${to} (${n})`).toBe(to);
      }
      const k = Math.floor(rnd() * 60);
      const due = addBusinessDays(from, k, opts);
      expect(businessDaysBetween(from, due, opts)).toBe(k);
      if (k > 0) expect(isBusinessDay(due, opts)).toBe(true);
    }
  });
});

describe('calendar arithmetic', () => {
  it('addCalendarDays crosses months, years and leap days', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-07-10', 0)).toBe('2026-07-10');
  });

  it('addMonthsClampToBusinessDay clamps to month end and rolls to a business day', () => {
    expect(addMonthsClampToBusinessDay('2026-01-15', 1)).toBe('2026-02-16'); // Sun 15 → Mon 16
    expect(addMonthsClampToBusinessDay('2026-01-31', 1)).toBe('2026-03-02'); // Sat Feb 28 → Mon
    expect(addMonthsClampToBusinessDay('2026-01-31', 1, { saturdayIsBusinessDay: true })).toBe('2026-02-28');
    expect(addMonthsClampToBusinessDay('2026-06-12', 1)).toBe('2026-07-14'); // Sun 12, Mon 13 holiday
    expect(addMonthsClampToBusinessDay('2025-11-10', 2)).toBe('2026-01-13'); // Sat 10, Mon 12 holiday
    expect(addMonthsClampToBusinessDay('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClampToBusinessDay('2026-03-04', 6)).toBe('2026-09-04');
    expect(addMonthsClampToBusinessDay('2026-03-31', -1)).toBe('2026-03-02'); // Sat Feb 28 → Mon
  });
});

describe('Bogotá dates', () => {
  it.each([
    ['2026-01-01T03:00:00Z', '2025-12-31'],
    ['2026-01-01T05:00:00Z', '2026-01-01'],
    ['2026-01-01T04:59:59.999Z', '2025-12-31'],
    ['2026-01-01T00:30:00-05:00', '2026-01-01'],
    ['2026-01-01T01:00:00+02:00', '2025-12-31'],
  ])('bogotaDateOf subtracts five hours: %s is %s', (instant, date) => {
    expect(bogotaDateOf(instant)).toBe(date);
  });

  it('todayInBogota uses the given instant', () => {
    expect(todayInBogota(new Date('2026-07-10T04:00:00Z'))).toBe('2026-07-09');
    expect(todayInBogota(new Date('2026-07-10T12:00:00Z'))).toBe('2026-07-10');
    expect(isIsoDate(todayInBogota())).toBe(true);
  });

  it('a datetime-local value in Bogotá and its instant go both ways', () => {
    expect(bogotaLocalDateTime(new Date('2026-07-10T04:30:00Z'))).toBe('2026-07-09T23:30');
    expect(instantOfBogotaLocal('2026-07-09T23:30')).toBe('2026-07-09T23:30:00-05:00');
    expect(Date.parse(instantOfBogotaLocal(bogotaLocalDateTime(new Date('2026-07-10T04:30:00Z'))))).toBe(Date.parse('2026-07-10T04:30:00Z'));
  });
});

describe('input validation', () => {
  it('isIsoDate accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-7-1', '20260710', ' 2026-07-10', '2026-07-10T00:00:00Z', '', 20260710, null, undefined]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
  });

  it('malformed input throws RangeError', () => {
    const bad = ['2026-02-30', '2026/07/10', 'hoy', '', '2026-7-10'];
    for (const d of bad) {
      expect(() => isHoliday(d)).toThrow(RangeError);
      expect(() => isBusinessDay(d)).toThrow(RangeError);
      expect(() => addBusinessDays(d, 1)).toThrow(RangeError);
      expect(() => businessDaysBetween(d, '2026-07-10')).toThrow(RangeError);
      expect(() => businessDaysBetween('2026-07-10', d)).toThrow(RangeError);
      expect(() => addCalendarDays(d, 1)).toThrow(RangeError);
      expect(() => addMonthsClampToBusinessDay(d, 1)).toThrow(RangeError);
    }
    expect(() => addBusinessDays('2026-07-10', 1.5)).toThrow(/integer/);
    expect(() => addBusinessDays('2026-07-10', Number.NaN)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-07-10', Infinity)).toThrow(RangeError);
    expect(() => isHoliday('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => bogotaDateOf('2026-01-01T03:00:00')).toThrow(RangeError); // no offset
    expect(() => bogotaDateOf('not a date')).toThrow(RangeError);
    expect(() => todayInBogota(new Date('nope'))).toThrow(RangeError);
    expect(() => easterSunday(1500)).toThrow(RangeError);
  });
});
