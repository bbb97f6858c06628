import { z } from 'zod/mini';
import { isIsoDate } from '../calendar';

export const isoDateSchema = z.string().check(z.refine(isIsoDate, 'Fecha AAAA-MM-DD'));

/** States of a request (Ley 1755 de 2015). */
export const PQRSD_STATES = {
  radicada: 'Radicada',
  asignada: 'Asignada',
  en_tramite: 'En trámite',
  incompleta: 'Incompleta (término suspendido)',
  prorrogada: 'Prorrogada',
  trasladada: 'Trasladada',
  respondida: 'Respondida',
  desistida: 'Desistida',
} as const;
export type PqrsdState = keyof typeof PQRSD_STATES;
export const pqrsdStateSchema = z.enum(Object.keys(PQRSD_STATES) as [PqrsdState, ...PqrsdState[]]);
export const OPEN_STATES: readonly PqrsdState[] = ['radicada', 'asignada', 'en_tramite', 'incompleta', 'prorrogada'];

/** Settings of the legal rules that DOMAIN.md leaves to the municipality. */
export const pqrsdSettingsSchema = z.object({
  saturdayIsBusinessDay: z.boolean(),
  /** 'total': the extended due date is at most 2 × term after receipt; 'extra': at most 2 × term after the original due date. */
  extensionCap: z.enum(['total', 'extra']),
  /** Business days after receipt to ask the citizen to complete a request (art. 17). */
  completionRequestDays: z.number().check(z.int(), z.positive()),
  /** Calendar months the citizen has to complete it (extendable once by an equal term). */
  completionMonths: z.number().check(z.int(), z.positive()),
  /** Business days after receipt to transfer to the competent authority (art. 21). */
  transferDays: z.number().check(z.int(), z.positive()),
  /**
   * A filing at or after OFFICE_CLOSING_TIME (Bogotá) or on a non-business day counts from the
   * next business day, as if received then (DOMAIN.md §8). Off: the strict reading, the day of
   * the instant counts (safer for the citizen).
   */
  afterHoursFromNextBusinessDay: z.boolean(),
});
export type PqrsdSettings = z.infer<typeof pqrsdSettingsSchema>;

export const DEFAULT_PQRSD_SETTINGS: PqrsdSettings = {
  saturdayIsBusinessDay: false,
  extensionCap: 'total',
  completionRequestDays: 10,
  completionMonths: 1,
  transferDays: 5,
  afterHoursFromNextBusinessDay: false,
};

/** Office hours end at 17:00 Bogotá: the hour from which a filing counts as after hours. */
export const OFFICE_CLOSING_TIME = '17:00';

/** How the motivated act of tacit withdrawal (art. 17) was notified. */
export const NOTIFICATION_MEANS = {
  personal: 'Personal',
  electronica: 'Electrónica (correo)',
  aviso: 'Por aviso',
} as const;
export type NotificationMeans = keyof typeof NOTIFICATION_MEANS;
const notificationMeansSchema = z.enum(Object.keys(NOTIFICATION_MEANS) as [NotificationMeans, ...NotificationMeans[]]);

/** The motivated act declaring the tacit withdrawal, or the one deciding the reposición against it. */
export const administrativeActSchema = z.object({
  number: z.string().check(z.trim(), z.minLength(1, 'Escriba el número del acto'), z.maxLength(60)),
  date: isoDateSchema,
  notifiedBy: notificationMeansSchema,
});
export type AdministrativeAct = z.infer<typeof administrativeActSchema>;

/** Where a request stands, derived from its events by `applyEvent`; kept on the request for lists. */
export const lifecycleSchema = z.object({
  state: pqrsdStateSchema,
  receivedDate: isoDateSchema,
  /** Legal term in business days; null for a felicitación. */
  termDays: z.nullable(z.number().check(z.int(), z.positive())),
  /** The date the answer is due by; null with no term, while the clock is stopped, or once closed. */
  dueDate: z.nullable(isoDateSchema),
  /** The due date as first computed, for the record and the report. */
  initialDueDate: z.nullable(isoDateSchema),
  extended: z.boolean(),
  extensionReason: z.nullable(z.string()),
  /** While incompleta: when the clock stopped, business days left, the state to return to, and the citizen's deadline. */
  pausedOn: z.nullable(isoDateSchema),
  remainingDays: z.nullable(z.number().check(z.int())),
  resumeState: z.nullable(pqrsdStateSchema),
  completionDeadline: z.nullable(isoDateSchema),
  completionExtended: z.boolean(),
  dependencia: z.nullable(z.string()),
  assignee: z.nullable(z.string()),
  transferredTo: z.nullable(z.string()),
  answeredOn: z.nullable(isoDateSchema),
  denied: z.nullable(z.boolean()),
  withdrawal: z.nullable(z.enum(['expreso', 'tacito'])),
  closedOn: z.nullable(isoDateSchema),
  /** The due date in force when the request closed: what "answered late" is judged against. */
  dueDateAtClose: z.nullable(isoDateSchema),
  // Fields added with DOMAIN.md §7; their defaults keep snapshots stored before them valid.
  /** The filing counts as received on this business day (after hours, setting); null: receivedDate. */
  termFrom: z._default(z.nullable(isoDateSchema), null),
  /** Business days the clock was stopped waiting for the citizen (art. 17), for the net response time. */
  stoppedDays: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  /** Transferred after the term of art. 21: allowed, but flagged «trasladada fuera de término». */
  transferLate: z._default(z.boolean(), false),
  /** The act that declared the tacit withdrawal (art. 17). */
  tacitAct: z._default(z.nullable(administrativeActSchema), null),
  /** The act that granted the reposición against it and reopened the request. */
  reposicionAct: z._default(z.nullable(administrativeActSchema), null),
  eventCount: z.number().check(z.int(), z.nonnegative()),
});
export type Lifecycle = z.infer<typeof lifecycleSchema>;

