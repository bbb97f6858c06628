import { describe, it, expect } from 'vitest';
import type { PlanData } from '#shared/plan/plan-indicators';
import { buildPlanReport, formatPct, planReportMarkdown, planReportTables, planReportTitle } from '#shared/plan/plan-report';
import { PLAN_ACTIONS_SEED, planActionId } from '#shared/plan/plan-seed';
import { type ActionNumber, type MeasurementData } from '#shared/plan/plan-schema';
import { toCsv } from '#shared/export/csv';
import { renderMarkdown } from '#shared/portal/markdown';
import { DEFAULT_TRAINING_SETTINGS } from '#shared/training/training-schema';
import { computer, goal as planGoal, meas, rr, training2026_1, u } from '../../helpers/plan-fixtures';

const goal = (action: ActionNumber, period: string, value: number) => planGoal(action, period, value);
const conn = (flags: boolean[]): MeasurementData => ({ kind: 'connectivity', items: flags.map((connected, i) => ({ computerId: u(i + 1), connected, note: '' })) });

// Computers 1–3 active, 4 inactive (its items never count).
const computers = [1, 2, 3, 4].map((n) => computer(n, n !== 4));

const data: PlanData = {
  trainingSettings: DEFAULT_TRAINING_SETTINGS,
  place: 'Municipio de prueba (Departamento)',
  actions: [],
  computers,
  goals: [goal(1, '2026-1', 80), goal(2, '2026', 60), goal(3, '2026-Q2', 50), goal(4, '2026', 1.8), goal(5, '2026', 90), goal(6, '2026', 100)],
  measurements: [
    meas(1, '2026-01', '2026-02-05', conn([true, true, false])), // 66.7
    // February: nothing → missing
    meas(1, '2026-03', '2026-04-20', conn([true, true, true])), // 100, late
    meas(1, '2026-04', '2026-05-03', conn([true, false, false, true])), // 33.3 (computer 4 inactive)
    meas(1, '2026-05', '2026-06-02', conn([true, true, false])), // 66.7
    // June: nothing → missing
    meas(4, '2026', '2026-02-10', { kind: 'budget', gelLineCop: 45_000_000, totalBudgetCop: 3_000_000_000 }), // 1.5
    meas(5, '2026-Q1', '2026-04-08', { kind: 'resources', physical: rr(10, 8), economic: rr(100, 50), human: rr(2, 2) }), // 53.6
    meas(5, '2026-Q2', '2026-07-02', { kind: 'resources', physical: rr(10, 10), economic: rr(100, 100), human: rr(2, 2) }), // 100
  ],
  // 2 of 3 officials trained (66.7 %), 1 of 2 evaluations passed (50 %).
  training: training2026_1(),

  portal: {
    settings: [{ category: 'noticias', frequencyDays: 30 }],
    published: [
      { category: 'contratacion', publishedAt: '2026-03-15T10:00:00-05:00' },
      { category: 'normativa', publishedAt: '2026-01-10T10:00:00-05:00' },
      { category: 'noticias', publishedAt: '2026-04-01T03:00:00Z' },
      { category: 'informacion-tributaria', publishedAt: '2025-06-01T10:00:00-05:00' },
      { category: 'participa', publishedAt: '2026-04-05T10:00:00-05:00' },
    ],
  },
};

const observations = { '1': 'Faltan las mediciones de febrero y junio.', '3': 'Publicar con la frecuencia del manual.' };
const summary = 'El plan avanza; se recomienda registrar las mediciones a tiempo.';
const TODAY = '2026-07-05';
const report = buildPlanReport(data, '2026-1', { observations, summary }, TODAY);

