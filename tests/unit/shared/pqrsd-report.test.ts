import { describe, it, expect } from 'vitest';
import { addBusinessDays } from '#shared/calendar';
import { toCsv } from '#shared/export/csv';
import { toXlsx } from '#shared/export/xlsx';
import { lifecycleSchema, type Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import { buildPqrsdReport, foldEvents, type LifecycleEvent } from '../../helpers/default-rules';
import {
  pqrsdReportTables,
  PQRSD_REPORT_SHEETS,
  type ReportInput,
} from '#shared/pqrsd/report';
import { PQRSD_CHANNELS, PQRSD_TYPES, type PqrsdChannel, type PqrsdType } from '#shared/records/pqrsd';
import { UNTOUCHED_LIFECYCLE } from '../../helpers/fixtures';

function lc(p: Partial<Lifecycle> & Pick<Lifecycle, 'state' | 'receivedDate'>): Lifecycle {
  return lifecycleSchema.parse({
    termDays: 15,
    dueDate: null,
    initialDueDate: null,
    ...UNTOUCHED_LIFECYCLE,
    eventCount: 1,
    ...p,
  });
}

let seq = 0;
function req(type: PqrsdType, channel: PqrsdChannel, lifecycle: Lifecycle, radicado: string | null = null): ReportInput {
  seq++;
  // Built as a full stored request, citizen included, to prove the report leaves personal data out.
  const full = {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    channel,
    radicado,
    provisionalNumber: `P-AB12-${String(seq).padStart(4, '0')}`,
    subject: `Asunto de Juanita Pérez Gómez número ${seq}`,
    citizen: { idType: 'CC', idNumber: '1012345678', name: 'Juanita Pérez Gómez' },
    description: 'Vivo en la calle 5 # 3-21, teléfono 3001234567',
    lifecycle,
  };
  return full;
}

const RANGE = { from: '2026-06-01', to: '2026-08-31' };
const TODAY = '2026-09-02';

const inputs: ReportInput[] = [
  // Answered on time: Fri 2026-07-10 + 10 business days = 2026-07-28 (Jul 13 and Jul 20 are holidays).
  req('peticion_documentos', 'web', lc({
    state: 'respondida', receivedDate: '2026-07-10', termDays: 10, initialDueDate: '2026-07-28',
    answeredOn: '2026-07-28', closedOn: '2026-07-28', denied: false, eventCount: 3,
  }), '95200-2026-000010'),
  // Answered one day late and denied: due 2026-08-04 (+15), answered 2026-08-05 = 16 business days.
  req('peticion_general', 'presencial', lc({
    state: 'respondida', receivedDate: '2026-07-10', initialDueDate: '2026-08-04',
    answeredOn: '2026-08-05', closedOn: '2026-08-05', denied: true, eventCount: 3,
  }), '95200-2026-000011'),
  // Transferred to the competent authority 3 business days later (Jul 20 is a holiday).
  req('queja', 'correo', lc({
    state: 'trasladada', receivedDate: '2026-07-15', initialDueDate: addBusinessDays('2026-07-15', 15),
    transferredTo: 'Superintendencia de Servicios Públicos Domiciliarios', closedOn: '2026-07-21', eventCount: 2,
  }), '95200-2026-000012'),
  // Open consulta received on the first day of the range, past its due date on TODAY.
  req('consulta', 'telefonico', lc({
    state: 'en_tramite', receivedDate: '2026-06-01', termDays: 30,
    dueDate: addBusinessDays('2026-06-01', 30), initialDueDate: addBusinessDays('2026-06-01', 30), eventCount: 2,
  }), '95200-2026-000001'),
  // Open reclamo not yet due; still carries a provisional number only.
  req('reclamo', 'escrito', lc({
    state: 'asignada', receivedDate: '2026-08-24',
    dueDate: addBusinessDays('2026-08-24', 15), initialDueDate: addBusinessDays('2026-08-24', 15),
    dependencia: 'Secretaría de Gobierno', assignee: 'funcionario-7', eventCount: 2,
  })),
  // Express withdrawal: closed, but no response time.
  req('denuncia', 'web', lc({
    state: 'desistida', receivedDate: '2026-07-21', withdrawal: 'expreso', closedOn: '2026-07-22',
    initialDueDate: addBusinessDays('2026-07-21', 15),
  }), '95200-2026-000013'),
  // Extended and answered after the initial due date (2026-07-08): the extended date is gone once
  // closed, so it must not be flagged late. 2026-06-16 → 2026-07-21 = 22 business days.
  req('peticion_particular', 'presencial', lc({
    state: 'respondida', receivedDate: '2026-06-16', initialDueDate: '2026-07-08', extended: true,
    extensionReason: 'Requiere concepto técnico de planeación', answeredOn: '2026-07-21', closedOn: '2026-07-21',
    denied: false, eventCount: 4,
  }), '95200-2026-000005'),
  // Extended, still open, past the extended date.
  req('sugerencia', 'correo', lc({
    state: 'prorrogada', receivedDate: '2026-07-01', initialDueDate: '2026-07-23', dueDate: '2026-08-14',
    extended: true, extensionReason: 'Volumen de información solicitada', eventCount: 2,
  }), '95200-2026-000008'),
  // Incomplete: clock stopped (no due date), not overdue even though the initial date has passed.
  req('peticion_documentos', 'web', lc({
    state: 'incompleta', receivedDate: '2026-07-02', termDays: 10, initialDueDate: '2026-07-17',
    pausedOn: '2026-07-06', remainingDays: 8, resumeState: 'radicada', completionDeadline: '2026-08-06',
  }), '95200-2026-000009'),
  // Felicitación received on the last day of the range: no term, no due date.
  req('felicitacion', 'presencial', lc({ state: 'radicada', receivedDate: '2026-08-31', termDays: null }), '95200-2026-000020'),
  // Outside the range on both sides.
  req('queja', 'web', lc({ state: 'radicada', receivedDate: '2026-05-29', dueDate: '2026-06-19', initialDueDate: '2026-06-19' })),
  req('queja', 'web', lc({ state: 'radicada', receivedDate: '2026-09-01', dueDate: '2026-09-22', initialDueDate: '2026-09-22' })),
];

const report = buildPqrsdReport(inputs, RANGE, TODAY);
const row = (number: string) => {
  const r = report.rows.find((x) => x.number === number);
  if (!r) throw new Error(`no row ${number}`);
  return r;
};

describe('buildPqrsdReport', () => {
  it('counts only requests received within the range, both ends included', () => {
    expect(report.totals.received).toBe(10);
    expect(report.rows.map((r) => r.receivedDate)).toEqual([
      '2026-06-01', '2026-06-16', '2026-07-01', '2026-07-02', '2026-07-10', '2026-07-10',
      '2026-07-15', '2026-07-21', '2026-08-24', '2026-08-31',
    ]);
    expect(report.range).toEqual(RANGE);
    expect(report.today).toBe(TODAY);
  });

  it('reports the legal totals: transferred, answered, denied, withdrawn, open, overdue', () => {
    expect(report.totals).toEqual({
      received: 10,
      transferred: 1,
      answered: 3,
      denied: 1,
      deniedAccess: 0, // the denial is of a petición general, not of access to information
      transferredLate: 0,
      withdrawn: 1,
      open: 5,
      overdueOpen: 2,
      answeredLate: 1,
      overdue: 3,
      averageResponseDays: 16, // (10 + 16 + 22) / 3: the transfer (3) is left out (DOMAIN.md §7)
    });
    expect(report.averageResponseDays).toBe(16);
  });

  it('computes each response time in real business days', () => {
    expect(row('95200-2026-000010').responseDays).toBe(10);
    expect(row('95200-2026-000011').responseDays).toBe(16);
    expect(row('95200-2026-000012').responseDays).toBe(3);
    expect(row('95200-2026-000005').responseDays).toBe(22);
    expect(row('95200-2026-000013').responseDays).toBeNull(); // withdrawn
    expect(row('95200-2026-000001').responseDays).toBeNull(); // open
  });

  it('flags overdue open requests and late answers, not extended or paused ones', () => {
    const consulta = row('95200-2026-000001');
    expect(consulta.dueDate).toBe('2026-07-17'); // +30 skipping Jun 8, 15, 29 and Jul 13
    expect(consulta).toMatchObject({ overdueOpen: true, answeredLate: false, overdue: true });
    expect(row('95200-2026-000008')).toMatchObject({ overdueOpen: true, dueDate: '2026-08-14', extended: true });
    expect(row('95200-2026-000011')).toMatchObject({ answeredLate: true, overdue: true, denied: true, dueDate: '2026-08-04' });
    expect(row('95200-2026-000010')).toMatchObject({ answeredLate: false, overdue: false, denied: false, dueDate: '2026-07-28' });
    expect(row('95200-2026-000005')).toMatchObject({ answeredLate: false, overdue: false, dueDate: null, initialDueDate: '2026-07-08' });
    expect(row('95200-2026-000009')).toMatchObject({ overdueOpen: false, dueDate: null, stateLabel: 'Incompleta (término suspendido)' });
    expect(row('95200-2026-000020')).toMatchObject({ overdueOpen: false, dueDate: null, denied: null });
    // Not yet due on TODAY.
    const reclamo = report.rows.find((r) => r.type === 'reclamo')!;
    expect(reclamo.dueDate! > TODAY).toBe(true);
    expect(reclamo.overdue).toBe(false);
  });

  it('uses the radicado, or the provisional number before the first sync', () => {
    const reclamo = report.rows.find((r) => r.type === 'reclamo')!;
    expect(reclamo.number).toMatch(/^P-AB12-\d{4}$/);
    expect(row('95200-2026-000012')).toMatchObject({
      typeLabel: 'Queja',
      channelLabel: 'Correo electrónico',
      stateLabel: 'Trasladada',
      transferredTo: 'Superintendencia de Servicios Públicos Domiciliarios',
      closedOn: '2026-07-21',
    });
  });

  it('has a row for every type and every channel, zero rows included', () => {
    expect(report.byType.map((t) => t.type)).toEqual(Object.keys(PQRSD_TYPES));
    expect(report.byChannel.map((c) => c.channel)).toEqual(Object.keys(PQRSD_CHANNELS));
    const byType = Object.fromEntries(report.byType.map((t) => [t.type, t]));
    expect(byType['peticion_documentos']).toMatchObject({ received: 2, answered: 1, averageResponseDays: 10, termDays: 10 });
    expect(byType['peticion_general']).toMatchObject({ received: 1, denied: 1, answeredLate: 1, averageResponseDays: 16 });
    expect(byType['queja']).toMatchObject({ received: 1, transferred: 1, averageResponseDays: null }); // only a transfer
    expect(byType['felicitacion']).toMatchObject({ received: 1, termDays: null, averageResponseDays: null });
    const byChannel = Object.fromEntries(report.byChannel.map((c) => [c.channel, c]));
    expect(byChannel['presencial']).toMatchObject({ received: 3, averageResponseDays: 19 }); // (16 + 22) / 2
    expect(byChannel['web']).toMatchObject({ received: 3, withdrawn: 1, open: 1, averageResponseDays: 10 });
    expect(byChannel['telefonico']).toMatchObject({ received: 1, overdueOpen: 1 });
    expect(report.byType.reduce((n, t) => n + t.received, 0)).toBe(report.totals.received);
    expect(report.byChannel.reduce((n, c) => n + c.received, 0)).toBe(report.totals.received);

    const empty = buildPqrsdReport([], RANGE, TODAY);
    expect(empty.byType).toHaveLength(Object.keys(PQRSD_TYPES).length);
    expect(empty.byChannel).toHaveLength(Object.keys(PQRSD_CHANNELS).length);
    for (const t of [...empty.byType, ...empty.byChannel]) {
      expect(t).toMatchObject({ received: 0, transferred: 0, denied: 0, averageResponseDays: null });
    }
    expect(empty.averageResponseDays).toBeNull();
  });

  it('counts Saturdays when the municipality works them', () => {
    const sat = buildPqrsdReport(inputs, RANGE, TODAY, { saturdayIsBusinessDay: true });
    // 2026-07-10 → 2026-07-28 also spans Saturdays Jul 11, 18 and 25.
    expect(sat.rows.find((r) => r.number === '95200-2026-000010')!.responseDays).toBe(13);
    expect(sat.saturdayIsBusinessDay).toBe(true);
  });

  it('validates the range and the report date', () => {
    expect(() => buildPqrsdReport([], { from: '2026-09-01', to: '2026-08-01' }, TODAY)).toThrow(RangeError);
    expect(() => buildPqrsdReport([], { from: '2026-02-30', to: '2026-08-01' }, TODAY)).toThrow(RangeError);
    expect(() => buildPqrsdReport([], RANGE, '02/09/2026')).toThrow(RangeError);
  });

  it('leaves out citizen personal data; the subject only on request', () => {
    const json = JSON.stringify([report, pqrsdReportTables(report)]);
    for (const secret of ['Juanita', '1012345678', 'calle 5', '3001234567', 'funcionario-7']) {
      expect(json).not.toContain(secret);
    }
    const withSubject = buildPqrsdReport(inputs, RANGE, TODAY, { includeSubject: true });
    expect(withSubject.rows[0]!.subject).toMatch(/^Asunto de/);
    const detail = pqrsdReportTables(withSubject).find((t) => t.name === PQRSD_REPORT_SHEETS.detail)!;
    expect(detail.headers.at(-1)).toBe('Asunto');
    expect(JSON.stringify(withSubject)).not.toContain('1012345678');
  });
});

describe('pqrsdReportTables', () => {
  const tables = pqrsdReportTables(report);
  const get = (name: string) => tables.find((t) => t.name === name)!;

  it('gives four sheets with Spanish headers', () => {
    expect(tables.map((t) => t.name)).toEqual(['Resumen', 'Por tipo', 'Por canal', 'Detalle']);
    for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.headers.length);
    expect(get('Por tipo').rows).toHaveLength(Object.keys(PQRSD_TYPES).length + 1);
    expect(get('Por canal').rows).toHaveLength(Object.keys(PQRSD_CHANNELS).length + 1);
    expect(get('Por tipo').rows.at(-1)!.slice(0, 3)).toEqual(['Total', null, 10]);
    expect(get('Detalle').rows).toHaveLength(10);
  });

  it('summarises the legal indicators', () => {
    const summary = Object.fromEntries(get('Resumen').rows.map(([k, v]) => [k, v]));
    expect(summary).toMatchObject({
      'Periodo: desde': '2026-06-01',
      'Periodo: hasta': '2026-08-31',
      'Solicitudes recibidas': 10,
      'Trasladadas por competencia': 1,
      'Negadas (todos los tipos)': 1,
      'Negadas: acceso a la información (peticiones de documentos)': 0,
      'Vencidas sin respuesta': 2,
      'Respondidas fuera de término': 1,
      'Tiempo promedio de respuesta (días hábiles netos, sin traslados ni felicitaciones)': 16,
    });
  });

  it('writes one detail line per request', () => {
    const detail = get('Detalle');
    expect(detail.headers).toEqual([
      'Número', 'Tipo', 'Canal', 'Fecha de recepción', 'Fecha de vencimiento', 'Vencimiento inicial',
      'Prorrogada', 'Estado', 'Trasladada a', 'Fecha de cierre', 'Tiempo de respuesta (días hábiles netos)',
      'Días suspendido', 'Negada', 'Vencida',
    ]);
    const late = detail.rows.find((r) => r[0] === '95200-2026-000011')!;
    expect(late).toEqual([
      '95200-2026-000011', 'Petición de interés general', 'Presencial', '2026-07-10', '2026-08-04', '2026-08-04',
      'No', 'Respondida', null, '2026-08-05', 16, 0, 'Sí', 'Respondida fuera de término',
    ]);
    expect(detail.rows.find((r) => r[0] === '95200-2026-000001')!.at(-1)).toBe('Vencida sin respuesta');
  });

  it('feeds the CSV and XLSX writers', () => {
    const detail = get('Detalle');
    const csv = toCsv(detail.headers, detail.rows);
    expect(csv.split('\r\n')).toHaveLength(12); // header + 10 rows + trailing empty
    expect(csv).toContain('95200-2026-000011;Petición de interés general;Presencial;2026-07-10;');
    const xlsx = toXlsx(tables);
    expect(xlsx[0]).toBe(0x50); // "PK"
    expect(xlsx[1]).toBe(0x4b);
  });
});

