// Control Interno's semiannual evaluation of the action plan (seed: "semestralmente se
// presentarán y publicarán en el Sitio Web"): figures per action and period, tables for CSV/XLSX
// and Markdown for the portal. Pure and deterministic: `today` is passed in, numbers are
// formatted without the host locale.

import { bogotaDateOf } from '../calendar';
import type { Sheet } from '../export/xlsx';
import { periodLabel, periodRange } from './periods';
import { actionSeries, latestGoal, planActionOf, trafficLight, type PlanData, type SeriesRow, type TrafficLight } from './plan-indicators';
import { ACTION_NUMBERS, FREQUENCIES, type ActionNumber, type Frequency } from './plan-schema';

export const LIGHT_LABELS: Record<TrafficLight, string> = {
  green: 'Cumple la meta',
  yellow: 'Cerca de la meta',
  red: 'No cumple la meta',
  none: 'Sin datos',
};

export type PlanReportAction = {
  number: ActionNumber;
  name: string;
  indicator: string;
  frequency: Frequency;
  periods: SeriesRow[];
  /** The latest period value within the semester (training: the semester's value). */
  semesterValue: number | null;
  /** Action 2: % of evaluations passed in the semester. */
  secondaryValue: number | null;
  goal: number | null;
  light: TrafficLight;
  observation: string;
};

export type ComputedPlanReport = {
  semester: string;
  range: { from: string; to: string };
  /** The date the figures were computed on (a period not yet ended is evaluated on it). */
  asOf: string;
  /** The municipality as the report names it (from its profile). */
  place: string;
  actions: PlanReportAction[];
  totals: { green: number; yellow: number; red: number; none: number; missingMeasurements: number };
  summary: string;
};

/**
 * The semester's report. Goal of an action: its semester goal (falling back to the year's, see
 * latestGoal); when neither exists, the goal of the period the semester value comes from.
 */
export function buildPlanReport(
  data: PlanData,
  semester: string,
  report: { observations: Record<string, string>; summary: string } | null,
  today: string,
): ComputedPlanReport {
  if (!/^\d{4}-[12]$/.test(semester)) throw new RangeError(`Invalid semester: ${JSON.stringify(semester)}`);
  const range = periodRange(semester);
  const totals = { green: 0, yellow: 0, red: 0, none: 0, missingMeasurements: 0 };
  const actions = ACTION_NUMBERS.map((number): PlanReportAction => {
    const action = planActionOf(data, number);
    const periods = actionSeries(number, range.from, range.to, data, today);
    const last = periods.filter((p) => p.value !== null).at(-1) ?? null;
    const goal = latestGoal(data.goals, number, semester)?.value ?? last?.goal ?? null;
    const semesterValue = last?.value ?? null;
    const light = trafficLight(semesterValue, goal);
    totals[light]++;
    totals.missingMeasurements += periods.filter((p) => p.missing).length;
    return {
      number,
      name: action.name,
      indicator: action.indicator,
      frequency: action.frequency,
      periods,
      semesterValue,
      secondaryValue: last?.secondary ?? null,
      goal,
      light,
      observation: report?.observations[String(number)] ?? '',
    };
  });
  return { semester, range, asOf: today, place: data.place, actions, totals, summary: report?.summary ?? '' };
}

const yesNo = (b: boolean): string => (b ? 'Sí' : 'No');

/** Sheets 'Resumen' and 'Detalle por periodo' for the CSV/XLSX exports (numbers stay numbers). */
export function planReportTables(report: ComputedPlanReport): Sheet[] {
  const resumen: Sheet = {
    name: 'Resumen',
    headers: [
      'Semestre',
      'Acción',
      'Nombre',
      'Indicador',
      'Frecuencia',
      'Valor del semestre (%)',
      'Evaluaciones superadas (%)',
      'Meta (%)',
      'Estado',
      'Mediciones faltantes',
      'Observación de Control Interno',
    ],
    rows: report.actions.map((a) => [
      report.semester,
      a.number,
      a.name,
      a.indicator,
      FREQUENCIES[a.frequency],
      a.semesterValue,
      a.secondaryValue,
      a.goal,
      LIGHT_LABELS[a.light],
      a.periods.filter((p) => p.missing).length,
      a.observation,
    ]),
  };
  const detalle: Sheet = {
    name: 'Detalle por periodo',
    headers: ['Acción', 'Nombre', 'Periodo', 'Desde', 'Hasta', 'Valor (%)', 'Evaluaciones superadas (%)', 'Meta (%)', 'Estado', 'Registrada tarde', 'Sin medición'],
    rows: report.actions.flatMap((a) =>
      a.periods.map((p) => {
        const { from, to } = periodRange(p.period);
        return [a.number, a.name, p.period, from, to, p.value, p.secondary, p.goal, LIGHT_LABELS[p.light], yesNo(p.late), yesNo(p.missing)];
      }),
    ),
  };
  return [resumen, detalle];
}