describe('buildPlanReport', () => {
  it('figures per action', () => {
    expect(report.semester).toBe('2026-1');
    expect(report.range).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(report.asOf).toBe(TODAY);
    expect(report.actions.map((a) => [a.number, a.frequency, a.semesterValue, a.secondaryValue, a.goal, a.light])).toEqual([
      [1, 'monthly', 66.7, null, 80, 'yellow'],
      [2, 'semiannual', 66.7, 50, 60, 'green'],
      [3, 'quarterly', 7.7, null, 50, 'red'], // goal from the Q2 goal (no semester or year goal)
      [4, 'annual', 1.5, null, 1.8, 'yellow'],
      [5, 'quarterly', 100, null, 90, 'green'],
      [6, 'annual', null, null, 100, 'none'],
    ]);
    expect(report.actions.map((a) => a.name)).toEqual(PLAN_ACTIONS_SEED.map((a) => a.name));
    expect(report.totals).toEqual({ green: 2, yellow: 2, red: 1, none: 1, missingMeasurements: 2 });
    expect(report.summary).toBe(summary);
    expect(report.actions[0]?.observation).toBe(observations['1']);
    expect(report.actions[1]?.observation).toBe('');
  });

  it('periods of the semester with missing and late flags', () => {
    expect(report.actions[0]?.periods.map((p) => [p.period, p.value, p.goal, p.light, p.late, p.missing])).toEqual([
      ['2026-01', 66.7, 80, 'yellow', false, false],
      ['2026-02', null, 80, 'none', false, true],
      ['2026-03', 100, 80, 'green', true, false],
      ['2026-04', 33.3, 80, 'red', false, false],
      ['2026-05', 66.7, 80, 'yellow', false, false],
      ['2026-06', null, 80, 'none', false, true],
    ]);
    expect(report.actions[2]?.periods.map((p) => [p.period, p.value, p.goal])).toEqual([
      ['2026-Q1', 30.8, null],
      ['2026-Q2', 7.7, 50],
    ]);
    expect(report.actions[4]?.periods.map((p) => [p.period, p.value, p.late])).toEqual([
      ['2026-Q1', 53.6, false],
      ['2026-Q2', 100, false],
    ]);
    expect(report.actions[3]?.periods.map((p) => [p.period, p.missing])).toEqual([['2026', false]]); // due 2026-12-31
  });

  it('is deterministic and independent of input order', () => {
    const shuffled: PlanData = { ...data, goals: [...data.goals].reverse(), measurements: [...data.measurements].reverse() };
    expect(buildPlanReport(shuffled, '2026-1', { observations, summary }, TODAY)).toEqual(report);
  });

  it('without a saved evaluation; a future semester has nothing missing', () => {
    const empty = buildPlanReport(data, '2026-2', null, TODAY);
    expect(empty.summary).toBe('');
    expect(empty.actions.every((a) => a.observation === '')).toBe(true);
    expect(empty.totals.missingMeasurements).toBe(0);
    expect(() => buildPlanReport(data, '2026-Q1', null, TODAY)).toThrow(RangeError);
  });
});

describe('planReportTables', () => {
  const [resumen, detalle] = planReportTables(report);
  it('Resumen: one row per action', () => {
    expect(resumen?.name).toBe('Resumen');
    expect(resumen?.headers[0]).toBe('Semestre');
    expect(resumen?.rows).toHaveLength(6);
    expect(resumen?.rows[0]).toEqual(['2026-1', 1, PLAN_ACTIONS_SEED[0]!.name, '% de Computadores con Conectividad', 'Mensual', 66.7, null, 80, 'Cerca de la meta', 2, observations['1']]);
    expect(resumen?.rows[1]?.slice(4, 9)).toEqual(['Semestral', 66.7, 50, 60, 'Cumple la meta']);
  });
  it('Detalle por periodo: one row per action and period', () => {
    expect(detalle?.name).toBe('Detalle por periodo');
    expect(detalle?.rows).toHaveLength(6 + 1 + 2 + 1 + 2 + 1);
    expect(detalle?.rows[2]).toEqual([1, PLAN_ACTIONS_SEED[0]!.name, '2026-03', '2026-03-01', '2026-03-31', 100, null, 80, 'Cumple la meta', 'Sí', 'No']);
    expect(detalle?.rows[1]?.slice(8)).toEqual(['Sin datos', 'No', 'Sí']);
    const csv = toCsv(detalle!.headers, detalle!.rows);
    expect(csv).toContain('Acción;Nombre;Periodo;Desde;Hasta;Valor (%)');
    expect(csv).toContain(';2026-Q2;2026-04-01;2026-06-30;7,7;;50;No cumple la meta;No;No\r\n');
  });
});

