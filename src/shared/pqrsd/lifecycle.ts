// Lifecycle of a citizen request (PQRSD) under Ley 1755 de 2015 — shared/DOMAIN.md §2–3.
// Pure functions shared by the PWA and the server: no I/O, no clock; every date is passed in
// as a Bogotá calendar date 'YYYY-MM-DD' (the legal date of the step).
import es from 'zod/v4/locales/es.js';
import { addBusinessDays, bogotaDateOf, businessDaysBetween, isBusinessDay, isIsoDate, type CalendarOptions } from '../calendar';
import { PQRSD_TYPES, type PqrsdChannel, type PqrsdType } from '../records/pqrsd';
import {
  PQRSD_STATES,
  pqrsdActionSchema,
  type Lifecycle,
  type PqrsdAction,
  type PqrsdActionType,
  type PqrsdSettings,
  type PqrsdState,
} from './lifecycle-schema';
import {
  calendarOf,
  completionDeadlineOf,
  completionRequestLimit,
  extensionCap,
  isOpen,
  legalReceiptDate,
  positiveSilence,
  termStart,
  transferLimit,
  VERBAL_CHANNELS,
} from './deadlines';


export type LifecycleEvent = { date: string; action: PqrsdAction };
/** What a step's rule needs to know of the request beyond its lifecycle. */
export type RequestFacts = { channel: PqrsdChannel };
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
  'reponer_desistimiento',
  'responder',
];

/** The fields of a lifecycle no step has touched yet: nothing extended, paused, assigned, answered or closed. */
export const UNTOUCHED_LIFECYCLE = {
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
  termFrom: null,
  stoppedDays: 0,
  transferLate: false,
  tacitAct: null,
  reposicionAct: null,
} as const satisfies Partial<Lifecycle>;

/** The due date while the request is open: what deadline lists and counts look at. */
export function openDueDate(l: Lifecycle): string | undefined {
  return isOpen(l) ? (l.dueDate ?? undefined) : undefined;
}

/** The lifecycle of a request just filed: 'radicada', due `termDays` business days after receipt. */
export function initialLifecycle(
  type: PqrsdType,
  receivedAt: string,
  settings: PqrsdSettings,
): Lifecycle {
  const receivedDate = bogotaDateOf(receivedAt);
  const from = legalReceiptDate(receivedAt, settings);
  const termDays = PQRSD_TYPES[type].termDays;
  const dueDate = termDays === null ? null : addBusinessDays(from, termDays, calendarOf(settings));
  return {
    state: 'radicada',
    receivedDate,
    termDays,
    dueDate,
    initialDueDate: dueDate,
    ...UNTOUCHED_LIFECYCLE,
    termFrom: from === receivedDate ? null : from,
    eventCount: 0,
  };
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
  copyToPetitioner: 'Copia al peticionario',
  toldAtOnce: 'Aviso inmediato al peticionario',
  act: 'Acto administrativo',
  silenceNote: 'Nota sobre el silencio positivo',
  answer: 'Respuesta',
  denied: 'Sentido de la respuesta',
  documentName: 'Documento',
};

// Spanish fallback for zod's built-in messages; the schema's own messages take precedence.
const spanishErrors = es().localeError;

const stateName = (s: PqrsdState): string => `«${PQRSD_STATES[s]}»`;

type Step = Lifecycle | string;

