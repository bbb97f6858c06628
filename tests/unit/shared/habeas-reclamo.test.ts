// The habeas-data terms on the municipality's settings (Saturday as a business day, DOMAIN.md §8),
// the dates a request runs on, and the steps of a reclamo (Ley 1581 art. 15, DOMAIN.md §7).
import { describe, expect, it } from 'vitest';
import { checkDsrChange, dsrDeadlines, dsrState, type DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { allowedDsrSteps } from '#shared/habeas/dsr-steps';
import { dsrTerm, dsrUrgency, reclamoLegendLimit, reclamoRequirementLimit, reclamoTransferLimit, reclamoWithdrawnOn } from '#shared/habeas/term';
import { DEFAULT_PQRSD_SETTINGS } from '#shared/pqrsd/lifecycle-schema';
import { storedDsr } from '../../helpers/fixtures';

const OFF = DEFAULT_PQRSD_SETTINGS;
const SAT = { ...DEFAULT_PQRSD_SETTINGS, saturdayIsBusinessDay: true };

describe('habeas terms follow the Saturday setting', () => {
  it('reclamo received Fri 2026-07-10: 15 business days end 08-04 (Mon–Fri) or 07-30 (Mon–Sat), +8 → 08-18 / 08-10', () => {
    expect(dsrTerm('reclamo', '2026-07-10', false, OFF).dueDate).toBe('2026-08-04');
    expect(dsrTerm('reclamo', '2026-07-10', false, SAT).dueDate).toBe('2026-07-30');
    expect(dsrTerm('reclamo', '2026-07-10', true, OFF)).toEqual({ initialDueDate: '2026-08-04', dueDate: '2026-08-18' });
    expect(dsrTerm('reclamo', '2026-07-10', true, SAT)).toEqual({ initialDueDate: '2026-07-30', dueDate: '2026-08-10' });
  });
  it('consulta received on Saturday 2026-07-11: day 1 is that Saturday only when Saturdays are worked', () => {
    expect(dsrTerm('consulta', '2026-07-11', false, OFF).dueDate).toBe('2026-07-28');
    expect(dsrTerm('consulta', '2026-07-11', false, SAT).dueDate).toBe('2026-07-24');
  });
  it('the art. 15 limits too: requirement, transfer and legend, and the 2-month withdrawal', () => {
    expect(reclamoRequirementLimit('2026-07-10', OFF)).toBe('2026-07-21');
    expect(reclamoRequirementLimit('2026-07-10', SAT)).toBe('2026-07-17');
    expect(reclamoTransferLimit('2026-07-09', OFF)).toBe('2026-07-14');
    expect(reclamoTransferLimit('2026-07-09', SAT)).toBe('2026-07-11');
    expect(reclamoLegendLimit('2026-07-09', SAT)).toBe('2026-07-11');
    // 2026-10-10 is a Saturday and 10-12 a holiday.
    expect(reclamoWithdrawnOn('2026-08-10', OFF)).toBe('2026-10-13');
    expect(reclamoWithdrawnOn('2026-08-10', SAT)).toBe('2026-10-10');
  });
  it('due-soon counts Saturdays when they are worked', () => {
    // Thu 07-23 + 3 business days: Tue 07-28 (Mon–Fri) or Mon 07-27 (Mon–Sat).
    expect(dsrUrgency('2026-07-28', false, '2026-07-23', OFF)).toBe('due-soon');
    expect(dsrUrgency('2026-07-28', false, '2026-07-23', SAT)).toBe('');
  });
});

const reclamo = (over: Partial<DataSubjectRequest> = {}): DataSubjectRequest =>
  storedDsr({ type: 'reclamo', right: 'rectificar', description: 'Corrijan mi dirección', ...over });

describe('the dates a request runs on (stored by the server, shown by the device)', () => {
  it('a reclamo: its term and the art. 15 limits; the term waits for the completion', () => {
    expect(dsrDeadlines(reclamo(), OFF)).toEqual({
      initialDueDate: '2026-08-04',
      dueDate: '2026-08-04',
      requireBy: '2026-07-21',
      transferBy: '2026-07-15',
      legendBy: '2026-07-15',
      withdrawnOn: null,
    });
    const waiting = reclamo({ incomplete: { requiredOn: '2026-07-16', what: 'El soporte', completedOn: null } });
    expect(dsrDeadlines(waiting, OFF)).toMatchObject({ initialDueDate: null, dueDate: null, withdrawnOn: '2026-09-16' });
    const done = reclamo({ incomplete: { requiredOn: '2026-07-16', what: 'El soporte', completedOn: '2026-08-03' } });
    expect(dsrDeadlines(done, OFF).dueDate).toBe(dsrTerm('reclamo', '2026-08-03', false, OFF).dueDate);
    expect(dsrDeadlines(reclamo(), SAT).dueDate).toBe('2026-07-30');
  });
  it('a consulta has no art. 15 limits', () => {
    expect(dsrDeadlines(reclamo({ type: 'consulta' }), OFF)).toMatchObject({ dueDate: '2026-07-27', requireBy: null, transferBy: null, legendBy: null, withdrawnOn: null });
  });
});

describe('the steps of a reclamo (art. 15)', () => {
  it('offers the legend, the requirement, the transfer, the extension and the answer on a new reclamo; a consulta only the last two', () => {
    expect(allowedDsrSteps(reclamo(), OFF, '2026-07-13')).toEqual(['leyenda', 'requerir', 'trasladar', 'prorrogar', 'responder']);
    expect(allowedDsrSteps(reclamo({ type: 'consulta' }), OFF, '2026-07-13')).toEqual(['prorrogar', 'responder']);
  });
  it('while required, only the legend, the completion and the transfer; nothing once withdrawn', () => {
    const waiting = reclamo({ incomplete: { requiredOn: '2026-07-16', what: 'El soporte', completedOn: null } });
    expect(allowedDsrSteps(waiting, OFF, '2026-08-01')).toEqual(['leyenda', 'completar', 'trasladar']);
    expect(dsrState(waiting, OFF, '2026-09-16')).toBe('desistida');
    expect(allowedDsrSteps(waiting, OFF, '2026-09-16')).toEqual([]);
  });
  it('nothing after the answer or the transfer; the legend is not offered twice', () => {
    expect(allowedDsrSteps(reclamo({ answer: { answeredOn: '2026-07-20', summary: 'Corregido' } }), OFF, '2026-07-21')).toEqual([]);
    expect(allowedDsrSteps(reclamo({ transfer: { on: '2026-07-14', to: 'Registraduría', notifiedOn: '2026-07-14' } }), OFF, '2026-07-21')).toEqual([]);
    expect(allowedDsrSteps(reclamo({ legendOn: '2026-07-13' }), OFF, '2026-07-14')).not.toContain('leyenda');
  });
  it('a transfer records when the titular was told, not before the transfer; refusals name their field', () => {
    const tr = { on: '2026-07-14', to: 'Registraduría Nacional', notifiedOn: null };
    expect(checkDsrChange(reclamo(), reclamo({ transfer: tr }), OFF)).toEqual({ ok: false, message: expect.stringContaining('informó al titular'), path: 'transfer.notifiedOn' });
    expect(checkDsrChange(reclamo(), reclamo({ transfer: { ...tr, notifiedOn: '2026-07-13' } }), OFF)).toMatchObject({ ok: false, path: 'transfer.notifiedOn' });
    expect(checkDsrChange(reclamo(), reclamo({ transfer: { ...tr, notifiedOn: '2026-07-14' } }), OFF)).toEqual({ ok: true });
  });
  it('the requirement limit is the municipality’s: 07-17 with Saturdays worked, 07-21 without', () => {
    const inc = { requiredOn: '2026-07-17', what: 'El soporte', completedOn: null };
    expect(checkDsrChange(reclamo(), reclamo({ incomplete: inc }), SAT)).toEqual({ ok: true });
    expect(checkDsrChange(reclamo(), reclamo({ incomplete: { ...inc, requiredOn: '2026-07-18' } }), SAT)).toMatchObject({ ok: false, path: 'incomplete.requiredOn', message: expect.stringContaining('2026-07-17') });
    expect(checkDsrChange(reclamo(), reclamo({ incomplete: { ...inc, requiredOn: '2026-07-21' } }), OFF)).toEqual({ ok: true });
  });
  it('the extension of a completed reclamo is noticed within the term counted from the completion', () => {
    const done = reclamo({ incomplete: { requiredOn: '2026-07-16', what: 'El soporte', completedOn: '2026-08-03' } });
    const due = dsrTerm('reclamo', '2026-08-03', false, OFF).initialDueDate;
    expect(checkDsrChange(done, { ...done, extension: { noticeOn: due, reason: 'Se consulta el archivo' } }, OFF)).toEqual({ ok: true });
  });
});
