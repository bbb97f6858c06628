// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeriesRow } from '#shared/plan/plan-indicators';
import { chartGeometry, SeriesChart } from '../../../../src/ui/plan/series-chart';

afterEach(cleanup);

const row = (period: string, value: number | null, goal: number | null): SeriesRow => ({ period, value, secondary: null, goal, light: 'none', late: false, missing: false });

describe('plan series chart', () => {
  it('breaks the value line where a period has no measurement and puts a dot on each measured one', () => {
    const g = chartGeometry([row('2026-01', 40, 50), row('2026-02', null, 50), row('2026-03', 60, 80), row('2026-04', 70, 80)]);
    expect(g.value).toHaveLength(2);
    expect(g.value[1]!.split(' ')).toHaveLength(2);
    expect(g.goal).toHaveLength(1);
    expect(g.dots.map((d) => d.period)).toEqual(['2026-01', '2026-03', '2026-04']);
    // Higher values sit higher (smaller y); x grows with the period.
    expect(g.dots[2]!.y).toBeLessThan(g.dots[0]!.y);
    expect(g.xs).toEqual([...g.xs].sort((a, b) => a - b));
  });

  it('keeps values outside 0–100 on the chart', () => {
    const [low, high] = chartGeometry([row('a', -5, null), row('b', 140, null)]).dots;
    const [zero, hundred] = chartGeometry([row('a', 0, null), row('b', 100, null)]).dots;
    expect(low!.y).toBe(zero!.y);
    expect(high!.y).toBe(hundred!.y);
  });

  it('is an image named by its label, with a Spanish legend, and nothing without rows', () => {
    const { container, unmount } = render(<SeriesChart rows={[row('2026-1', 50, 80)]} label="Conectividad 2026" />);
    expect(screen.getByRole('img', { name: 'Conectividad 2026' })).toBeTruthy();
    expect(container.querySelector('figcaption')?.textContent).toBe('Valor (%)Meta (%)');
    expect(container.querySelectorAll('circle')).toHaveLength(1);
    unmount();
    expect(render(<SeriesChart rows={[]} label="x" />).container.innerHTML).toBe('');
  });
});
