// Lifecycle of a citizen request (PQRSD) under Ley 1755 de 2015 — shared/DOMAIN.md §2–3.
// Pure functions shared by the PWA and the server: no I/O, no clock; every date is passed in
// as a Bogotá calendar date 'YYYY-MM-DD' (the legal date of the step).
import es from 'zod/v4/locales/es.js';
import {
  addBusinessDays,
  addMonthsClampToBusinessDay,
  bogotaDateOf,
  businessDaysBetween,
  isIsoDate,
  type CalendarOptions,
} from '../calendar';
import { PQRSD_TYPES, type PqrsdType } from '../records/pqrsd';
import {
  DEFAULT_PQRSD_SETTINGS,
  OPEN_STATES,
  PQRSD_STATES,
  pqrsdActionSchema,
  type Lifecycle,
  type PqrsdAction,
  type PqrsdActionType,
  type PqrsdSettings,
  type PqrsdState,
} from './lifecycle-schema';

export type LifecycleEvent = { date: string; action: PqrsdAction };
export type ApplyResult = { ok: true; lifecycle: Lifecycle } | { ok: false; message: string };
export type FoldResult = { lifecycle: Lifecycle; rejected: { index: number; message: string }[] };

export const PQRSD_ACTION_TYPES: readonly PqrsdActionType[] = [
  'asignar',
  'iniciar_tramite',
  'prorrogar',
  'trasladar',
  'solicitar_complemento',
  'ampliar_plazo_complemento',
  'completar',
  'desistir',
  'desistimiento_tacito',
  'responder',
];

const calendarOf = (s: PqrsdSettings): CalendarOptions => ({ saturdayIsBusinessDay: s.saturdayIsBusinessDay });

export function isOpen(l: Lifecycle): boolean {
  return OPEN_STATES.includes(l.state);
}

/** The due date while the request is open: what deadline lists and counts look at. */
export function openDueDate(l: Lifecycle): string | undefined {
  return isOpen(l) ? (l.dueDate ?? undefined) : undefined;
}

/** The lifecycle of a request just filed: 'radicada', due `termDays` business days after receipt. */
export function initialLifecycle(
  type: PqrsdType,
  receivedAt: string,
  settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS,
): Lifecycle {
  const receivedDate = bogotaDateOf(receivedAt);
  const termDays = PQRSD_TYPES[type].termDays;
  const dueDate = termDays === null ? null : addBusinessDays(receivedDate, termDays, calendarOf(settings));
  return {
    state: 'radicada',
    receivedDate,
    termDays,
    dueDate,
    initialDueDate: dueDate,
    extended: false,
    extensionReason: null,
    pausedOn: null,
    remainingDays: null,
    resumeState: null,
    completionDeadline: null,
    completionExtended: false,
    dependencia: null,
    assignee: null,
    transferredTo: null,
    answeredOn: null,
    denied: null,
    withdrawal: null,
    closedOn: null,
    dueDateAtClose: null,
    eventCount: 0,
  };
}

// ---------------------------------------------------------------------------
// Deadlines derived from the snapshot (also used by the UI to explain a refusal)

/**
 * Latest date an extension may set, or null without a term. Measured from the current
 * (not yet extended) due date, which equals the brief's formulas when the clock never
 * stopped — 'total': receipt + 2 × term; 'extra': initial due date + 2 × term — and, after a
 * suspension for completion (art. 17), also shifts the cap by the days the clock was stopped.
 */
export function extensionCap(l: Lifecycle, settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS): string | null {
  if (l.termDays === null || l.dueDate === null || l.extended) return null;
  const extra = settings.extensionCap === 'total' ? l.termDays : 2 * l.termDays;
  return addBusinessDays(l.dueDate, extra, calendarOf(settings));
}

/** Last day to transfer to the competent authority (art. 21). */
export function transferLimit(l: Lifecycle, settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS): string {
  return addBusinessDays(l.receivedDate, settings.transferDays, calendarOf(settings));
}