describe('late answers after an extension', () => {
  it('judges a closed request against the due date in force when it closed', async () => {
    const { applyEvent, initialLifecycle } = await import('../../helpers/default-rules');
    const start = initialLifecycle('queja', '2026-07-10T15:00:00Z'); // due 2026-08-04
    const extended = applyEvent(start, { date: '2026-08-03', action: { type: 'prorrogar', newDueDate: '2026-08-20', reason: 'Se requiere visita técnica a la vereda' } });
    if (!extended.ok) throw new Error(extended.message);
    const answer = (date: string) => {
      const r = applyEvent(extended.lifecycle, { date, action: { type: 'responder', answer: 'Respuesta de fondo', denied: false, documentName: null } });
      if (!r.ok) throw new Error(r.message);
      return r.lifecycle;
    };
    const onTime = answer('2026-08-18');
    const late = answer('2026-08-24');
    expect(onTime.dueDateAtClose).toBe('2026-08-20');
    const report = buildPqrsdReport(
      [req('queja', 'presencial', onTime, '95200-2026-000901'), req('queja', 'presencial', late, '95200-2026-000902')],
      RANGE,
      TODAY,
    );
    expect(report.rows.map((r) => r.answeredLate)).toEqual([false, true]);
    expect(report.totals.answeredLate).toBe(1);
  });
});

