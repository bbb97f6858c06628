// The legal review's findings and the decisions of DOMAIN.md §7, each with its check value.
import { describe, it, expect } from 'vitest';
import { businessDaysBetween, isBusinessDay } from '#shared/calendar';
import { DEFAULT_PQRSD_SETTINGS, lifecycleSchema, pqrsdActionSchema, type Lifecycle, type PqrsdAction, type PqrsdSettings } from '#shared/pqrsd/lifecycle-schema';
import {
  allowedActions,
  applyEvent,
  completionDeadlineOf,
  extensionCap,
  foldEvents,
  initialLifecycle,
  isOverdue,
  legalReceiptDate,
  positiveSilence,
  type RequestFacts,
} from '../../helpers/default-rules';
import type { PqrsdType } from '#shared/records/pqrsd';

const RECEIVED = '2026-07-10T15:00:00Z'; // Fri 2026-07-10, 10:00 Bogotá
const act = (date: string, number = 'RES-2026-014') => ({ number, date, notifiedBy: 'personal' as const });
const REQUIRE: PqrsdAction = { type: 'solicitar_complemento', what: 'Copia de la cédula' };
const TRANSFER: PqrsdAction = { type: 'trasladar', authority: 'Gobernación del Guaviare', copyToPetitioner: 'Oficio por correo electrónico' };

function ok(l: Lifecycle, date: string, action: PqrsdAction, settings?: PqrsdSettings, facts?: RequestFacts): Lifecycle {
  const r = applyEvent(l, { date, action }, settings, facts);
  if (!r.ok) throw new Error(`expected ${action.type} on ${date} to be accepted: ${r.message}`);
  expect(lifecycleSchema.parse(r.lifecycle)).toEqual(r.lifecycle);
  return r.lifecycle;
}
function refused(l: Lifecycle, date: string, action: PqrsdAction, settings?: PqrsdSettings, facts?: RequestFacts): string {
  const r = applyEvent(l, { date, action }, settings, facts);
  if (r.ok) throw new Error(`expected ${action.type} on ${date} to be refused`);
  return r.message;
}
const start = (type: PqrsdType = 'queja', at = RECEIVED) => initialLifecycle(type, at);

describe('resume after completion (review §2.1)', () => {
  it('peticion_documentos 2026-07-10, requirement 2026-07-28, completed Sat 2026-08-08 → due a business day after 08-08', () => {
    const paused = ok(start('peticion_documentos'), '2026-07-28', REQUIRE);
    expect(paused.remainingDays).toBe(0);
    const done = ok(paused, '2026-08-08', { type: 'completar' });
    expect(done.dueDate).toBe('2026-08-10');
    expect(done.dueDate! > '2026-08-08' && isBusinessDay(done.dueDate!)).toBe(true);
    expect(isOverdue(done, '2026-08-10')).toBe(false);
    expect(isOverdue(done, '2026-08-11')).toBe(true);
  });
  it('completed on Sunday 2026-08-09 → Monday 2026-08-10', () => {
    const paused = ok(start('peticion_documentos'), '2026-07-28', REQUIRE);
    expect(ok(paused, '2026-08-09', { type: 'completar' }).dueDate).toBe('2026-08-10');
  });
  it('records the business days the clock was stopped', () => {
    const paused = ok(start('queja'), '2026-07-15', REQUIRE);
    const done = ok(paused, '2026-08-03', { type: 'completar' });
    expect(done.dueDate).toBe('2026-08-24');
    expect(done.stoppedDays).toBe(businessDaysBetween('2026-07-15', '2026-08-03'));
    expect(done.stoppedDays).toBe(12); // 07-16 … 08-03
  });
});

describe('the one-month completion period (§7)', () => {
  it('requirement 2026-09-09 → last day 2026-10-13 (10-10 Saturday, 10-12 holiday)', () => {
    expect(completionDeadlineOf('2026-09-09', 1)).toBe('2026-10-13');
    const l = initialLifecycle('consulta', '2026-09-01T14:00:00Z');
    const paused = ok(l, '2026-09-09', REQUIRE);
    expect(paused.completionDeadline).toBe('2026-10-13');
    expect(refused(paused, '2026-10-13', { type: 'desistimiento_tacito', act: act('2026-10-13') })).toMatch(/hasta el 2026-10-13/);
    expect(ok(paused, '2026-10-14', { type: 'desistimiento_tacito', act: act('2026-10-14') }).state).toBe('desistida');
  });
  it('requirement 2026-03-10 → 2026-04-13; its single extension counted the same way', () => {
    expect(completionDeadlineOf('2026-03-10', 1)).toBe('2026-04-13'); // 04-11 Sat
    expect(completionDeadlineOf('2026-03-10', 2)).toBe('2026-05-11'); // 05-11 Mon
  });
});

