// Report on requests required by Decreto 1081 de 2015, art. 2.1.1.6.2 (DOMAIN.md §5): number
// received, number transferred, response time of each, number denied. Pure: computed from the
// lifecycle snapshots with the business-day calendar, for browsers and Node alike.
//
// No citizen personal data goes in: no name, ID or address; the subject (free text that may
// name people) only when the caller asks for it with `includeSubject`.

import { businessDaysBetween, isIsoDate, type CalendarOptions } from '../calendar';
import { PQRSD_CHANNELS, PQRSD_TYPES, type Pqrsd, type PqrsdChannel, type PqrsdType } from '../records/pqrsd';
import { OPEN_STATES, PQRSD_STATES, type Lifecycle, type PqrsdSettings, type PqrsdState } from './lifecycle-schema';
import { termStart } from './deadlines';
import { REDACTED_LABEL } from '../habeas/redaction-schema';

export type ReportInput = Pick<Pqrsd, 'id' | 'type' | 'channel' | 'radicado' | 'provisionalNumber' | 'subject'> & {
  lifecycle: Lifecycle;
  /** Set when the petitioner's data was deleted (habeas data): the request still counts. */
  redacted?: unknown;
};

export type PqrsdReportOptions = {
  /** The municipality's settings (its calendar): required, so no caller counts with the defaults by omission. */
  settings: PqrsdSettings;
  /** Put the subject in the rows and the Detalle sheet. Off by default: it may hold personal data. */
  includeSubject?: boolean;
};

export type PqrsdReportCounts = {
  received: number;
  /** Sent to the competent authority (art. 21). */
  transferred: number;
  answered: number;
  /** Answered with the request denied (every type). */
  denied: number;
  /** Denials of access to information: document requests answered with a denial (Decreto 1081 item 4). */
  deniedAccess: number;
  /** Transferred after the term of art. 21. */
  transferredLate: number;
  /** Express or tacit withdrawal (desistimiento). */
  withdrawn: number;
  /** Still in an open state (radicada, asignada, en trámite, incompleta, prorrogada). */
  open: number;
  /** Open and past the due date on `today`. */
  overdueOpen: number;
  /** Answered after the due date. */
  answeredLate: number;
  /** overdueOpen + answeredLate. */
  overdue: number;
  /**
   * Mean net business days from receipt to answer, one decimal; null when none. Transfers (no
   * answer on the merits) and felicitaciones (no legal term) are left out (DOMAIN.md §7).
   */
  averageResponseDays: number | null;
};

export type PqrsdReportRow = {
  id: string;
  /** Radicado, or the provisional number while the request has not synced. */
  number: string;
  type: PqrsdType;
  typeLabel: string;
  channel: PqrsdChannel;
  channelLabel: string;
  receivedDate: string;
  /** Due date in force; for a closed request the one it was judged against (null when unknown). */
  dueDate: string | null;
  initialDueDate: string | null;
  extended: boolean;
  state: PqrsdState;
  stateLabel: string;
  /** Authority it was transferred to (an institution, not a person). */
  transferredTo: string | null;
  closedOn: string | null;
  /**
   * Business days from receipt to the answer or transfer, net of the days the clock was stopped
   * waiting for the citizen (art. 17); null while open or when withdrawn.
   */
  responseDays: number | null;
  /** Business days the clock was stopped (art. 17). */
  stoppedDays: number;
  /** Transferred after the term of art. 21 («trasladada fuera de término»). */
  transferLate: boolean;
  /** null while not answered. */
  denied: boolean | null;
  overdueOpen: boolean;
  answeredLate: boolean;
  overdue: boolean;
  /** Only with `includeSubject`. */
  subject?: string;
  /** The petitioner's personal data was deleted under Ley 1581. */
  redacted?: boolean;
};

export type PqrsdReport = {
  range: { from: string; to: string };
  today: string;
  saturdayIsBusinessDay: boolean;
  includeSubject: boolean;
  totals: PqrsdReportCounts;
  averageResponseDays: number | null;
  byType: (PqrsdReportCounts & { type: PqrsdType; label: string; termDays: number | null })[];
  byChannel: (PqrsdReportCounts & { channel: PqrsdChannel; label: string })[];
  rows: PqrsdReportRow[];
};

export type ReportSheet = { name: string; headers: string[]; rows: (string | number | boolean | null)[][] };

export const PQRSD_REPORT_SHEETS = {
  summary: 'Resumen',
  byType: 'Por tipo',
  byChannel: 'Por canal',
  detail: 'Detalle',
} as const;

