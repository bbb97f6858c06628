import { useEffect, useRef } from 'preact/hooks';
import type { SeriesRow } from '../../shared/plan/plan-indicators';
import { logFailure } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { periodLabel } from '../../shared/plan/periods';

/** A period short enough for an axis tick: «mar 2026» for a month, else its label. */
function shortPeriod(period: string | undefined): string {
  if (!period) return '';
  const label = periodLabel(period);
  return /^\d{4}-\d{2}$/.test(period) ? `${label.slice(0, 3)} ${period.slice(0, 4)}` : label;
}

/**
 * The value over time against the goal. uPlot is loaded here only (a separate chunk), so the
 * rest of the app never downloads it; the same figures are in the table next to it.
 */
export function SeriesChart({ rows, label }: { rows: SeriesRow[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || rows.length === 0) return;
    let plot: { destroy(): void } | null = null;
    let cancelled = false;
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled) return;
      const xs = rows.map((_, i) => i);
      plot = new UPlot(
        {
          width: Math.min(560, el.clientWidth || 320),
          height: 180,
          scales: { x: { time: false }, y: { range: [0, 100] } },
          // The axis and the legend in Spanish: «mar 2026», «Periodo: marzo de 2026» (uPlot's own legend says "Value").
          axes: [{ values: (_u: unknown, ticks: number[]) => ticks.map((i) => shortPeriod(rows[i]?.period)) }, {}],
          series: [
            { label: m.plan.period, value: (_u: unknown, i: number | null) => (i === null || !rows[i] ? '—' : periodLabel(rows[i].period)) },
            { label: m.plan.value, stroke: '#0b6e4f', width: 2, points: { show: true } },
            { label: m.plan.goal, stroke: '#8a4b00', dash: [6, 4], width: 1.5 },
          ],
        },
        [xs, rows.map((r) => r.value), rows.map((r) => r.goal)] as never,
        el,
      );
    }).catch(logFailure('Drawing the chart'));
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [rows]);
  return <div ref={ref} class="chart" role="img" aria-label={label} />;
}
