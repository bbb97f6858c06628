// Colombian business-day calendar (Ley 51 de 1983 "Ley Emiliani", Ley 2578 de 2026).
// Pure date math on 'YYYY-MM-DD' strings; all arithmetic is done on UTC day numbers so the
// host time zone never leaks in. See shared/DOMAIN.md §3.

export type CalendarOptions = { saturdayIsBusinessDay?: boolean };

export type Holiday = { date: string; name: string };

export const MIN_CALENDAR_YEAR = 1984;
export const MAX_CALENDAR_YEAR = 2100;

/** Year from which Jul 9 (Virgen de Chiquinquirá) is a holiday. */
export const CHIQUINQUIRA_FROM_YEAR = 2026;

const MS_PER_DAY = 86_400_000;
const BOGOTA_OFFSET_MS = 5 * 3_600_000; // UTC−5 all year, no DST
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit offset is required: an instant without one would be parsed in host local time.
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

// ---------------------------------------------------------------------------
// Day-number helpers (days since 1970-01-01 UTC)

/** True when `s` is a real calendar date written as 'YYYY-MM-DD' (years 0001–9999). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, month: number): number {
  const lengths = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1] ?? 0;
}

function assertIsoDate(s: unknown, what = 'date'): asserts s is string {
  if (!isIsoDate(s)) {
    throw new RangeError(`Invalid ${what}: expected a real calendar date 'YYYY-MM-DD', got ${JSON.stringify(s)}`);
  }
}

function assertInteger(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`Invalid ${what}: expected an integer, got ${String(n)}`);
  }
}

function ymdToDay(y: number, month: number, d: number): number {
  // setUTCFullYear avoids Date.UTC's mapping of years 0–99 to 1900–1999.
  const dt = new Date(0);
  dt.setUTCFullYear(y, month - 1, d);
  return Math.floor(dt.getTime() / MS_PER_DAY);
}

function toDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ymdToDay(y, m, d);
}

function fromDay(day: number): string {
  const dt = new Date(day * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  if (y < 1 || y > 9999) throw new RangeError(`Date out of supported range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${pad2(dt.getUTCMonth() + 1)}-${pad2(dt.getUTCDate())}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

// ---------------------------------------------------------------------------
// Holidays

/** Easter Sunday (Gregorian calendar, anonymous/Meeus computus) as 'YYYY-MM-DD'. */
export function easterSunday(year: number): string {
  assertInteger(year, 'year');
  if (year < 1583 || year > 9999) throw new RangeError(`Easter is only computed for years 1583–9999, got ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Ley Emiliani: a movable holiday goes to the next Monday unless it already is one. */
function nextMondayOrSame(day: number): number {
  return day + ((8 - weekdayOfDay(day)) % 7);
}

type YearHolidays = { list: readonly Holiday[]; days: ReadonlySet<number> };

const holidayCache = new Map<number, YearHolidays>();

function computeYear(year: number): YearHolidays {
  const entries: { day: number; name: string }[] = [];
  const fixed = (m: number, d: number, name: string): void => {
    entries.push({ day: ymdToDay(year, m, d), name });
  };
  const moved = (day: number, name: string): void => {
    entries.push({ day: nextMondayOrSame(day), name });
  };
  const easter = toDay(easterSunday(year));

  fixed(1, 1, 'Año Nuevo');
  moved(ymdToDay(year, 1, 6), 'Reyes Magos');
  moved(ymdToDay(year, 3, 19), 'San José');
  entries.push({ day: easter - 3, name: 'Jueves Santo' });
  entries.push({ day: easter - 2, name: 'Viernes Santo' });
  fixed(5, 1, 'Día del Trabajo');
  moved(easter + 39, 'Ascensión del Señor'); // always lands on easter + 43
  moved(easter + 60, 'Corpus Christi'); // easter + 64
  moved(easter + 68, 'Sagrado Corazón'); // easter + 71
  moved(ymdToDay(year, 6, 29), 'San Pedro y San Pablo');
  if (year >= CHIQUINQUIRA_FROM_YEAR) moved(ymdToDay(year, 7, 9), 'Virgen de Chiquinquirá');
  fixed(7, 20, 'Día de la Independencia');
  fixed(8, 7, 'Batalla de Boyacá');
  moved(ymdToDay(year, 8, 15), 'Asunción de la Virgen');
  moved(ymdToDay(year, 10, 12), 'Día de la Raza');
  moved(ymdToDay(year, 11, 1), 'Todos los Santos');
  moved(ymdToDay(year, 11, 11), 'Independencia de Cartagena');
  fixed(12, 8, 'Inmaculada Concepción');
  fixed(12, 25, 'Navidad');

  // Stable sort keeps declaration order for holidays that share a date.
  entries.sort((x, y) => x.day - y.day);
  const list = Object.freeze(entries.map((e) => Object.freeze({ date: fromDay(e.day), name: e.name })));
  return { list, days: new Set(entries.map((e) => e.day)) };
}

function yearHolidays(year: number): YearHolidays {
  assertInteger(year, 'year');
  if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(
      `Colombian holidays are only defined for ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}, got ${year}`,
    );
  }
  let cached = holidayCache.get(year);
  if (!cached) {
    cached = computeYear(year);
    holidayCache.set(year, cached);
  }
  return cached;
}

/**
 * National holidays of `year`, sorted by date: one entry per holiday (18 before 2026, 19 from
 * 2026). Two holidays can share a date (e.g. 2025-06-30 is both Sagrado Corazón and San Pedro
 * y San Pablo), so the number of distinct dates may be smaller.
 */
export function holidaysOf(year: number): Holiday[] {
  return yearHolidays(year).list.map((h) => ({ ...h }));
}

function isHolidayDay(day: number): boolean {
  return yearHolidays(yearOfDay(day)).days.has(day);
}

function isBusinessDayNum(day: number, opts?: CalendarOptions): boolean {
  const wd = weekdayOfDay(day);
  if (wd === 0) return false;
  if (wd === 6 && !opts?.saturdayIsBusinessDay) return false;
  return !isHolidayDay(day);
}

export function isHoliday(date: string): boolean {
  assertIsoDate(date);
  return isHolidayDay(toDay(date));
}

/** Monday–Friday (optionally Saturday) that is not a national holiday. */
export function isBusinessDay(date: string, opts?: CalendarOptions): boolean {
  assertIsoDate(date);
  return isBusinessDayNum(toDay(date), opts);
}

// ---------------------------------------------------------------------------
// Term arithmetic

/**
 * The n-th business day after `date` (Ley 1755: counting starts the day after receipt).
 * n = 0 returns `date` unchanged; negative n steps back to the |n|-th business day before.
 */
export function addBusinessDays(date: string, n: number, opts?: CalendarOptions): string {
  assertIsoDate(date);
  assertInteger(n, 'number of business days');
  let day = toDay(date);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    day += step;
    if (isBusinessDayNum(day, opts)) left--;
  }
  return fromDay(day);
}

/**
 * Business days after `from` up to and including `to`. Antisymmetric: when to < from the
 * result is −businessDaysBetween(to, from); 0 when equal.
 */
export function businessDaysBetween(from: string, to: string, opts?: CalendarOptions): number {
  assertIsoDate(from, 'from date');
  assertIsoDate(to, 'to date');
  const a = toDay(from);
  const b = toDay(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = lo + 1; day <= hi; day++) {
    if (isBusinessDayNum(day, opts)) count++;
  }
  return sign * count;
}

export function addCalendarDays(date: string, n: number): string {
  assertIsoDate(date);
  assertInteger(n, 'number of days');
  return fromDay(toDay(date) + n);
}

/**
 * Term in months (Ley 4 de 1913 art. 62): same day number `months` later, clamped to the end
 * of a shorter month; if that day is not a business day, the next business day.
 */
export function addMonthsClampToBusinessDay(date: string, months: number, opts?: CalendarOptions): string {
  assertIsoDate(date);
  assertInteger(months, 'number of months');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const ty = Math.floor(monthIndex / 12);
  const tm = (monthIndex % 12) + 1;
  if (ty < 1 || ty > 9999) throw new RangeError(`Date out of supported range (year ${ty})`);
  let day = ymdToDay(ty, tm, Math.min(d, daysInMonth(ty, tm)));
  while (!isBusinessDayNum(day, opts)) day++;
  return fromDay(day);
}

// ---------------------------------------------------------------------------
// America/Bogota dates

/** Calendar date in Bogotá (fixed UTC−5) of an ISO 8601 instant with 'Z' or an offset. */
export function bogotaDateOf(isoInstant: string): string {
  if (typeof isoInstant !== 'string' || !ISO_INSTANT_RE.test(isoInstant)) {
    throw new RangeError(
      `Invalid instant: expected ISO 8601 with 'Z' or an offset, got ${JSON.stringify(isoInstant)}`,
    );
  }
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${JSON.stringify(isoInstant)}`);
  return bogotaDateOfMs(ms);
}

/** Today's calendar date in Bogotá. */
export function todayInBogota(now: Date = new Date()): string {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date passed to todayInBogota');
  return bogotaDateOfMs(ms);
}

/** 'YYYY-MM-DDTHH:mm' of an instant in Bogotá: what a datetime-local input holds. */
export function bogotaLocalDateTime(now: Date = new Date()): string {
  return new Date(now.getTime() - BOGOTA_OFFSET_MS).toISOString().slice(0, 16);
}

/** The ISO instant of a Bogotá 'YYYY-MM-DDTHH:mm' (a datetime-local input's value). */
export function instantOfBogotaLocal(local: string): string {
  return `${local}:00-05:00`;
}

function bogotaDateOfMs(ms: number): string {
  return fromDay(Math.floor((ms - BOGOTA_OFFSET_MS) / MS_PER_DAY));
}
