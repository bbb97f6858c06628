import { describe, expect, it } from 'vitest';
import type { Dossier } from '#shared/habeas/api';
import { personQuerySchema, rectifyChangesSchema } from '#shared/habeas/api';
import { checkDsrChange, dataSubjectRequestSchema, dsrClientSchema, dsrDueDates, dsrState, reclamoLateFlags, type DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { dossierCsv, flatten } from '#shared/habeas/dossier-csv';
import { normaliseIdForMatch, REDACTED_ID_NUMBER, REDACTED_LABEL, redactedCitizen } from '#shared/habeas/redaction-schema';
import { dsrTerm, dsrUrgency, reclamoLegendLimit, reclamoRequirementLimit, reclamoTransferLimit, reclamoWithdrawnOn } from '#shared/habeas/term';
import { initialLifecycle } from '#shared/pqrsd/lifecycle';
import { DEFAULT_PQRSD_SETTINGS } from '#shared/pqrsd/lifecycle-schema';

const S = DEFAULT_PQRSD_SETTINGS;
import { pqrsdReportTables, type ReportInput } from '#shared/pqrsd/report';
import { buildPqrsdReport } from '../../helpers/default-rules';
import { pqrsdCreateSchema, pqrsdSchema, RECORD_KINDS } from '#shared/records';
import { officialClientSchema, officialSchema } from '#shared/training/training-schema';
import { blockerOf } from '../../../sync-server/habeas/anonymise';
import type { StoredRecord } from '../../../sync-server/store/store';
import { createMutation, storedDsr } from '../../helpers/fixtures';

describe('the legal term of a data-subject request (Ley 1581 arts. 14–15)', () => {
  it('consulta: 10 business days counted from the date of receipt (art. 14, DOMAIN.md §7), +5 after the notice', () => {
    // Fri 2026-07-10 is day 1; Mon 13 (moved Jul 9) and Mon 20 (Jul 20) are holidays.
    expect(dsrTerm('consulta', '2026-07-10', false, S)).toEqual({ initialDueDate: '2026-07-27', dueDate: '2026-07-27' });
    expect(dsrTerm('consulta', '2026-07-10', true, S)).toEqual({ initialDueDate: '2026-07-27', dueDate: '2026-08-03' });
    // Received on Saturday: the first business day after it is day 1.
    expect(dsrTerm('consulta', '2026-07-11', false, S).dueDate).toBe('2026-07-28');
  });
  it('reclamo: 15 business days, +8 after the notice, over Aug 7 and Aug 17', () => {
    expect(dsrTerm('reclamo', '2026-07-10', false, S).dueDate).toBe('2026-08-04');
    expect(dsrTerm('reclamo', '2026-07-10', true, S).dueDate).toBe('2026-08-18');
  });
  it('over Christmas, New Year and Holy Week', () => {
    expect(dsrTerm('reclamo', '2025-12-19', false, S).dueDate).toBe('2026-01-14');
    expect(dsrTerm('consulta', '2026-03-27', false, S).dueDate).toBe('2026-04-13');
    expect(dsrTerm('consulta', '2026-03-27', true, S).dueDate).toBe('2026-04-20');
  });
  it('overdue and due-soon stand out until answered', () => {
    expect(dsrUrgency('2026-07-28', false, '2026-07-29', S)).toBe('overdue');
    expect(dsrUrgency('2026-07-28', false, '2026-07-23', S)).toBe('due-soon');
    expect(dsrUrgency('2026-07-28', false, '2026-07-14', S)).toBe('');
    expect(dsrUrgency('2026-07-28', true, '2026-08-30', S)).toBe('');
  });
});

const dsr = storedDsr;

describe('data-subject requests', () => {
  it('need the ID and an address or e-mail to answer to', () => {
    const { id, municipality, createdBy, deviceId, ...input } = dsr();
    expect(dsrClientSchema.safeParse(input).success).toBe(true);
    expect(dsrClientSchema.safeParse({ ...input, person: { ...input.person, address: '' } }).success).toBe(false);
    expect(dsrClientSchema.safeParse({ ...input, person: { ...input.person, idNumber: '12' } }).success).toBe(false);
    expect(dataSubjectRequestSchema.safeParse(dsr()).success).toBe(true);
    void [id, municipality, createdBy, deviceId];
  });
  it('recibida → prorrogada (noticed before the first term ends, once) → respondida (once)', () => {
    const ext = { noticeOn: '2026-07-27', reason: 'Se consulta el archivo central' };
    expect(dsrState(dsr(), S)).toBe('recibida');
    expect(checkDsrChange(dsr(), dsr({ extension: ext }), S)).toEqual({ ok: true });
    expect(checkDsrChange(dsr(), dsr({ extension: { ...ext, noticeOn: '2026-07-28' } }), S)).toMatchObject({ ok: false, message: expect.stringContaining('2026-07-27') });
    const extended = dsr({ extension: ext });
    expect(dsrState(extended, S)).toBe('prorrogada');
    expect(checkDsrChange(extended, dsr({ extension: { ...ext, reason: 'Otro motivo distinto' } }), S)).toMatchObject({ ok: false });
    const answer = { answeredOn: '2026-08-03', summary: 'Se le enviaron sus datos' };
    expect(checkDsrChange(extended, { ...extended, answer }, S)).toEqual({ ok: true });
    const answered = { ...extended, answer };
    expect(dsrState(answered, S)).toBe('respondida');
    expect(checkDsrChange(answered, { ...answered, answer: { ...answer, summary: 'Otra respuesta' } }, S)).toMatchObject({ ok: false });
    expect(checkDsrChange({ ...answered, redacted: { at: '2026-08-10T00:00:00Z', reason: 'Supresión' } }, answered, S)).toMatchObject({ ok: false });
  });
});

describe('redaction rules', () => {
  const stored = () => {
    const m = createMutation();
    const data = m.data as Record<string, unknown> & { type: 'peticion_general'; receivedAt: string };
    return { ...data, id: m.recordId, municipality: '95200', radicado: '95200-2026-000001', createdBy: 'u', deviceId: 'd', lifecycle: initialLifecycle(data.type, data.receivedAt, DEFAULT_PQRSD_SETTINGS) };
  };
  const redaction = { at: '2026-04-01T15:00:00.000Z', reason: 'Reclamo de supresión' };

  it('a stored request accepts the redacted petitioner only together with `redacted`', () => {
    expect(pqrsdSchema.safeParse(stored()).success).toBe(true);
    expect(pqrsdSchema.safeParse({ ...stored(), citizen: redactedCitizen('CC'), redacted: redaction }).success).toBe(true);
    expect(pqrsdSchema.safeParse({ ...stored(), citizen: redactedCitizen('CC') }).success).toBe(false);
    expect(pqrsdSchema.safeParse({ ...stored(), redacted: redaction }).success).toBe(false);
    expect(pqrsdSchema.safeParse({ ...stored(), citizen: { ...redactedCitizen('CC'), name: 'Alguien' }, redacted: redaction }).success).toBe(false);
  });
  it('devices can neither file nor write a redacted or incomplete petitioner', () => {
    const { id, municipality, radicado, createdBy, deviceId, lifecycle, ...fields } = stored();
    void [id, municipality, radicado, createdBy, deviceId, lifecycle];
    expect(pqrsdCreateSchema.safeParse(fields).success).toBe(true);
    expect(pqrsdCreateSchema.safeParse({ ...fields, citizen: redactedCitizen('CC') }).success).toBe(false);
    // Missing an address no longer refuses the filing (DOMAIN.md §7): it is flagged instead.
    expect(pqrsdCreateSchema.safeParse({ ...fields, citizen: { idType: 'CC', idNumber: '1234567', name: 'María' } }).success).toBe(true);
    expect(RECORD_KINDS.pqrsd.updateSchema.safeParse({ citizen: redactedCitizen('CC') }).success).toBe(false);
    expect(RECORD_KINDS.pqrsd.updateSchema.safeParse({ redacted: redaction }).success).toBe(false);
  });
  it('a roster entry keeps its place with the name and ID replaced', () => {
    const base = { idType: 'CC', idNumber: '1234567', fullName: 'María Pérez', dependencia: 'Hacienda', position: '', active: false, activeSince: null, activeUntil: null, walkIn: false, id: 'o', municipality: '95200', createdBy: 'u', deviceId: 'd' };
    const sealed = { ...base, fullName: REDACTED_LABEL, idNumber: REDACTED_ID_NUMBER };
    expect(officialSchema.safeParse(base).success).toBe(true);
    expect(officialSchema.safeParse(sealed).success).toBe(false);
    expect(officialSchema.safeParse({ ...sealed, redacted: redaction }).success).toBe(true);
    expect(officialClientSchema.safeParse({ ...sealed, redacted: redaction }).success).toBe(false);
  });
  it('open requests, active officials and unanswered data-subject requests keep their data', () => {
    const rec = (kind: string, data: Record<string, unknown>) => ({ kind, data }) as unknown as StoredRecord;
    const open = stored();
    expect(blockerOf(rec('pqrsd', open))).toContain('sigue abierta');
    expect(blockerOf(rec('pqrsd', { ...open, lifecycle: { ...open.lifecycle, state: 'respondida' } }))).toBeNull();
    expect(blockerOf(rec('official', { active: true }))).toContain('activo');
    expect(blockerOf(rec('official', { active: false }))).toBeNull();
    expect(blockerOf(rec('data_subject_request', dsr()))).toContain('no se ha respondido');
  });
  it('the Decreto 1081 report still counts an anonymised request and says so', () => {
    const r = stored();
    const closed = { ...r, citizen: redactedCitizen('CC'), redacted: redaction, lifecycle: { ...r.lifecycle, state: 'respondida' as const, answeredOn: '2026-03-20', closedOn: '2026-03-20', denied: false } };
    const report = buildPqrsdReport([r, closed] as unknown as ReportInput[], { from: '2026-03-01', to: '2026-03-31' }, '2026-04-01');
    expect(report.totals.received).toBe(2);
    const detail = pqrsdReportTables(report).at(-1);
    expect(detail?.headers.at(-1)).toBe('Datos personales');
    expect(detail?.rows.map((row) => row.at(-1)).sort()).toEqual([REDACTED_LABEL, null].sort());
    expect(pqrsdReportTables(buildPqrsdReport([r] as unknown as ReportInput[], { from: '2026-03-01', to: '2026-03-31' }, '2026-04-01')).at(-1)?.headers).not.toContain('Datos personales');
  });
  it('ID numbers match however they were written', () => {
    expect(normaliseIdForMatch('1.234.567')).toBe('1234567');
    expect(normaliseIdForMatch(' ab-12 345 ')).toBe('AB12345');
    expect(personQuerySchema.safeParse({ idType: 'CC', idNumber: '1.2' }).success).toBe(false);
    expect(personQuerySchema.safeParse({ idType: 'SD', idNumber: '123' }).success).toBe(false);
    expect(rectifyChangesSchema.safeParse({}).success).toBe(false);
    expect(rectifyChangesSchema.safeParse({ idNumber: '999' }).success).toBe(false);
  });
});

describe('the CSV export of a person', () => {
  it('flattens nested values to dotted paths, one row each', () => {
    expect(flatten({ citizen: { name: 'Ana', phone: '' }, files: [], tags: ['a', 'b'], n: 3, ok: true, none: null })).toEqual([
      ['citizen.name', 'Ana'],
      ['citizen.phone', ''],
      ['files', ''],
      ['tags.0', 'a'],
      ['tags.1', 'b'],
      ['n', 3],
      ['ok', true],
      ['none', null],
    ]);
    expect(flatten({ signature: 'data:image/png;base64,AAAA' })).toEqual([['signature', '(firma dibujada: ver la exportación JSON)']]);
  });
  it('writes the BOM, the header, semicolons and CRLF, and neutralises formulas', () => {
    const item = (kind: string, id: string, data: Record<string, unknown>) => ({ kind, id, rev: 2, updatedAt: '2026-04-01T15:00:00.000Z', data });
    const d: Dossier = {
      person: { idType: 'CC', idNumber: '1234567' },
      municipality: '95200',
      generatedAt: '2026-04-02T10:00:00.000Z',
      requests: [{ request: item('pqrsd', 'r1', { citizen: { name: 'Pérez, María' }, subject: '=HYPERLINK("x")', address: 'Cra 2;-2+3;@SUM(A1:A9)' }), events: [item('pqrsd_event', 'e1', { date: '2026-04-01' })] }],
      officials: [],
      dataSubjectRequests: [],
      sealed: [],
    };
    const csv = dossierCsv(d);
    expect(csv.startsWith('\uFEFFSección;Tipo de registro;Identificador;Campo;Valor\r\n')).toBe(true);
    expect(csv).toContain('Consulta;persona;;número de documento;1234567\r\n');
    expect(csv).toContain('Solicitudes (PQRSD);pqrsd;r1;citizen.name;Pérez, María\r\n');
    expect(csv).toContain(`Solicitudes (PQRSD);pqrsd;r1;subject;"'=HYPERLINK(""x"")"\r\n`);
    expect(csv).toContain(`Solicitudes (PQRSD);pqrsd;r1;address;"Cra 2;'-2+3;'@SUM(A1:A9)"\r\n`);
    expect(csv).toContain('Pasos de solicitudes;pqrsd_event;e1;date;2026-04-01\r\n');
    expect(csv).toContain('Solicitudes (PQRSD);pqrsd;r1;_revision;2\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('reclamo rules of art. 15 (DOMAIN.md §7)', () => {
  const reclamo = (over: Partial<DataSubjectRequest> = {}) => dsr({ type: 'reclamo', right: 'rectificar', ...over });
  const inc = { requiredOn: '2026-07-16', what: 'Adjunte el documento que soporta la corrección', completedOn: null };

  it('a reclamo counts from the day after receipt', () => {
    expect(dsrDueDates(reclamo(), S)?.dueDate).toBe('2026-08-04');
  });
  it('an incomplete reclamo is required within 5 business days; its term counts from completion', () => {
    expect(reclamoRequirementLimit('2026-07-10', S)).toBe('2026-07-21'); // 07-13 and 07-20 are holidays
    expect(checkDsrChange(reclamo(), reclamo({ incomplete: inc }), S)).toEqual({ ok: true });
    expect(checkDsrChange(reclamo(), reclamo({ incomplete: { ...inc, requiredOn: '2026-07-22' } }), S)).toMatchObject({ ok: false, message: expect.stringContaining('2026-07-21') });
    const waiting = reclamo({ incomplete: inc });
    expect(dsrState(waiting, S, '2026-08-01')).toBe('incompleta');
    expect(dsrDueDates(waiting, S)).toBeNull();
    const done = reclamo({ incomplete: { ...inc, completedOn: '2026-08-03' } });
    expect(checkDsrChange(waiting, done, S)).toEqual({ ok: true });
    expect(dsrDueDates(done, S)?.dueDate).toBe(dsrTerm('reclamo', '2026-08-03', false, S).dueDate);
    expect(dsrState(done, S, '2026-08-04')).toBe('recibida');
    expect(checkDsrChange(waiting, reclamo({ answer: { answeredOn: '2026-08-01', summary: 'Respuesta' } , incomplete: inc }), S)).toMatchObject({ ok: false });
  });
  it('withdrawn two months after the requirement without completion', () => {
    expect(reclamoWithdrawnOn('2026-07-16', S)).toBe('2026-09-16');
    const waiting = reclamo({ incomplete: inc });
    expect(dsrState(waiting, S, '2026-09-15')).toBe('incompleta');
    expect(dsrState(waiting, S, '2026-09-16')).toBe('desistida');
    expect(checkDsrChange(waiting, reclamo({ incomplete: { ...inc, completedOn: '2026-09-16' } }), S)).toMatchObject({ ok: false, message: expect.stringContaining('desistido') });
  });
  it('transfer and the «reclamo en trámite» legend within 2 business days: recorded late too, and flagged', () => {
    expect(reclamoTransferLimit('2026-07-10', S)).toBe('2026-07-15');
    expect(reclamoLegendLimit('2026-07-10', S)).toBe('2026-07-15');
    const moved = reclamo({ transfer: { on: '2026-07-16', to: 'Registraduría', notifiedOn: '2026-07-16' }, legendOn: '2026-07-14' });
    expect(checkDsrChange(reclamo(), moved, S)).toEqual({ ok: true });
    expect(reclamoLateFlags(moved, S)).toEqual({ transferLate: true, legendLate: false });
    expect(dsrState(moved, S)).toBe('trasladada');
    expect(checkDsrChange(moved, { ...moved, legendOn: '2026-07-15' }, S)).toMatchObject({ ok: false });
    expect(checkDsrChange(dsr(), dsr({ legendOn: '2026-07-14' }), S)).toMatchObject({ ok: false, message: expect.stringContaining('Solo un reclamo') });
  });
  it('requests stored before these fields still parse', () => {
    const { incomplete, transfer, legendOn, ...old } = reclamo();
    void [incomplete, transfer, legendOn];
    expect(dataSubjectRequestSchema.parse(old)).toMatchObject({ incomplete: null, transfer: null, legendOn: null });
  });
});