/** Last day to ask the citizen to complete the request (art. 17). */
export function completionRequestLimit(l: Lifecycle, settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS): string {
  return addBusinessDays(l.receivedDate, settings.completionRequestDays, calendarOf(settings));
}

// ---------------------------------------------------------------------------
// Transitions

const CLOSED_MESSAGE: Partial<Record<PqrsdState, string>> = {
  respondida: 'La solicitud ya fue respondida: no admite más pasos.',
  trasladada: 'La solicitud ya fue trasladada a la autoridad competente: no admite más pasos.',
  desistida: 'La solicitud ya está cerrada por desistimiento: no admite más pasos.',
};

const FIELD_LABELS: Record<string, string> = {
  dependencia: 'Dependencia',
  assignee: 'Responsable',
  newDueDate: 'Nueva fecha de respuesta',
  reason: 'Motivo',
  authority: 'Autoridad competente',
  what: 'Qué debe completar el ciudadano',
  answer: 'Respuesta',
  denied: 'Sentido de la respuesta',
  documentName: 'Documento',
};

// Spanish fallback for zod's built-in messages; the schema's own messages take precedence.
const spanishErrors = es().localeError;

const stateName = (s: PqrsdState): string => `«${PQRSD_STATES[s]}»`;

type Step = Lifecycle | string;

