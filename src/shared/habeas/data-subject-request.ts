// A data-subject request (consulta or reclamo, Ley 1581 de 2012 arts. 14–15): filed on a
// device like any record, its term computed by `dsrTerm`, answered by the data-protection
// officer (role admin).
import { z } from 'zod';
import { isIsoDate, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../calendar';
import { ID_TYPES, validateIdNumber } from '../identity';
import type { PqrsdSettings } from '../pqrsd/lifecycle-schema';
import { PQRSD_CHANNELS, type PqrsdChannel } from '../records/pqrsd';
import { redactionSchema } from './redaction-schema';
import { dsrTerm, DSR_TERMS, reclamoLegendLimit, reclamoRequirementLimit, reclamoTransferLimit, reclamoWithdrawnOn, type DsrTerm, type DsrType } from './term';

export const DSR_TYPE_KEYS = Object.keys(DSR_TERMS) as [DsrType, ...DsrType[]];

/** What the person asks for (art. 8 rights). */
export const DSR_RIGHTS = ['conocer', 'actualizar', 'rectificar', 'suprimir', 'revocar', 'infraccion'] as const;
export type DsrRight = (typeof DSR_RIGHTS)[number];

const isoDate = z.string().refine(isIsoDate, 'Fecha AAAA-MM-DD');
const calendarDate = isoDate.refine((d) => {
  const y = Number(d.slice(0, 4));
  return y >= MIN_CALENDAR_YEAR && y < MAX_CALENDAR_YEAR;
}, `La fecha debe estar entre ${MIN_CALENDAR_YEAR} y ${MAX_CALENDAR_YEAR - 1}`);

export const dsrPersonSchema = z.object({
  idType: z.enum(ID_TYPES).exclude(['SD']),
  idNumber: z.string().trim().max(30),
  name: z.string().trim().min(3, 'Escriba el nombre completo').max(200),
  address: z.string().trim().max(300).default(''),
  email: z.union([z.literal(''), z.email('Correo electrónico inválido').max(200)]).default(''),
  phone: z.string().trim().max(30).regex(/^[0-9 +()-]*$/, 'Teléfono: solo números').default(''),
});

export const dsrExtensionSchema = z.object({
  /** Day the person was told of the delay and its reasons. */
  noticeOn: calendarDate,
  reason: z.string().trim().min(10, 'Explique el motivo de la demora').max(2000),
});
export const dsrAnswerSchema = z.object({
  answeredOn: calendarDate,
  summary: z.string().trim().min(5, 'Resuma la respuesta').max(5000),
});

/** Art. 15: an incomplete reclamo is required to be completed; its term counts from completion. */
export const dsrIncompleteSchema = z.object({
  requiredOn: calendarDate,
  what: z.string().trim().min(5, 'Indique qué debe completar').max(2000),
  completedOn: calendarDate.nullable().default(null),
});
/** Art. 15: a reclamo for whom the entity is not competent, sent to who is, telling the person. */
export const dsrTransferSchema = z.object({
  on: calendarDate,
  to: z.string().trim().min(3, 'Indique a quién se trasladó').max(200),
  /** Day the person was told of the transfer ("informará de la situación al interesado"); required on a new transfer. */
  notifiedOn: calendarDate.nullable().default(null),
});

/**
 * The dates a request runs on, as the server computed them with the municipality's settings at
 * its last change (the device computes the same with `dsrDeadlines`): the term in force (null
 * while an incomplete reclamo waits), and for a reclamo the art. 15 limits.
 */
export const dsrDeadlinesSchema = z.object({
  initialDueDate: calendarDate.nullable(),
  dueDate: calendarDate.nullable(),
  requireBy: calendarDate.nullable(),
  transferBy: calendarDate.nullable(),
  legendBy: calendarDate.nullable(),
  withdrawnOn: calendarDate.nullable(),
});
export type DsrDeadlines = z.infer<typeof dsrDeadlinesSchema>;

const dsrFieldsSchema = z.object({
  type: z.enum(DSR_TYPE_KEYS),
  right: z.enum(DSR_RIGHTS),
  channel: z.enum(Object.keys(PQRSD_CHANNELS) as [PqrsdChannel, ...PqrsdChannel[]]),
  receivedOn: calendarDate,
  person: dsrPersonSchema,
  description: z.string().trim().min(3, 'Describa la solicitud').max(5000),
  extension: dsrExtensionSchema.nullable().default(null),
  answer: dsrAnswerSchema.nullable().default(null),
  // Reclamo only (art. 15); the defaults keep requests stored before them valid.
  incomplete: dsrIncompleteSchema.nullable().default(null),
  transfer: dsrTransferSchema.nullable().default(null),
  /** Day the legend «reclamo en trámite» was recorded in the database. */
  legendOn: calendarDate.nullable().default(null),
});

type DsrShape = z.infer<typeof dsrFieldsSchema> & { redacted?: unknown };
function checkPerson(r: DsrShape, ctx: z.RefinementCtx): void {
  if (r.redacted) return; // contact data deleted after the answer (habeas data)
  const id = validateIdNumber(r.person.idType, r.person.idNumber);
  if (!id.ok) ctx.addIssue({ code: 'custom', path: ['person', 'idNumber'], message: id.message });
  if (!r.person.address && !r.person.email) {
    ctx.addIssue({ code: 'custom', path: ['person', 'address'], message: 'Escriba una dirección física o un correo para la respuesta' });
  }
}

export const dsrClientSchema = dsrFieldsSchema.superRefine(checkPerson);
export const dataSubjectRequestSchema = dsrFieldsSchema
  .extend({
    id: z.string(),
    municipality: z.string(),
    createdBy: z.string(),
    deviceId: z.string(),
    redacted: redactionSchema.nullable().optional(),
    /** Server-assigned (devices never send it): see dsrDeadlinesSchema. */
    deadlines: dsrDeadlinesSchema.nullable().optional(),
  })
  .superRefine(checkPerson);
export type DataSubjectRequest = z.infer<typeof dataSubjectRequestSchema>;
export type DsrInput = z.input<typeof dsrClientSchema>;
export const DSR_UPDATABLE_FIELDS = ['person', 'description', 'extension', 'answer', 'incomplete', 'transfer', 'legendOn'] as const;
/** For the generic update schema: the fields without the record-level checks. */
export const dsrUpdatableSource = dsrFieldsSchema;

export type DsrState = 'recibida' | 'prorrogada' | 'respondida' | 'incompleta' | 'desistida' | 'trasladada';
type StateFields = Pick<DataSubjectRequest, 'extension' | 'answer'> & Partial<Pick<DataSubjectRequest, 'incomplete' | 'transfer'>>;
/** Where the request stands on `today` (an incomplete reclamo is withdrawn 2 months after the requirement). */
export function dsrState(r: StateFields, settings: PqrsdSettings, today?: string): DsrState {
  if (r.answer) return 'respondida';
  if (r.transfer) return 'trasladada';
  const inc = r.incomplete;
  if (inc && inc.completedOn === null) return today !== undefined && today >= reclamoWithdrawnOn(inc.requiredOn, settings) ? 'desistida' : 'incompleta';
  return r.extension ? 'prorrogada' : 'recibida';
}

type TermFields = Pick<DataSubjectRequest, 'type' | 'receivedOn' | 'extension'> & Partial<Pick<DataSubjectRequest, 'incomplete'>>;
/** The term in force; null while an incomplete reclamo waits for its completion (the term has not started). */
export function dsrDueDates(r: TermFields, settings: PqrsdSettings): DsrTerm | null {
  const inc = r.incomplete ?? null;
  if (inc && inc.completedOn === null) return null;
  return dsrTerm(r.type, inc?.completedOn ?? r.receivedOn, r.extension !== null, settings);
}

/** Every date the request runs on (what the server stores as `deadlines`, and the device shows). */
export function dsrDeadlines(r: TermFields, settings: PqrsdSettings): DsrDeadlines {
  const term = dsrDueDates(r, settings);
  const reclamo = r.type === 'reclamo';
  const inc = r.incomplete ?? null;
  return {
    initialDueDate: term?.initialDueDate ?? null,
    dueDate: term?.dueDate ?? null,
    requireBy: reclamo ? reclamoRequirementLimit(r.receivedOn, settings) : null,
    transferBy: reclamo ? reclamoTransferLimit(r.receivedOn, settings) : null,
    legendBy: reclamo ? reclamoLegendLimit(r.receivedOn, settings) : null,
    withdrawnOn: reclamo && inc ? reclamoWithdrawnOn(inc.requiredOn, settings) : null,
  };
}

/** Art. 15 duties of a reclamo recorded after their term: shown, never refused (DOMAIN.md §7). */
export function reclamoLateFlags(r: Pick<DataSubjectRequest, 'receivedOn' | 'transfer' | 'legendOn'>, settings: PqrsdSettings): { transferLate: boolean; legendLate: boolean } {
  return {
    transferLate: r.transfer !== null && r.transfer.on > reclamoTransferLimit(r.receivedOn, settings),
    legendLate: r.legendOn !== null && r.legendOn > reclamoLegendLimit(r.receivedOn, settings),
  };
}

/** A refused change: the message, and the field it is about (so the form shows it under that field). */
export type DsrCheck = { ok: true } | { ok: false; message: string; path?: string };
const fail = (message: string, path?: string) => ({ ok: false as const, message, ...(path ? { path } : {}) });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a change of a stored request is allowed (checked on the device and again on the
 * server): the extension is noticed once, before the first term runs out, and never after the
 * answer; the answer is given once, not before receipt; a request with deleted data is frozen.
 */
export function checkDsrChange(current: DataSubjectRequest, next: DataSubjectRequest, settings: PqrsdSettings): DsrCheck {
  if (current.redacted) return fail('Los datos de esta solicitud fueron suprimidos: no se modifica.');
  if (!same(current.extension, next.extension)) {
    if (current.extension) return fail('La prórroga ya fue registrada.');
    if (current.answer) return fail('La solicitud ya fue respondida.');
    const ext = next.extension;
    if (ext) {
      // The first term in force: from the completion of an incomplete reclamo (art. 15).
      const term = dsrDueDates({ ...current, extension: null }, settings);
      if (term === null) return fail('El reclamo está incompleto: su término aún no corre.', 'extension.noticeOn');
      if (ext.noticeOn < current.receivedOn) return fail('El aviso de prórroga no puede ser anterior a la recepción.', 'extension.noticeOn');
      if (ext.noticeOn > term.initialDueDate) return fail(`La prórroga debe avisarse antes de que venza el primer término (${term.initialDueDate}).`, 'extension.noticeOn');
    }
  }
  if (!same(current.answer, next.answer)) {
    if (current.answer) return fail('La solicitud ya fue respondida.');
    if (next.answer && next.answer.answeredOn < current.receivedOn) return fail('La respuesta no puede ser anterior a la recepción.', 'answer.answeredOn');
    if (next.answer && next.incomplete && next.incomplete.completedOn === null) return fail('El reclamo está incompleto: registre primero que se completó.');
  }
  return checkReclamoSteps(current, next, settings);
}

/** Art. 15 steps of a reclamo: requirement within 5 business days, once; completion once; transfer and legend once. */
function checkReclamoSteps(current: DataSubjectRequest, next: DataSubjectRequest, settings: PqrsdSettings): DsrCheck {
  const touched = !same(current.incomplete, next.incomplete) || !same(current.transfer, next.transfer) || current.legendOn !== next.legendOn;
  if (!touched) return { ok: true };
  if (current.type !== 'reclamo') return fail('Solo un reclamo admite requerimiento, traslado o leyenda (art. 15).');
  if (current.answer) return fail('La solicitud ya fue respondida.');
  if (!same(current.incomplete, next.incomplete)) {
    const was = current.incomplete;
    const inc = next.incomplete;
    if (inc === null) return fail('El requerimiento ya registrado no se borra.');
    if (was === null) {
      const limit = reclamoRequirementLimit(current.receivedOn, settings);
      if (inc.requiredOn < current.receivedOn || inc.requiredOn > limit) {
        return fail(`El requerimiento debe hacerse dentro de los 5 días siguientes a la recepción (hasta ${limit}).`, 'incomplete.requiredOn');
      }
      if (inc.completedOn !== null) return fail('Registre primero el requerimiento y luego que se completó.');
    } else {
      if (was.requiredOn !== inc.requiredOn || was.what !== inc.what || was.completedOn !== null) return fail('El requerimiento ya fue registrado.');
      if (inc.completedOn !== null && inc.completedOn < inc.requiredOn) return fail('El reclamo no puede completarse antes del requerimiento.', 'incomplete.completedOn');
      if (inc.completedOn !== null && inc.completedOn >= reclamoWithdrawnOn(inc.requiredOn, settings)) {
        return fail('Pasaron dos meses desde el requerimiento: el reclamo se entiende desistido (art. 15).', 'incomplete.completedOn');
      }
    }
  }
  if (!same(current.transfer, next.transfer)) {
    if (current.transfer) return fail('El traslado ya fue registrado.');
    const tr = next.transfer;
    if (tr && tr.on < current.receivedOn) return fail('El traslado no puede ser anterior a la recepción.', 'transfer.on');
    // Art. 15: the entity "informará de la situación al interesado".
    if (tr && tr.notifiedOn === null) return fail('Indique cuándo se informó al titular del traslado.', 'transfer.notifiedOn');
    if (tr && tr.notifiedOn !== null && tr.notifiedOn < tr.on) return fail('El aviso al titular no puede ser anterior al traslado.', 'transfer.notifiedOn');
  }
  if (current.legendOn !== next.legendOn) {
    if (current.legendOn !== null) return fail('La leyenda «reclamo en trámite» ya fue registrada.');
    if (next.legendOn !== null && next.legendOn < current.receivedOn) return fail('La leyenda no puede ser anterior a la recepción.', 'legendOn');
  }
  return { ok: true };
}