describe('DOMAIN.md §7: net response time, stopped days, mean, denials of access (review §4)', () => {
  // The review's fixture, built from real events so the stopped days come from the rules.
  const at = '2026-07-10T15:00:00Z';
  const answer = (denied = false) => ({ type: 'responder' as const, answer: 'Respuesta de fondo', denied, documentName: null });
  const mk = (type: PqrsdType, events: LifecycleEvent[], receivedAt = at) => {
    const r = foldEvents(type, receivedAt, events);
    expect(r.rejected).toEqual([]);
    return req(type, 'escrito', r.lifecycle, `R-${type}-${events.length}`);
  };
  const A = mk('peticion_general', [{ date: '2026-07-14', action: answer() }]);
  const B = mk('peticion_documentos', [{ date: '2026-07-28', action: answer(true) }]);
  const C = mk('peticion_documentos', [{ date: '2026-07-29', action: answer() }]);
  const D = mk('reclamo', [{ date: '2026-07-21', action: { type: 'trasladar', authority: 'Superservicios', copyToPetitioner: 'Correo' } }], '2026-07-15T15:00:00Z');
  const F = mk('queja', [
    { date: '2026-07-15', action: { type: 'solicitar_complemento', what: 'Copia del recibo' } },
    { date: '2026-08-03', action: { type: 'completar' } },
    { date: '2026-08-25', action: answer() },
  ]);
  const H = mk('felicitacion', [{ date: '2026-07-16', action: answer() }]);
  const late = mk('peticion_general', [{ date: '2026-07-24', action: { type: 'trasladar', authority: 'Gobernación', copyToPetitioner: 'Correo' } }]);
  const r = buildPqrsdReport([A, B, C, D, F, H, late], { from: '2026-07-01', to: '2026-07-31' }, '2026-09-01');
  const row = (x: ReportInput) => r.rows.find((y) => y.id === x.id)!;

  it('F: queja answered 08-25 after 12 stopped days → 16 net business days, 12 in their own column', () => {
    expect(row(F)).toMatchObject({ responseDays: 16, stoppedDays: 12, answeredLate: true });
    expect(row(A)).toMatchObject({ responseDays: 1, stoppedDays: 0 });
  });
  it('the mean leaves out transfers and felicitaciones: (1 + 10 + 11 + 16) / 4 = 9.5', () => {
    expect(row(D).responseDays).toBe(3);
    expect(row(H).responseDays).toBe(3);
    expect(r.totals.averageResponseDays).toBe(9.5);
  });
  it('denials of access to information apart from all denials', () => {
    expect(r.totals).toMatchObject({ denied: 1, deniedAccess: 1, transferred: 2, transferredLate: 1 });
    expect(row(late)).toMatchObject({ transferLate: true, stateLabel: 'Trasladada fuera de término' });
  });
});