/** '85,7 %' (Spanish decimal comma, no host locale); 'sin dato' for null. */
export function formatPct(value: number | null): string {
  return value === null ? 'sin dato' : `${String(value).replace('.', ',')} %`;
}

/** Text written by people, safe inside a Markdown line or table cell. */
function mdText(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function bogotaDateOrRaw(instant: string): string {
  try {
    return bogotaDateOf(instant);
  } catch {
    return instant;
  }
}

/** Title of the portal publication. */
export function planReportTitle(report: ComputedPlanReport): string {
  return `Seguimiento al Plan de Acción de Gobierno en Línea — ${periodLabel(report.semester)}`;
}

/**
 * The report as Markdown for the portal: a heading per action with its value, goal, status,
 * periods and Control Interno's observation; the summary; and the signature block.
 */
export function planReportMarkdown(report: ComputedPlanReport, signOff: { by: string; at: string } | null): string {
  const t = report.totals;
  const out: string[] = [
    `Informe de seguimiento y evaluación de la Oficina de Control Interno al Plan de Acción de Gobierno en Línea del Municipio de ${mdText(report.place)}, ${periodLabel(report.semester)} (del ${report.range.from} al ${report.range.to}). Cifras con corte al ${report.asOf}.`,
    '',
    `Estado de las ${report.actions.length} acciones: ${t.green} cumplen la meta, ${t.yellow} cerca de la meta, ${t.red} no cumplen la meta, ${t.none} sin datos. Mediciones faltantes: ${t.missingMeasurements}.`,
    '',
  ];
  for (const a of report.actions) {
    out.push(`## Acción ${a.number}. ${mdText(a.name)}`, '');
    out.push(`- **Indicador:** ${mdText(a.indicator)}`);
    out.push(`- **Frecuencia de medición:** ${FREQUENCIES[a.frequency]}`);
    out.push(`- **Valor del semestre:** ${formatPct(a.semesterValue)}`);
    if (a.number === 2) out.push(`- **Evaluaciones superadas:** ${formatPct(a.secondaryValue)}`);
    out.push(`- **Meta:** ${a.goal === null ? 'sin meta' : formatPct(a.goal)}`);
    out.push(`- **Estado:** ${LIGHT_LABELS[a.light]}`, '');
    if (a.periods.length > 0) {
      out.push('| Periodo | Valor | Meta | Estado | Nota |', '| --- | --- | --- | --- | --- |');
      for (const p of a.periods) {
        const notes = [p.missing ? 'Sin medición' : '', p.late ? 'Registrada tarde' : ''].filter(Boolean).join('; ');
        out.push(`| ${periodLabel(p.period)} | ${formatPct(p.value)} | ${p.goal === null ? 'sin meta' : formatPct(p.goal)} | ${LIGHT_LABELS[p.light]} | ${notes || '—'} |`);
      }
      out.push('');
    }
    const obs = a.observation.trim();
    out.push(`**Observación de Control Interno:** ${obs === '' ? 'Sin observaciones.' : obs}`, '');
  }
  out.push('## Conclusiones', '', report.summary.trim() === '' ? 'Sin conclusiones registradas.' : report.summary.trim(), '');
  out.push('## Firmas', '', '| Cargo | Nombre | Firma |', '| --- | --- | --- |');
  for (const role of ['Alcalde Municipal', 'Comité GEL-T', 'Oficina de Control Interno']) out.push(`| ${role} | | |`);
  out.push('');
  out.push(
    signOff
      ? `Aprobado por la Oficina de Control Interno: **${mdText(signOff.by)}**, el ${bogotaDateOrRaw(signOff.at)}.`
      : '_Pendiente de aprobación por la Oficina de Control Interno._',
  );
  return out.join('\n') + '\n';
}
