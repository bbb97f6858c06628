// Measurement periods of the action plan: months ('2026-11'), quarters ('2026-Q4'), semesters
// ('2026-2', Jan–Jun = 1, Jul–Dec = 2) and years ('2026'). Pure string/calendar arithmetic on
// 'YYYY-MM-DD' dates, identical in browsers and Node (no Date.now, no host time zone).

import { addCalendarDays, isIsoDate } from '../calendar';
import type { Frequency } from './plan-schema';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const SEMESTER_RE = /^(\d{4})-([12])$/;
const YEAR_RE = /^(\d{4})$/;

const MONTH_NAMES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function lastDayOfMonth(y: number, month: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

function assertDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`Invalid date: expected 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
}

/** The frequency a period key is written in; throws on a malformed key. */
export function frequencyOfPeriod(period: string): Frequency {
  if (MONTH_RE.test(period)) return 'monthly';
  if (QUARTER_RE.test(period)) return 'quarterly';
  if (SEMESTER_RE.test(period)) return 'semiannual';
  if (YEAR_RE.test(period)) return 'annual';
  throw new RangeError(`Invalid period: ${JSON.stringify(period)}`);
}

/** True when `period` is a well-formed period key. */
export function isPeriod(period: unknown): period is string {
  return typeof period === 'string' && (MONTH_RE.test(period) || QUARTER_RE.test(period) || SEMESTER_RE.test(period) || YEAR_RE.test(period));
}

/** The period of `frequency` containing `date`: '2026-11', '2026-Q4', '2026-2' or '2026'. */
export function periodKey(frequency: Frequency, date: string): string {
  assertDate(date);
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  switch (frequency) {
    case 'monthly':
      return date.slice(0, 7);
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'semiannual':
      return `${year}-${month <= 6 ? 1 : 2}`;
    case 'annual':
      return year;
  }
}

/** First and last calendar day of a period, both inclusive. */
export function periodRange(period: string): { from: string; to: string } {
  const frequency = frequencyOfPeriod(period);
  const y = Number(period.slice(0, 4));
  const yy = pad4(y);
  let first: number;
  let last: number;
  switch (frequency) {
    case 'monthly':
      first = last = Number(period.slice(5, 7));
      break;
    case 'quarterly': {
      const q = Number(period.slice(6));
      first = q * 3 - 2;
      last = q * 3;
      break;
    }
    case 'semiannual':
      first = period.endsWith('-1') ? 1 : 7;
      last = first + 5;
      break;
    case 'annual':
      first = 1;
      last = 12;
      break;
  }
  return { from: `${yy}-${pad2(first)}-01`, to: `${yy}-${pad2(last)}-${pad2(lastDayOfMonth(y, last))}` };
}

/** The period right after `period`, in the same frequency. */
export function nextPeriod(period: string): string {
  return periodKey(frequencyOfPeriod(period), addCalendarDays(periodRange(period).to, 1));
}

/** Every period of `frequency` overlapping [from, to] (inclusive dates), in order; [] when from > to. */
export function periodsBetween(frequency: Frequency, from: string, to: string): string[] {
  assertDate(from);
  assertDate(to);
  if (from > to) return [];
  const last = periodKey(frequency, to);
  const out: string[] = [];
  for (let p = periodKey(frequency, from); ; p = nextPeriod(p)) {
    out.push(p);
    if (p === last) break;
  }
  return out;
}

/** The periods of `frequency` overlapping a semester ('2026-1' | '2026-2'); an annual one gives its year. */
export function periodsInSemester(frequency: Frequency, semester: string): string[] {
  if (!SEMESTER_RE.test(semester)) throw new RangeError(`Invalid semester: ${JSON.stringify(semester)}`);
  const { from, to } = periodRange(semester);
  return periodsBetween(frequency, from, to);
}

/** The semester containing a month, quarter or semester; null for a year. */
export function semesterOfPeriod(period: string): string | null {
  return frequencyOfPeriod(period) === 'annual' ? null : periodKey('semiannual', periodRange(period).from);
}

/** The year ('2026') of any period. */
export function yearOfPeriod(period: string): string {
  frequencyOfPeriod(period);
  return period.slice(0, 4);
}

export type DuePeriod = { period: string; due: string; state: 'due' | 'current' };

/**
 * Periods of `frequency` from the one containing `since` up to the one containing `today`.
 * A period is due on its last day (`due`); ended periods are 'due', the one containing today
 * is 'current'. Empty when since > today.
 */
export function duePeriods(frequency: Frequency, since: string, today: string): DuePeriod[] {
  return periodsBetween(frequency, since, today).map((period) => {
    const due = periodRange(period).to;
    return { period, due, state: due < today ? 'due' : 'current' };
  });
}

/** A measurement is late when recorded more than `graceDays` calendar days after its period ended. */
export function isLate(period: string, recordedOn: string, graceDays = 10): boolean {
  assertDate(recordedOn);
  return recordedOn > addCalendarDays(periodRange(period).to, graceDays);
}

/** Spanish label of a period: 'noviembre de 2026', 'trimestre 4 de 2026', 'semestre 2 de 2026', '2026'. */
export function periodLabel(period: string): string {
  const y = period.slice(0, 4);
  switch (frequencyOfPeriod(period)) {
    case 'monthly':
      return `${MONTH_NAMES[Number(period.slice(5, 7)) - 1]} de ${y}`;
    case 'quarterly':
      return `trimestre ${period.slice(6)} de ${y}`;
    case 'semiannual':
      return `semestre ${period.slice(5)} de ${y}`;
    case 'annual':
      return y;
  }
}