function step(l: Lifecycle, date: string, a: PqrsdAction, settings: PqrsdSettings): Step {
  const cal = calendarOf(settings);
  const s = l.state;
  const close = (patch: Partial<Lifecycle>): Lifecycle => ({ ...l, ...patch, closedOn: date, dueDateAtClose: l.dueDate, dueDate: null });

  switch (a.type) {
    case 'asignar': {
      if (s === 'incompleta') return 'No se puede asignar mientras la solicitud está incompleta (término suspendido).';
      const state: PqrsdState = s === 'en_tramite' || s === 'prorrogada' ? s : 'asignada';
      return { ...l, state, dependencia: a.dependencia.trim(), assignee: a.assignee.trim() };
    }

    case 'iniciar_tramite':
      if (s === 'radicada') return 'Asigne primero la solicitud a una dependencia y un responsable.';
      if (s !== 'asignada') return `No se puede iniciar el trámite de una solicitud en estado ${stateName(s)}.`;
      return { ...l, state: 'en_tramite' };

    case 'prorrogar': {
      if (l.termDays === null || l.dueDate === null) {
        if (s === 'incompleta') return 'El término está suspendido mientras la solicitud está incompleta: no se puede prorrogar.';
        return 'Una felicitación no tiene término legal: no se puede prorrogar.';
      }
      if (l.extended) return 'La solicitud ya fue prorrogada una vez: la ley permite una sola prórroga.';
      if (s !== 'radicada' && s !== 'asignada' && s !== 'en_tramite') {
        return `No se puede prorrogar una solicitud en estado ${stateName(s)}.`;
      }
      if (date > l.dueDate) return `La prórroga debe notificarse antes del vencimiento (${l.dueDate}).`;
      if (a.newDueDate <= l.dueDate) {
        return `La nueva fecha de respuesta (${a.newDueDate}) debe ser posterior al vencimiento actual (${l.dueDate}).`;
      }
      const cap = extensionCap(l, settings) as string;
      if (a.newDueDate > cap) {
        return `La nueva fecha de respuesta (${a.newDueDate}) supera el máximo legal de la prórroga (${cap}).`;
      }
      return { ...l, state: 'prorrogada', extended: true, dueDate: a.newDueDate, extensionReason: a.reason.trim() };
    }

    case 'trasladar': {
      if (s !== 'radicada' && s !== 'asignada') {
        return `Solo se puede trasladar por competencia una solicitud radicada o asignada (estado actual ${stateName(s)}).`;
      }
      const limit = transferLimit(l, settings);
      if (date > limit) {
        return `El traslado por competencia debe hacerse dentro de los ${settings.transferDays} días hábiles siguientes a la recepción (hasta ${limit}).`;
      }
      return close({ state: 'trasladada', transferredTo: a.authority.trim() });
    }

    case 'solicitar_complemento': {
      if (s === 'incompleta') return 'Ya se pidió al ciudadano completar la solicitud: el término está suspendido.';
      if (s !== 'radicada' && s !== 'asignada' && s !== 'en_tramite') {
        return `No se puede pedir completar una solicitud en estado ${stateName(s)}.`;
      }
      if (l.dueDate === null) return 'Una felicitación no tiene término legal: no se puede suspender para completarla.';
      // completionDeadline is kept after the citizen completes: it records that the single
      // request for completion the law allows (art. 17) was already made.
      if (l.completionDeadline !== null) return 'Ya se pidió una vez al ciudadano completar la solicitud: no se puede pedir de nuevo.';
      const limit = completionRequestLimit(l, settings);
      if (date > limit) {
        return `La solicitud de completar debe hacerse dentro de los ${settings.completionRequestDays} días hábiles siguientes a la recepción (hasta ${limit}).`;
      }
      return {
        ...l,
        state: 'incompleta',
        pausedOn: date,
        remainingDays: Math.max(0, businessDaysBetween(date, l.dueDate, cal)),
        resumeState: s,
        completionDeadline: addMonthsClampToBusinessDay(date, settings.completionMonths, cal),
        completionExtended: false,
        dueDate: null,
      };
    }

    case 'ampliar_plazo_complemento':
      if (s !== 'incompleta' || l.pausedOn === null || l.completionDeadline === null) {
        return 'Solo se puede ampliar el plazo para completar mientras la solicitud está incompleta.';
      }
      if (l.completionExtended) return 'El plazo para completar ya se amplió una vez: la ley permite una sola ampliación.';
      if (date > l.completionDeadline) return `El plazo para completar venció el ${l.completionDeadline}: ya no se puede ampliar.`;
      return {
        ...l,
        // Extended "by an equal term": twice the months, counted from the day the clock stopped.
        completionDeadline: addMonthsClampToBusinessDay(l.pausedOn, 2 * settings.completionMonths, cal),
        completionExtended: true,
      };

    case 'completar':
      if (s !== 'incompleta' || l.resumeState === null || l.remainingDays === null || l.completionDeadline === null) {
        return 'Solo se puede registrar que el ciudadano completó una solicitud incompleta.';
      }
      if (date > l.completionDeadline) {
        return `El plazo para completar venció el ${l.completionDeadline}: corresponde el desistimiento tácito.`;
      }
      // DOMAIN.md §2: the clock "restarts the day after the citizen completes it". We resume
      // with the business days that were not yet consumed when it stopped, counted from the
      // day after completion (addBusinessDays starts counting on the next day).
      return {
        ...l,
        state: l.resumeState,
        dueDate: addBusinessDays(date, l.remainingDays, cal),
        pausedOn: null,
        remainingDays: null,
        resumeState: null,
      };

    case 'desistimiento_tacito':
      if (s !== 'incompleta' || l.completionDeadline === null) {
        return 'El desistimiento tácito solo procede cuando la solicitud está incompleta.';
      }
      if (date <= l.completionDeadline) {
        return `El ciudadano tiene plazo para completar hasta el ${l.completionDeadline}: el desistimiento tácito procede desde el día siguiente.`;
      }
      return close({ state: 'desistida', withdrawal: 'tacito' });

    case 'desistir':
      return close({ state: 'desistida', withdrawal: 'expreso' });

    case 'responder':
      if (s === 'incompleta') {
        return 'El término está suspendido esperando que el ciudadano complete la solicitud: registre primero que la completó.';
      }
      return close({ state: 'respondida', answeredOn: date, denied: a.denied });
  }
}

