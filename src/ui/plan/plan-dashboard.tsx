import { todayInBogota } from '#shared/calendar';
import { planStatus, type TrafficLight } from '#shared/plan/plan-indicators';
import { formatPct, LIGHT_LABELS } from '#shared/plan/plan-report';
import { periodLabel } from '#shared/plan/periods';
import { FREQUENCIES } from '#shared/plan/plan-schema';
import { messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { loadPlanData } from './plan-data';

const t = m.plan;

export function Light({ light }: { light: TrafficLight }) {
  return (
    <span class={`light light-${light}`} data-light={light}>
      <span aria-hidden="true">●</span> {LIGHT_LABELS[light]}
    </span>
  );
}

/** Where each of the six actions stands against its goal, and what is due — offline. */
export function PlanDashboard() {
  const { db, session } = useServices();
  const today = todayInBogota();
  const data = useLiveQuery(() => loadPlanData(db, session.user.municipality), [db, session.user.municipality], null);
  if (!data) return null;
  const status = planStatus(data, today);
  const missing = status.reduce((n, s) => n + s.missing.length, 0);
  return (
    <>
      <section class="card" aria-labelledby="plan-title">
        <h2 id="plan-title">{t.title}</h2>
        <p class={missing ? 'warning' : 'muted'} data-testid="plan-missing">
          {t.missingCount(missing)}
        </p>
        <div class="actions">
          <a class="button" href={href({ page: 'plan-phases' })}>
            {t.phases}
          </a>
          <a class="button" href={href({ page: 'plan-report' })}>
            {t.report}
          </a>
        </div>
      </section>
      <ol class="plan-actions">
        {status.map((s) => (
          <li key={s.number} class="card" data-testid={`action-${s.number}`}>
            <h3>
              <a href={href({ page: 'plan-action', n: s.number })}>
                {s.number}. {s.name}
              </a>
            </h3>
            <p class="muted">
              {s.indicator} · {FREQUENCIES[s.frequency]}
            </p>
            <p>
              <strong data-testid="action-value">{formatPct(s.value)}</strong> {s.goal !== null && `${t.against} ${formatPct(s.goal)}`} <Light light={s.light} />
              {s.late && <span class="badge sync-pending">{t.late}</span>}
            </p>
            {s.latestPeriod && <p class="muted">{t.lastMeasured(periodLabel(s.latestPeriod))}</p>}
            {s.currentMissing && <p class="warning">{t.dueNow(periodLabel(s.period), s.dueBy)}</p>}
            {s.missing.length > 0 && (
              <p class="error-text" data-testid="missing-periods">
                {t.missingPeriods(s.missing.map((p) => periodLabel(p.period)).join(', '))}
              </p>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