describe('extension (§7, review §2.8)', () => {
  const base = () => ok(start('queja'), '2026-07-14', { type: 'asignar', dependencia: 'Gobierno', assignee: 'Ana Pérez' });
  const ext = (newDueDate: string): PqrsdAction => ({ type: 'prorrogar', newDueDate, reason: 'Se requiere concepto jurídico' });
  it('the new date must be a business day within the cap', () => {
    expect(extensionCap(base())).toBe('2026-08-27');
    expect(refused(base(), '2026-07-20', ext('2026-08-09'))).toBe('La nueva fecha de respuesta (2026-08-09) debe ser un día hábil (máximo 2026-08-27).');
    expect(refused(base(), '2026-07-20', ext('2026-08-17'))).toMatch(/debe ser un día hábil/); // holiday
    expect(refused(base(), '2026-07-20', ext('2026-08-28'))).toMatch(/supera el máximo legal/);
    expect(ok(base(), '2026-07-20', ext('2026-08-18')).dueDate).toBe('2026-08-18');
  });
});

describe('tacit withdrawal and reposición (§7)', () => {
  const paused = () => ok(start('queja'), '2026-07-15', REQUIRE); // deadline 2026-08-18
  it('records the motivated act: number, date and how it was notified', () => {
    expect(refused(paused(), '2026-08-19', { type: 'desistimiento_tacito' })).toMatch(/^Acto administrativo: /);
    expect(refused(paused(), '2026-08-19', { type: 'desistimiento_tacito', act: act('2026-08-18') })).toMatch(/después del plazo/);
    expect(refused(paused(), '2026-08-19', { type: 'desistimiento_tacito', act: act('2026-08-20') })).toMatch(/posterior a la del paso/);
    const t = ok(paused(), '2026-08-20', { type: 'desistimiento_tacito', act: act('2026-08-19') });
    expect(t).toMatchObject({ state: 'desistida', withdrawal: 'tacito', tacitAct: act('2026-08-19'), closedOn: '2026-08-20' });
  });
  it('a reposición reopens the request with its unused days counted from the decision', () => {
    const p = paused();
    const t = ok(p, '2026-08-20', { type: 'desistimiento_tacito', act: act('2026-08-19') });
    expect(allowedActions(t, '2026-09-01')).toEqual(['reponer_desistimiento']);
    expect(refused(t, '2026-09-01', { type: 'responder', answer: 'Respuesta', denied: false, documentName: null })).toMatch(/no admite más pasos/);
    const r = ok(t, '2026-09-01', { type: 'reponer_desistimiento', act: act('2026-09-01', 'RES-2026-020') });
    expect(r).toMatchObject({
      state: 'radicada',
      withdrawal: null,
      closedOn: null,
      tacitAct: act('2026-08-19'),
      reposicionAct: act('2026-09-01', 'RES-2026-020'),
    });
    expect(businessDaysBetween('2026-09-01', r.dueDate!)).toBe(p.remainingDays);
    expect(ok(r, '2026-09-03', { type: 'responder', answer: 'Respuesta', denied: false, documentName: null }).state).toBe('respondida');
  });
  it('is refused against an express withdrawal', () => {
    const d = ok(start(), '2026-07-14', { type: 'desistir' });
    expect(refused(d, '2026-07-20', { type: 'reponer_desistimiento', act: act('2026-07-20') })).toMatch(/solo procede contra un desistimiento tácito/);
  });
});