function step(l: Lifecycle, date: string, a: PqrsdAction, settings: PqrsdSettings, facts: RequestFacts | undefined): Step {
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
      if (!isBusinessDay(a.newDueDate, cal)) {
        return `La nueva fecha de respuesta (${a.newDueDate}) debe ser un día hábil (máximo ${cap}).`;
      }
      return { ...l, state: 'prorrogada', extended: true, dueDate: a.newDueDate, extensionReason: a.reason.trim() };
    }

    case 'trasladar': {
      // DOMAIN.md §7: the duty to remit stands after its term and whatever the state; a late
      // transfer is recorded and flagged, never refused.
      if (a.copyToPetitioner === undefined) return 'Copia al peticionario: indique cómo se le envió copia del oficio remisorio (art. 21).';
      if (facts && VERBAL_CHANNELS.includes(facts.channel) && a.toldAtOnce !== true) {
        return 'Aviso inmediato al peticionario: en una petición verbal se le debe informar de inmediato que la entidad no es competente (art. 21).';
      }
      const stopped = s === 'incompleta' && l.pausedOn !== null ? businessDaysBetween(l.pausedOn, date, cal) : 0;
      return {
        ...close({ state: 'trasladada', transferredTo: a.authority.trim(), transferLate: date > transferLimit(l, settings) }),
        stoppedDays: l.stoppedDays + Math.max(0, stopped),
      };
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
        completionDeadline: completionDeadlineOf(date, settings.completionMonths, settings),
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
        // Extended "by an equal term": twice the months, counted the same way from the requirement.
        completionDeadline: completionDeadlineOf(l.pausedOn, 2 * settings.completionMonths, settings),
        completionExtended: true,
      };

    case 'completar':
      if (s !== 'incompleta' || l.resumeState === null || l.remainingDays === null || l.completionDeadline === null || l.pausedOn === null) {
        return 'Solo se puede registrar que el ciudadano completó una solicitud incompleta.';
      }
      // Accepted even after the deadline: until the motivated act of tacit withdrawal is
      // issued the request stands, and the citizen's late answer is the safer reading (§7).
      return resume(l, date, l.resumeState, cal);

    case 'desistimiento_tacito':
      if (s !== 'incompleta' || l.completionDeadline === null) {
        return 'El desistimiento tácito solo procede cuando la solicitud está incompleta.';
      }
      if (date <= l.completionDeadline) {
        return `El ciudadano tiene plazo para completar hasta el ${l.completionDeadline}: el desistimiento tácito procede desde el día siguiente.`;
      }
      if (a.act === undefined) return 'Acto administrativo: registre el número, la fecha y la notificación del acto motivado (art. 17).';
      if (a.act.date > date) return `Acto administrativo: su fecha (${a.act.date}) no puede ser posterior a la del paso (${date}).`;
      if (a.act.date <= l.completionDeadline) {
        return `Acto administrativo: solo puede expedirse después del plazo para completar (${l.completionDeadline}).`;
      }
      return close({ state: 'desistida', withdrawal: 'tacito', tacitAct: a.act });

    case 'reponer_desistimiento':
      if (s !== 'desistida' || l.withdrawal !== 'tacito' || l.pausedOn === null || l.resumeState === null) {
        return 'La reposición solo procede contra un desistimiento tácito.';
      }
      if (l.closedOn !== null && a.act.date < l.closedOn) {
        return `Acto administrativo: la reposición (${a.act.date}) no puede ser anterior al desistimiento (${l.closedOn}).`;
      }
      if (a.act.date > date) return `Acto administrativo: su fecha (${a.act.date}) no puede ser posterior a la del paso (${date}).`;
      // The clock restarts as on completion: the citizen did what was asked (that is why the
      // reposición was granted), with the unused business days from the decision.
      return {
        ...resume(l, date, l.resumeState, cal),
        withdrawal: null,
        closedOn: null,
        dueDateAtClose: null,
        reposicionAct: a.act,
      };

    case 'desistir':
      return close({ state: 'desistida', withdrawal: 'expreso' });

    case 'responder': {
      if (s === 'incompleta') {
        return 'El término está suspendido esperando que el ciudadano complete la solicitud: registre primero que la completó.';
      }
      const silence = positiveSilence(l, date, settings);
      if (a.denied && silence !== null && (a.silenceNote ?? '').length < 10) {
        return `Nota sobre el silencio positivo: desde el ${silence.since} la petición se entiende aceptada (art. 14 num. 1); para registrar una negación explique por qué.`;
      }
      return close({ state: 'respondida', answeredOn: date, denied: a.denied });
    }
  }
}

/**
 * The clock restarts the day after `date` (art. 17 "a partir del día siguiente") with the
 * business days unused when it stopped, and never fewer than one: resuming with none left
 * must not put the due date on the resume day itself, possibly a Saturday (legal review §2.1).
 */