describe('planReportMarkdown', () => {
  const signed = planReportMarkdown(report, { by: 'Marta Gómez', at: '2026-07-11T02:00:00Z' });

  it('a section per action with its figures and observation', () => {
    expect(planReportTitle(report)).toBe('Seguimiento al Plan de Acción de Gobierno en Línea — semestre 1 de 2026');
    expect(signed).toContain('del 2026-01-01 al 2026-06-30');
    expect(signed).toContain('2 cumplen la meta, 2 cerca de la meta, 1 no cumplen la meta, 1 sin datos. Mediciones faltantes: 2.');
    for (const n of [1, 2, 3, 4, 5, 6]) expect(signed).toContain(`## Acción ${n}. `);
    const section = (n: number): string => signed.split(`## Acción ${n}. `)[1]!.split('## ')[0]!;
    expect(section(1)).toContain('- **Valor del semestre:** 66,7 %\n- **Meta:** 80 %\n- **Estado:** Cerca de la meta');
    expect(section(1)).toContain('| febrero de 2026 | sin dato | 80 % | Sin datos | Sin medición |');
    expect(section(1)).toContain('| marzo de 2026 | 100 % | 80 % | Cumple la meta | Registrada tarde |');
    expect(section(1)).toContain(`**Observación de Control Interno:** ${observations['1']}`);
    expect(section(2)).toContain('- **Valor del semestre:** 66,7 %\n- **Evaluaciones superadas:** 50 %\n- **Meta:** 60 %\n- **Estado:** Cumple la meta');
    expect(section(3)).toContain('- **Valor del semestre:** 7,7 %\n- **Meta:** 50 %\n- **Estado:** No cumple la meta');
    expect(section(4)).toContain('- **Valor del semestre:** 1,5 %\n- **Meta:** 1,8 %\n- **Estado:** Cerca de la meta');
    expect(section(5)).toContain('- **Valor del semestre:** 100 %\n- **Meta:** 90 %\n- **Estado:** Cumple la meta');
    expect(section(5)).toContain('| trimestre 1 de 2026 | 53,6 % | 90 % | No cumple la meta | — |');
    expect(section(6)).toContain('- **Valor del semestre:** sin dato\n- **Meta:** 100 %\n- **Estado:** Sin datos');
    expect(section(6)).toContain('**Observación de Control Interno:** Sin observaciones.');
    expect(signed).toContain(`## Conclusiones\n\n${summary}\n`);
  });

  it('signature block with who signed off and when (Bogotá date)', () => {
    const block = signed.split('## Firmas')[1]!;
    expect(block).toContain('| Alcalde Municipal | | |');
    expect(block).toContain('| Comité GEL-T | | |');
    expect(block).toContain('| Oficina de Control Interno | | |');
    expect(block).toContain('Aprobado por la Oficina de Control Interno: **Marta Gómez**, el 2026-07-10.');
    const unsigned = planReportMarkdown(report, null);
    expect(unsigned).toContain('_Pendiente de aprobación por la Oficina de Control Interno._');
    expect(unsigned).not.toContain('Aprobado por');
  });

  it('renders on the portal, with people-written text kept literal', () => {
    const edited = { ...PLAN_ACTIONS_SEED[0]!, id: planActionId(1), municipality: '95200', name: 'Conectividad *total* | <red>' };
    const md = planReportMarkdown(buildPlanReport({ ...data, actions: [edited] }, '2026-1', null, TODAY), null);
    const html = renderMarkdown(md);
    expect(html).toContain('<table');
    expect(html).toContain('Acción 1. Conectividad *total* | &lt;red&gt;');
    expect(html).not.toContain('<em>total</em>');
  });

  it('formats percentages without the host locale', () => {
    expect(formatPct(66.7)).toBe('66,7 %');
    expect(formatPct(100)).toBe('100 %');
    expect(formatPct(null)).toBe('sin dato');
  });
});
