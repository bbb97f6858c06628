// Legal terms of a data-subject request (Ley 1581 de 2012 arts. 14 and 15): a consulta is
// answered within 10 business days, extendable by 5 after telling the person why; a reclamo
// within 15, extendable by 8. DOMAIN.md §7: a consulta counts from the date of receipt (art. 14
// "a partir de la fecha de recibo": that day is day 1 when it is a business day); a reclamo from
// the day after receipt of the complete reclamo (art. 15).
//
// Every function takes the municipality's settings (no default): a caller that forgets them
// would count Saturdays wrong where the municipality works them (DOMAIN.md §8).
import { addBusinessDays, addMonthsClampToBusinessDay, isBusinessDay } from '../calendar';
import { calendarOf } from '../pqrsd/deadlines';
import type { PqrsdSettings } from '../pqrsd/lifecycle-schema';

export const DSR_TERMS = {
  consulta: { termDays: 10, extensionDays: 5 },
  reclamo: { termDays: 15, extensionDays: 8 },
} as const;
export type DsrType = keyof typeof DSR_TERMS;

/** Art. 15 limits of a reclamo, in business days after receipt (the 2 months are calendar). */
export const RECLAMO_RULES = {
  /** An incomplete reclamo is required to be completed within 5 days of receipt. */
  requireWithinDays: 5,
  /** Without the completion, 2 months after the requirement it is deemed withdrawn. */
  withdrawnAfterMonths: 2,
  /** Not competent: transferred to whom corresponds within 2 business days, telling the person. */
  transferWithinDays: 2,
  /** The legend "reclamo en trámite" is recorded within 2 business days of receipt. */
  legendWithinDays: 2,
} as const;

export interface DsrTerm {
  /** Last day of the first term: the extension notice must be sent by then. */
  initialDueDate: string;
  /** Due date in force (the extended one once the person was notified). */
  dueDate: string;
}

/**
 * `receivedOn` is the receipt date; for a reclamo that was incomplete, pass the date it was
 * completed (its term counts from the day after receipt of the complete reclamo).
 */
export function dsrTerm(type: DsrType, receivedOn: string, extended: boolean, settings: PqrsdSettings): DsrTerm {
  const t = DSR_TERMS[type];
  const opts = calendarOf(settings);
  // Counted from receipt, the receipt day is the first of the term when it is a business day.
  const fromReceipt = type === 'consulta' && isBusinessDay(receivedOn, opts);
  const initialDueDate = addBusinessDays(receivedOn, fromReceipt ? t.termDays - 1 : t.termDays, opts);
  // "no podrá superar los N días hábiles siguientes al vencimiento del primer término"
  return { initialDueDate, dueDate: extended ? addBusinessDays(initialDueDate, t.extensionDays, opts) : initialDueDate };
}

/** Last day to require an incomplete reclamo to be completed (art. 15). */
export function reclamoRequirementLimit(receivedOn: string, settings: PqrsdSettings): string {
  return addBusinessDays(receivedOn, RECLAMO_RULES.requireWithinDays, calendarOf(settings));
}

/** The day an incomplete reclamo not completed is deemed withdrawn (2 months after the requirement). */
export function reclamoWithdrawnOn(requiredOn: string, settings: PqrsdSettings): string {
  return addMonthsClampToBusinessDay(requiredOn, RECLAMO_RULES.withdrawnAfterMonths, calendarOf(settings));
}

/** Last day to transfer a reclamo the entity is not competent for, and to record the legend. */
export function reclamoTransferLimit(receivedOn: string, settings: PqrsdSettings): string {
  return addBusinessDays(receivedOn, RECLAMO_RULES.transferWithinDays, calendarOf(settings));
}
export function reclamoLegendLimit(receivedOn: string, settings: PqrsdSettings): string {
  return addBusinessDays(receivedOn, RECLAMO_RULES.legendWithinDays, calendarOf(settings));
}

/** Open requests past their due date, or due within `soonDays` business days, stand out in the list. */
export function dsrUrgency(dueDate: string, answered: boolean, today: string, settings: PqrsdSettings, soonDays = 3): 'overdue' | 'due-soon' | '' {
  if (answered) return '';
  if (dueDate < today) return 'overdue';
  return dueDate <= addBusinessDays(today, soonDays, calendarOf(settings)) ? 'due-soon' : '';
}