/** The steps of a request's life; each is an append-only event. */
export const pqrsdActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('asignar'), dependencia: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)), assignee: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)) }),
  z.object({ type: z.literal('iniciar_tramite') }),
  z.object({ type: z.literal('prorrogar'), newDueDate: isoDateSchema, reason: z.string().check(z.trim(), z.minLength(10, 'Explique el motivo de la prórroga'), z.maxLength(2000)) }),
  z.object({
    type: z.literal('trasladar'),
    authority: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
    // Optional in the schema so steps recorded before DOMAIN.md §7 still parse; the rule
    // (`applyEvent`) requires the copy on every new transfer.
    /** How the copy of the remittance reached the petitioner (art. 21), e.g. "correo a …", "cartelera". */
    copyToPetitioner: z.optional(z.string().check(z.trim(), z.minLength(3, 'Indique cómo se envió la copia al peticionario'), z.maxLength(300))),
    /** Verbal requests (presencial, telefónico): the petitioner was told at once (art. 21). */
    toldAtOnce: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('solicitar_complemento'), what: z.string().check(z.trim(), z.minLength(5), z.maxLength(2000)) }),
  z.object({ type: z.literal('ampliar_plazo_complemento') }),
  z.object({ type: z.literal('completar') }),
  z.object({ type: z.literal('desistir') }),
  // The act is optional in the schema only for steps recorded before DOMAIN.md §7; the rule requires it.
  z.object({ type: z.literal('desistimiento_tacito'), act: z.optional(administrativeActSchema) }),
  /** A reposición against the tacit withdrawal was granted: the request reopens. */
  z.object({ type: z.literal('reponer_desistimiento'), act: administrativeActSchema }),
  z.object({
    type: z.literal('responder'),
    answer: z.string().check(z.trim(), z.minLength(5, 'Escriba la respuesta'), z.maxLength(20000)),
    denied: z.boolean(),
    documentName: z.nullable(z.string().check(z.trim(), z.maxLength(200))),
    /** Why a document request is denied after its positive silence (art. 14 num. 1). */
    silenceNote: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  }),
]);
export type PqrsdAction = z.infer<typeof pqrsdActionSchema>;
export type PqrsdActionType = PqrsdAction['type'];

export const PQRSD_ACTION_LABELS: Record<PqrsdActionType, string> = {
  asignar: 'Asignar',
  iniciar_tramite: 'Iniciar trámite',
  prorrogar: 'Prorrogar',
  trasladar: 'Trasladar por competencia',
  solicitar_complemento: 'Requerir al peticionario que complete la petición (art. 17)',
  ampliar_plazo_complemento: 'Ampliar plazo para completar',
  completar: 'El peticionario aportó lo requerido',
  desistir: 'Desistimiento expreso',
  desistimiento_tacito: 'Desistimiento tácito (acto motivado)',
  reponer_desistimiento: 'Reposición concedida: reabrir la solicitud',
  responder: 'Responder',
};

/** What a device sends to record a step. */
export const pqrsdEventClientSchema = z.object({
  requestId: z.uuid(),
  /** Legal date of the step in Bogotá (e.g. the day the answer was sent). */
  date: isoDateSchema,
  note: z.string().check(z.trim(), z.maxLength(2000)),
  action: pqrsdActionSchema,
});
export type PqrsdEventClient = z.infer<typeof pqrsdEventClientSchema>;

export const pqrsdEventSchema = z.extend(pqrsdEventClientSchema, {
  id: z.string(),
  municipality: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
});
export type PqrsdEvent = z.infer<typeof pqrsdEventSchema>;
