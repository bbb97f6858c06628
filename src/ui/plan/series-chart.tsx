import type { SeriesRow } from '#shared/plan/plan-indicators';
import { messages as m } from '../i18n/es-CO';
import { periodLabel } from '#shared/plan/periods';

/** A period short enough for an axis tick: «mar 2026» for a month, else its label. */
function shortPeriod(period: string | undefined): string {
  if (!period) return '';
  const label = periodLabel(period);
  return /^\d{4}-\d{2}$/.test(period) ? `${label.slice(0, 3)} ${period.slice(0, 4)}` : label;
}

const W = 560;
const H = 180;
const PAD = { left: 36, right: 12, top: 10, bottom: 28 };
const TICKS = [0, 25, 50, 75, 100];

export interface ChartGeometry {
  /** The x of each period, in the order of the rows. */
  xs: number[];
  /** Polyline points of the measured values (gaps where a period has none) and of the goal. */
  value: string[];
  goal: string[];
  dots: { x: number; y: number; period: string; value: number }[];
}

const yOf = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(100, Math.max(0, v)) / 100);

/** Splits a series into runs of consecutive measured periods, each one polyline. */
function runs(xs: number[], ys: (number | null)[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  ys.forEach((v, i) => {
    if (v === null) {
      if (cur.length > 0) out.push(cur.join(' '));
      cur = [];
    } else cur.push(`${xs[i]!.toFixed(1)},${yOf(v).toFixed(1)}`);
  });
  if (cur.length > 0) out.push(cur.join(' '));
  return out;
}

/** Where everything goes on a 0–100 % chart (pure, so it is tested without a browser). */
export function chartGeometry(rows: readonly SeriesRow[]): ChartGeometry {
  const inner = W - PAD.left - PAD.right;
  const step = rows.length > 1 ? inner / (rows.length - 1) : 0;
  const xs = rows.map((_, i) => PAD.left + (rows.length > 1 ? i * step : inner / 2));
  const dots = rows.flatMap((r, i) => (r.value === null ? [] : [{ x: xs[i]!, y: yOf(r.value), period: r.period, value: r.value }]));
  return { xs, value: runs(xs, rows.map((r) => r.value)), goal: runs(xs, rows.map((r) => r.goal)), dots };
}

/**
 * The value over time against the goal, drawn as SVG (no chart library: on a 256 kbit/s link
 * one costs more than the whole plan screen). The same figures are in the table next to it.
 */
export function SeriesChart({ rows, label }: { rows: SeriesRow[]; label: string }) {
  if (rows.length === 0) return null;
  const g = chartGeometry(rows);
  // Label every period when they fit, else about six of them.
  const every = Math.max(1, Math.ceil(rows.length / 6));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        {TICKS.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={yOf(t)} y2={yOf(t)} class="chart-grid" />
            <text x={PAD.left - 6} y={yOf(t) + 4} text-anchor="end" class="chart-tick">
              {t}
            </text>
          </g>
        ))}
        {rows.map((r, i) =>
          i % every === 0 ? (
            <text key={r.period} x={g.xs[i]} y={H - 8} text-anchor="middle" class="chart-tick">
              {shortPeriod(r.period)}
            </text>
          ) : null,
        )}
        {g.goal.map((p, i) => (
          <polyline key={`g${i}`} points={p} class="chart-goal" />
        ))}
        {g.value.map((p, i) => (
          <polyline key={`v${i}`} points={p} class="chart-value" />
        ))}
        {g.dots.map((d) => (
          <circle key={d.period} cx={d.x} cy={d.y} r={3.5} class="chart-dot" />
        ))}
      </svg>
      <figcaption class="chart-legend">
        <span class="chart-key chart-key-value">{m.plan.value} (%)</span>
        <span class="chart-key chart-key-goal">{m.plan.goal} (%)</span>
      </figcaption>
    </figure>
  );
}