function resume(l: Lifecycle, date: string, state: PqrsdState, cal: CalendarOptions): Lifecycle {
  const stopped = l.pausedOn === null ? 0 : Math.max(0, businessDaysBetween(l.pausedOn, date, cal));
  return {
    ...l,
    state,
    dueDate: addBusinessDays(date, Math.max(1, l.remainingDays ?? 0), cal),
    pausedOn: null,
    remainingDays: null,
    resumeState: null,
    stoppedDays: l.stoppedDays + stopped,
  };
}

/** Applies one step on `event.date`; refuses (with a message for the official) what the law does not allow. */
export function applyEvent(
  current: Lifecycle,
  event: LifecycleEvent,
  settings: PqrsdSettings,
  facts?: RequestFacts,
): ApplyResult {
  const closed = CLOSED_MESSAGE[current.state];
  const reopening = event.action.type === 'reponer_desistimiento' && current.state === 'desistida';
  if (closed && !reopening) return { ok: false, message: closed };
  const { date } = event;
  if (!isIsoDate(date)) return { ok: false, message: 'La fecha del paso no es válida (use AAAA-MM-DD).' };
  if (date < current.receivedDate) {
    return { ok: false, message: `La fecha del paso (${date}) es anterior a la recepción de la solicitud (${current.receivedDate}).` };
  }
  if (current.pausedOn !== null && date < current.pausedOn && current.state === 'incompleta') {
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
    const next = step(current, date, parsed.data, settings, facts);
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
  settings: PqrsdSettings,
  facts?: RequestFacts,
): FoldResult {
  let lifecycle = initialLifecycle(type, receivedAt, settings);
  const rejected: FoldResult['rejected'] = [];
  events.forEach((event, index) => {
    const r = applyEvent(lifecycle, event, settings, facts);
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
  settings: PqrsdSettings,
): boolean {
  if (!isOpen(l) || l.dueDate === null || isOverdue(l, today)) return false;
  return l.dueDate <= addBusinessDays(today, businessDays, calendarOf(settings));
}

/** A minimal valid payload of each action, for probing what `applyEvent` accepts. */
function sampleAction(type: PqrsdActionType, l: Lifecycle, today: string, settings: PqrsdSettings): PqrsdAction {
  switch (type) {
    case 'asignar':
      return { type, dependencia: l.dependencia ?? 'Dependencia', assignee: l.assignee ?? 'Responsable' };
    case 'prorrogar': {
      const next = l.dueDate === null ? l.receivedDate : addBusinessDays(l.dueDate, 1, calendarOf(settings));
      return { type, newDueDate: next, reason: 'Motivo de la prórroga' };
    }
    case 'trasladar':
      return { type, authority: 'Autoridad competente', copyToPetitioner: 'Copia enviada', toldAtOnce: true };
    case 'desistimiento_tacito':
    case 'reponer_desistimiento':
      return { type, act: { number: '1', date: today, notifiedBy: 'personal' } };
    case 'solicitar_complemento':
      return { type, what: 'Datos faltantes' };
    case 'responder':
      return { type, answer: 'Respuesta', denied: false, documentName: null };
    case 'iniciar_tramite':
    case 'ampliar_plazo_complemento':
    case 'completar':
    case 'desistir':
      return { type };
  }
}

/** The actions `applyEvent` would accept on `today` (with valid payloads): the buttons to show. */
export function allowedActions(
  l: Lifecycle,
  today: string,
  settings: PqrsdSettings,
): PqrsdActionType[] {
  // A closed request admits only the reposición against a tacit withdrawal.
  const types = isOpen(l) ? PQRSD_ACTION_TYPES : PQRSD_ACTION_TYPES.filter((t) => t === 'reponer_desistimiento');
  return types.filter((type) => applyEvent(l, { date: today, action: sampleAction(type, l, today, settings) }, settings).ok);
}

/** Business days from receipt to the answer (or closure) of a closed request; null while open. */
export function responseBusinessDays(l: Lifecycle, settings: PqrsdSettings): number | null {
  if (isOpen(l)) return null;
  const end = l.answeredOn ?? l.closedOn;
  return end === null ? null : businessDaysBetween(termStart(l), end, calendarOf(settings));
}