function assertDate(value: string, what: string): void {
  if (!isIsoDate(value)) throw new RangeError(`Invalid ${what}: expected 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
}

/**
 * The due date a closed request is judged against. The lifecycle clears `dueDate` on closing
 * and keeps `initialDueDate`; that one still holds unless the term moved (an extension or a
 * stopped clock while incomplete), in which case the moved date is not known here and the
 * request is not flagged as late rather than flagged wrongly.
 */
function deadlineOf(l: Lifecycle): string | null {
  if (l.dueDate !== null) return l.dueDate;
  if (OPEN_STATES.includes(l.state)) return null; // clock stopped (incompleta) or no term
  if (l.dueDateAtClose !== null) return l.dueDateAtClose;
  const termMoved =
    l.extended || l.pausedOn !== null || l.remainingDays !== null || l.completionDeadline !== null || l.completionExtended;
  return termMoved ? null : l.initialDueDate;
}

function buildRow(r: ReportInput, today: string, cal: CalendarOptions, includeSubject: boolean): PqrsdReportRow {
  const l = r.lifecycle;
  const open = OPEN_STATES.includes(l.state);
  const transferred = l.state === 'trasladada' || l.transferredTo !== null;
  const answered = l.state === 'respondida' || l.answeredOn !== null;
  const deadline = deadlineOf(l);

  let responseDays: number | null = null;
  const end = l.answeredOn ?? (transferred ? l.closedOn : null);
  if (end !== null) responseDays = Math.max(0, businessDaysBetween(termStart(l), end, cal) - l.stoppedDays);

  const overdueOpen = open && l.dueDate !== null && today > l.dueDate;
  const answeredLate = answered && l.answeredOn !== null && deadline !== null && l.answeredOn > deadline;
  const row: PqrsdReportRow = {
    id: r.id,
    number: r.radicado ?? r.provisionalNumber,
    type: r.type,
    typeLabel: PQRSD_TYPES[r.type].label,
    channel: r.channel,
    channelLabel: PQRSD_CHANNELS[r.channel],
    receivedDate: l.receivedDate,
    dueDate: deadline,
    initialDueDate: l.initialDueDate,
    extended: l.extended,
    state: l.state,
    stateLabel: l.transferLate ? 'Trasladada fuera de término' : PQRSD_STATES[l.state],
    transferredTo: l.transferredTo,
    closedOn: l.closedOn,
    responseDays,
    stoppedDays: l.stoppedDays,
    transferLate: l.transferLate,
    denied: answered ? l.denied === true : null,
    overdueOpen,
    answeredLate,
    overdue: overdueOpen || answeredLate,
  };
  if (includeSubject) row.subject = r.subject;
  if (r.redacted) row.redacted = true;
  return row;
}

function count(rows: readonly PqrsdReportRow[]): PqrsdReportCounts {
  const times = rows
    .filter((r) => !(r.state === 'trasladada' || r.transferredTo !== null) && r.type !== 'felicitacion')
    .map((r) => r.responseDays)
    .filter((d): d is number => d !== null);
  const overdueOpen = rows.filter((r) => r.overdueOpen).length;
  const answeredLate = rows.filter((r) => r.answeredLate).length;
  return {
    received: rows.length,
    transferred: rows.filter((r) => r.state === 'trasladada' || r.transferredTo !== null).length,
    answered: rows.filter((r) => r.denied !== null).length,
    denied: rows.filter((r) => r.denied === true).length,
    deniedAccess: rows.filter((r) => r.denied === true && r.type === 'peticion_documentos').length,
    transferredLate: rows.filter((r) => r.transferLate).length,
    withdrawn: rows.filter((r) => r.state === 'desistida').length,
    open: rows.filter((r) => OPEN_STATES.includes(r.state)).length,
    overdueOpen,
    answeredLate,
    overdue: overdueOpen + answeredLate,
    averageResponseDays: times.length === 0 ? null : Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10,
  };
}

/**
 * The report for requests received between `range.from` and `range.to` (inclusive, Bogotá
 * calendar dates), with open requests judged overdue as of `today`. Every type and channel
 * gets a row, zero or not. Rows are sorted by date of receipt, then number.
 */
export function buildPqrsdReport(
  requests: readonly ReportInput[],
  range: { from: string; to: string },
  today: string,
  opts: PqrsdReportOptions,
): PqrsdReport {
  assertDate(range.from, 'range start');
  assertDate(range.to, 'range end');
  assertDate(today, 'report date');
  if (range.from > range.to) throw new RangeError(`Range start ${range.from} is after its end ${range.to}`);
  const { saturdayIsBusinessDay } = opts.settings;
  const includeSubject = opts.includeSubject ?? false;
  const cal: CalendarOptions = { saturdayIsBusinessDay };

  const rows = requests
    .filter((r) => r.lifecycle.receivedDate >= range.from && r.lifecycle.receivedDate <= range.to)
    .map((r) => buildRow(r, today, cal, includeSubject))
    .sort((a, b) =>
      a.receivedDate !== b.receivedDate
        ? (a.receivedDate < b.receivedDate ? -1 : 1)
        : a.number < b.number ? -1 : a.number > b.number ? 1 : 0,
    );

  const totals = count(rows);
  const byType = (Object.keys(PQRSD_TYPES) as PqrsdType[]).map((type) => ({
    type,
    label: PQRSD_TYPES[type].label,
    termDays: PQRSD_TYPES[type].termDays,
    ...count(rows.filter((r) => r.type === type)),
  }));
  const byChannel = (Object.keys(PQRSD_CHANNELS) as PqrsdChannel[]).map((channel) => ({
    channel,
    label: PQRSD_CHANNELS[channel],
    ...count(rows.filter((r) => r.channel === channel)),
  }));

  return {
    range: { from: range.from, to: range.to },
    today,
    saturdayIsBusinessDay,
    includeSubject,
    totals,
    averageResponseDays: totals.averageResponseDays,
    byType,
    byChannel,
    rows,
  };
}

// ---------------------------------------------------------------------------
// Tables for CSV (Detalle) and XLSX (all four sheets)

const COUNT_HEADERS = [
  'Recibidas',
  'Trasladadas',
  'Respondidas',
  'Negadas (todos los tipos)',
  'Negadas: acceso a la información',
  'Trasladadas fuera de término',
  'Desistidas',
  'Abiertas',
  'Vencidas sin respuesta',
  'Respondidas fuera de término',
  'Tiempo promedio de respuesta (días hábiles netos, sin traslados ni felicitaciones)',
];

function countCells(c: PqrsdReportCounts): (number | null)[] {
  return [
    c.received,
    c.transferred,
    c.answered,
    c.denied,
    c.deniedAccess,
    c.transferredLate,
    c.withdrawn,
    c.open,
    c.overdueOpen,
    c.answeredLate,
    c.averageResponseDays,
  ];
}

const yesNo = (b: boolean): string => (b ? 'Sí' : 'No');

function overdueLabel(r: PqrsdReportRow): string {
  if (r.overdueOpen) return 'Vencida sin respuesta';
  if (r.answeredLate) return 'Respondida fuera de término';
  return 'No';
}

/** The report as four tables with Spanish headers: Resumen, Por tipo, Por canal, Detalle. */
export function pqrsdReportTables(report: PqrsdReport): ReportSheet[] {
  const t = report.totals;
  const summary: ReportSheet = {
    name: PQRSD_REPORT_SHEETS.summary,
    headers: ['Indicador', 'Valor'],
    rows: [
      ['Informe', 'Solicitudes recibidas (PQRSD) — Decreto 1081 de 2015, art. 2.1.1.6.2'],
      ['Periodo: desde', report.range.from],
      ['Periodo: hasta', report.range.to],
      ['Fecha de corte', report.today],
      ['Días hábiles', report.saturdayIsBusinessDay ? 'Lunes a sábado, sin festivos' : 'Lunes a viernes, sin festivos'],
      ['Solicitudes recibidas', t.received],
      ['Trasladadas por competencia', t.transferred],
      ['Respondidas', t.answered],
      ['Negadas (todos los tipos)', t.denied],
      ['Negadas: acceso a la información (peticiones de documentos)', t.deniedAccess],
      ['Trasladadas fuera de término', t.transferredLate],
      ['Desistidas', t.withdrawn],
      ['Abiertas (sin cerrar)', t.open],
      ['Vencidas sin respuesta', t.overdueOpen],
      ['Respondidas fuera de término', t.answeredLate],
      ['Tiempo promedio de respuesta (días hábiles netos, sin traslados ni felicitaciones)', report.averageResponseDays],
    ],
  };

  const byType: ReportSheet = {
    name: PQRSD_REPORT_SHEETS.byType,
    headers: ['Tipo', 'Término legal (días hábiles)', ...COUNT_HEADERS],
    rows: [
      ...report.byType.map((r) => [r.label, r.termDays ?? 'Sin término', ...countCells(r)]),
      ['Total', null, ...countCells(t)],
    ],
  };

  const byChannel: ReportSheet = {
    name: PQRSD_REPORT_SHEETS.byChannel,
    headers: ['Canal', ...COUNT_HEADERS],
    rows: [...report.byChannel.map((r) => [r.label, ...countCells(r)]), ['Total', ...countCells(t)]],
  };

  const anyRedacted = report.rows.some((r) => r.redacted);
  const detail: ReportSheet = {
    name: PQRSD_REPORT_SHEETS.detail,
    headers: [
      'Número',
      'Tipo',
      'Canal',
      'Fecha de recepción',
      'Fecha de vencimiento',
      'Vencimiento inicial',
      'Prorrogada',
      'Estado',
      'Trasladada a',
      'Fecha de cierre',
      'Tiempo de respuesta (días hábiles netos)',
      'Días suspendido',
      'Negada',
      'Vencida',
      ...(report.includeSubject ? ['Asunto'] : []),
      // Only when the range holds an anonymised request, so the usual sheet keeps its columns.
      ...(anyRedacted ? ['Datos personales'] : []),
    ],
    rows: report.rows.map((r) => [
      r.number,
      r.typeLabel,
      r.channelLabel,
      r.receivedDate,
      r.dueDate,
      r.initialDueDate,
      yesNo(r.extended),
      r.stateLabel,
      r.transferredTo,
      r.closedOn,
      r.responseDays,
      r.stoppedDays,
      r.denied === null ? null : yesNo(r.denied),
      overdueLabel(r),
      ...(report.includeSubject ? [r.subject ?? null] : []),
      ...(anyRedacted ? [r.redacted ? REDACTED_LABEL : null] : []),
    ]),
  };

  return [summary, byType, byChannel, detail];
}
