// Legal terms of a data-subject request (Ley 1581 de 2012 arts. 14 and 15): a consulta is
// answered within 10 business days, extendable by 5 after telling the person why; a reclamo
// within 15, extendable by 8. Counted from the day after receipt, on the Colombian calendar.
import { addBusinessDays, type CalendarOptions } from '../calendar';

export const DSR_TERMS = {
  consulta: { termDays: 10, extensionDays: 5 },
  reclamo: { termDays: 15, extensionDays: 8 },
} as const;
export type DsrType = keyof typeof DSR_TERMS;

export interface DsrTerm {
  /** Last day of the first term: the extension notice must be sent by then. */
  initialDueDate: string;
  /** Due date in force (the extended one once the person was notified). */
  dueDate: string;
}

export function dsrTerm(type: DsrType, receivedOn: string, extended: boolean, opts?: CalendarOptions): DsrTerm {
  const t = DSR_TERMS[type];
  const initialDueDate = addBusinessDays(receivedOn, t.termDays, opts);
  // "no podrá superar los N días hábiles siguientes al vencimiento del primer término"
  return { initialDueDate, dueDate: extended ? addBusinessDays(initialDueDate, t.extensionDays, opts) : initialDueDate };
}

/** Open requests past their due date, or due within `soonDays` business days, stand out in the list. */
export function dsrUrgency(dueDate: string, answered: boolean, today: string, soonDays = 3, opts?: CalendarOptions): 'overdue' | 'due-soon' | '' {
  if (answered) return '';
  if (dueDate < today) return 'overdue';
  return dueDate <= addBusinessDays(today, soonDays, opts) ? 'due-soon' : '';
}