/** Applies one step on `event.date`; refuses (with a message for the official) what the law does not allow. */
export function applyEvent(
  current: Lifecycle,
  event: LifecycleEvent,
  settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS,
): ApplyResult {
  const closed = CLOSED_MESSAGE[current.state];
  if (closed) return { ok: false, message: closed };
  const { date } = event;
  if (!isIsoDate(date)) return { ok: false, message: 'La fecha del paso no es válida (use AAAA-MM-DD).' };
  if (date < current.receivedDate) {
    return { ok: false, message: `La fecha del paso (${date}) es anterior a la recepción de la solicitud (${current.receivedDate}).` };
  }
  if (current.pausedOn !== null && date < current.pausedOn) {
    return { ok: false, message: `La fecha del paso (${date}) es anterior a la solicitud de completar (${current.pausedOn}).` };
  }
  const parsed = pqrsdActionSchema.safeParse(event.action, { error: spanishErrors });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? FIELD_LABELS[String(issue.path[0])] : undefined;
    const detail = issue?.message ?? 'datos no válidos';
    return { ok: false, message: field ? `${field}: ${detail}` : `Paso no válido: ${detail}` };
  }
  try {
    const next = step(current, date, parsed.data, settings);
    if (typeof next === 'string') return { ok: false, message: next };
    return { ok: true, lifecycle: { ...next, eventCount: current.eventCount + 1 } };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, message: `No se pudo calcular el término: ${e.message}` };
    throw e;
  }
}

/** Rebuilds the lifecycle from the request's events in order; refused events are skipped and listed. */
export function foldEvents(
  type: PqrsdType,
  receivedAt: string,
  events: readonly LifecycleEvent[],
  settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS,
): FoldResult {
  let lifecycle = initialLifecycle(type, receivedAt, settings);
  const rejected: FoldResult['rejected'] = [];
  events.forEach((event, index) => {
    const r = applyEvent(lifecycle, event, settings);
    if (r.ok) lifecycle = r.lifecycle;
    else rejected.push({ index, message: r.message });
  });
  return { lifecycle, rejected };
}

// ---------------------------------------------------------------------------
// Queries for lists, alerts and reports

/** Open with a running clock and `today` after the due date. */
export function isOverdue(l: Lifecycle, today: string): boolean {
  return isOpen(l) && l.dueDate !== null && today > l.dueDate;
}

/** Open, not yet overdue, and due within `businessDays` business days after `today` (inclusive). */
export function dueWithin(
  l: Lifecycle,
  today: string,
  businessDays: number,
  settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS,
): boolean {
  if (!isOpen(l) || l.dueDate === null || isOverdue(l, today)) return false;
  return l.dueDate <= addBusinessDays(today, businessDays, calendarOf(settings));
}

/** A minimal valid payload of each action, for probing what `applyEvent` accepts. */
function sampleAction(type: PqrsdActionType, l: Lifecycle, settings: PqrsdSettings): PqrsdAction {
  switch (type) {
    case 'asignar':
      return { type, dependencia: l.dependencia ?? 'Dependencia', assignee: l.assignee ?? 'Responsable' };
    case 'prorrogar': {
      const next = l.dueDate === null ? l.receivedDate : addBusinessDays(l.dueDate, 1, calendarOf(settings));
      return { type, newDueDate: next, reason: 'Motivo de la prórroga' };
    }
    case 'trasladar':
      return { type, authority: 'Autoridad competente' };
    case 'solicitar_complemento':
      return { type, what: 'Datos faltantes' };
    case 'responder':
      return { type, answer: 'Respuesta', denied: false, documentName: null };
    default:
      return { type };
  }
}

/** The actions `applyEvent` would accept on `today` (with valid payloads): the buttons to show. */
export function allowedActions(
  l: Lifecycle,
  today: string,
  settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS,
): PqrsdActionType[] {
  if (!isOpen(l)) return [];
  return PQRSD_ACTION_TYPES.filter(
    (type) => applyEvent(l, { date: today, action: sampleAction(type, l, settings) }, settings).ok,
  );
}

/** Business days from receipt to the answer (or closure) of a closed request; null while open. */
export function responseBusinessDays(l: Lifecycle, settings: PqrsdSettings = DEFAULT_PQRSD_SETTINGS): number | null {
  if (isOpen(l)) return null;
  const end = l.answeredOn ?? l.closedOn;
  return end === null ? null : businessDaysBetween(l.receivedDate, end, calendarOf(settings));
}
