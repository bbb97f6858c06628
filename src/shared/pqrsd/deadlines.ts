// Deadlines of a request under Ley 1755 de 2015, derived from its lifecycle snapshot: the
// day terms count from, the limits of each step, positive silence. Pure (no clock, no I/O);
// `lifecycle.ts` applies them and the UI uses them to show a limit before the official acts.
import { addBusinessDays, addCalendarDays, addMonthsClampToBusinessDay, bogotaDateOf, isBusinessDay, type CalendarOptions } from '../calendar';
import { PQRSD_TYPES, type PqrsdChannel } from '../records/pqrsd';
import { OFFICE_CLOSING_TIME, OPEN_STATES, type Lifecycle, type PqrsdSettings } from './lifecycle-schema';

export const calendarOf = (s: PqrsdSettings): CalendarOptions => ({ saturdayIsBusinessDay: s.saturdayIsBusinessDay });

export function isOpen(l: Lifecycle): boolean {
  return OPEN_STATES.includes(l.state);
}

/** Channels where the petitioner speaks (art. 21: told of the incompetence at once). */
export const VERBAL_CHANNELS: readonly PqrsdChannel[] = ['presencial', 'telefonico'];

/** Positive silence applies to document requests (art. 14 num. 1), the only type with a 10-day term. */
const DOCUMENT_TERM_DAYS = PQRSD_TYPES.peticion_documentos.termDays;
/** Business days to deliver the copies once the silence is positive (art. 14 num. 1). */
export const POSITIVE_SILENCE_DELIVERY_DAYS = 3;

/** Bogotá wall-clock time 'HH:MM' of an instant with 'Z' or an offset (Bogotá is UTC−5 all year). */
function bogotaTimeOf(isoInstant: string): string {
  const d = new Date(Date.parse(isoInstant) - 5 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * The business day the terms count from: the Bogotá date of the filing, or — with the
 * `afterHoursFromNextBusinessDay` setting — the next business day when it was filed at or after
 * OFFICE_CLOSING_TIME or on a non-business day (the filing is deemed received that day).
 */
export function legalReceiptDate(receivedAt: string, settings: PqrsdSettings): string {
  const date = bogotaDateOf(receivedAt);
  if (!settings.afterHoursFromNextBusinessDay) return date;
  const cal = calendarOf(settings);
  if (isBusinessDay(date, cal) && bogotaTimeOf(receivedAt) < OFFICE_CLOSING_TIME) return date;
  return addBusinessDays(date, 1, cal);
}

/** The day terms count from (the day after it is day 1). */
export function termStart(l: Lifecycle): string {
  return l.termFrom ?? l.receivedDate;
}


// ---------------------------------------------------------------------------
// Deadlines derived from the snapshot (also used by the UI to explain a refusal)

/**
 * Latest date an extension may set, or null without a term. Measured from the current
 * (not yet extended) due date, which equals the brief's formulas when the clock never
 * stopped — 'total': receipt + 2 × term; 'extra': initial due date + 2 × term — and, after a
 * suspension for completion (art. 17), also shifts the cap by the days the clock was stopped.
 */
export function extensionCap(l: Lifecycle, settings: PqrsdSettings): string | null {
  if (l.termDays === null || l.dueDate === null || l.extended) return null;
  const extra = settings.extensionCap === 'total' ? l.termDays : 2 * l.termDays;
  return addBusinessDays(l.dueDate, extra, calendarOf(settings));
}

/** Last day to transfer to the competent authority (art. 21). */
export function transferLimit(l: Lifecycle, settings: PqrsdSettings): string {
  return addBusinessDays(termStart(l), settings.transferDays, calendarOf(settings));
}

/** Last day to ask the citizen to complete the request (art. 17). */
export function completionRequestLimit(l: Lifecycle, settings: PqrsdSettings): string {
  return addBusinessDays(termStart(l), settings.completionRequestDays, calendarOf(settings));
}

/**
 * Last day the citizen has to complete (art. 17): the month runs from the day after the
 * requirement and ends on the same day number (Ley 4 de 1913 art. 59), moved to the next
 * business day; the single extension "por un término igual" is counted the same way.
 */
export function completionDeadlineOf(requiredOn: string, months: number, settings: PqrsdSettings): string {
  return addMonthsClampToBusinessDay(addCalendarDays(requiredOn, 1), months, calendarOf(settings));
}

/**
 * Positive silence (art. 14 num. 1): a document request still open after its term is deemed
 * granted; the entity may no longer deny it and must deliver within 3 business days of the
 * term's end. Null when it does not apply (other types, not yet due, closed, clock stopped).
 */
export function positiveSilence(
  l: Lifecycle,
  today: string,
  settings: PqrsdSettings,
): { since: string; deliverBy: string } | null {
  if (l.termDays !== DOCUMENT_TERM_DAYS || !isOpen(l) || l.dueDate === null || today <= l.dueDate) return null;
  return { since: addBusinessDays(l.dueDate, 1, calendarOf(settings)), deliverBy: addBusinessDays(l.dueDate, POSITIVE_SILENCE_DELIVERY_DAYS, calendarOf(settings)) };
}