describe('transfer (§7, review §2.2)', () => {
  it('from any open state, flagged late after the 5 business days', () => {
    const tramite = ok(ok(start(), '2026-07-13', { type: 'asignar', dependencia: 'Gobierno', assignee: 'Ana Pérez' }), '2026-07-14', { type: 'iniciar_tramite' });
    expect(ok(tramite, '2026-07-15', TRANSFER)).toMatchObject({ state: 'trasladada', transferLate: false });
    expect(ok(start('peticion_general'), '2026-07-22', TRANSFER)).toMatchObject({ state: 'trasladada', transferLate: true });
  });
  it('records the copy to the petitioner and, for a verbal request, that they were told at once', () => {
    expect(refused(start(), '2026-07-14', { type: 'trasladar', authority: 'Gobernación del Guaviare' })).toMatch(/^Copia al peticionario/);
    expect(refused(start(), '2026-07-14', TRANSFER, undefined, { channel: 'presencial' })).toMatch(/^Aviso inmediato/);
    expect(ok(start(), '2026-07-14', { ...TRANSFER, toldAtOnce: true }, undefined, { channel: 'telefonico' }).state).toBe('trasladada');
    expect(ok(start(), '2026-07-14', TRANSFER, undefined, { channel: 'escrito' }).state).toBe('trasladada');
  });
  it('steps stored before these rules still parse; a new one without the copy is refused', () => {
    const oldTransfer = { type: 'trasladar', authority: 'Gobernación' };
    expect(pqrsdActionSchema.safeParse(oldTransfer).success).toBe(true);
    expect(pqrsdActionSchema.safeParse({ type: 'desistimiento_tacito' }).success).toBe(true);
    expect(foldEvents('queja', RECEIVED, [{ date: '2026-07-14', action: oldTransfer as PqrsdAction }]).rejected).toHaveLength(1);
  });
});

describe('positive silence on document requests (§7, review §2.5)', () => {
  const docs = () => start('peticion_documentos'); // due 2026-07-28
  it('after the 10 days: deemed granted, delivery within 3 business days', () => {
    expect(positiveSilence(docs(), '2026-07-28')).toBeNull();
    expect(positiveSilence(docs(), '2026-07-29')).toEqual({ since: '2026-07-29', deliverBy: '2026-07-31' });
    expect(positiveSilence(start('queja'), '2026-12-01')).toBeNull();
  });
  it('a later denial needs an explicit note', () => {
    const deny: PqrsdAction = { type: 'responder', answer: 'Se niega la copia', denied: true, documentName: null };
    expect(refused(docs(), '2026-08-10', deny)).toMatch(/^Nota sobre el silencio positivo: desde el 2026-07-29/);
    expect(ok(docs(), '2026-07-28', deny).denied).toBe(true); // on time: no note needed
    expect(ok(docs(), '2026-08-10', { ...deny, silenceNote: 'Documento con reserva legal (art. 24)' }).denied).toBe(true);
    expect(ok(docs(), '2026-08-10', { ...deny, denied: false }).denied).toBe(false);
  });
});

describe('afterHoursFromNextBusinessDay (setting)', () => {
  const on: PqrsdSettings = { ...DEFAULT_PQRSD_SETTINGS, afterHoursFromNextBusinessDay: true };
  it('off (default): the Bogotá date of the filing counts, whatever the hour or day', () => {
    expect(initialLifecycle('queja', '2026-07-11T15:00:00Z').dueDate).toBe('2026-08-04'); // Saturday
    expect(initialLifecycle('queja', '2026-07-10T23:30:00-05:00').dueDate).toBe('2026-08-04');
  });
  it('on: a Saturday filing or one at/after 17:00 counts from the next business day', () => {
    const sat = initialLifecycle('queja', '2026-07-11T15:00:00Z', on);
    expect(sat).toMatchObject({ receivedDate: '2026-07-11', termFrom: '2026-07-14', dueDate: '2026-08-05' });
    expect(legalReceiptDate('2026-07-10T17:00:00-05:00', on)).toBe('2026-07-14'); // 07-13 holiday
    expect(legalReceiptDate('2026-07-10T16:59:00-05:00', on)).toBe('2026-07-10');
    expect(initialLifecycle('queja', '2026-07-10T16:59:00-05:00', on)).toMatchObject({ termFrom: null, dueDate: '2026-08-04' });
    expect(legalReceiptDate('2026-07-13T09:00:00-05:00', on)).toBe('2026-07-14'); // holiday
    // The transfer and requirement limits count from that day too.
    expect(ok(sat, '2026-07-21', TRANSFER, on).transferLate).toBe(false);
    expect(ok(sat, '2026-07-22', TRANSFER, on).transferLate).toBe(false);
    expect(ok(sat, '2026-07-23', TRANSFER, on).transferLate).toBe(true);
  });
  it('with Saturday as a business day, a Saturday morning filing counts that day', () => {
    const both: PqrsdSettings = { ...on, saturdayIsBusinessDay: true };
    expect(legalReceiptDate('2026-07-11T09:00:00-05:00', both)).toBe('2026-07-11');
  });
});
