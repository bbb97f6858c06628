import { useState } from 'preact/hooks';
import { setGoal } from '../../modules/plan/commands';
import { todayInBogota } from '#shared/calendar';
import { actionSeries, planActionOf } from '#shared/plan/plan-indicators';
import { formatPct } from '#shared/plan/plan-report';
import { periodKey, periodLabel } from '#shared/plan/periods';
import { FREQUENCIES, type ActionNumber } from '#shared/plan/plan-schema';
import { DataTable } from '../common/data-table';
import { InlineNumberForm } from '../common/inline-number-form';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { BudgetForm, ConnectivityCheck, ManualForm, ResourcesForm } from './measurement-forms';
import { Light } from './plan-dashboard';
import { loadPlanData } from './plan-data';
import { SeriesChart } from './series-chart';

const t = m.plan;

function GoalForm({ action, period }: { action: ActionNumber; period: string }) {
  const { db, device } = useServices();
  return (
    <InlineNumberForm
      field="value"
      id="goal"
      label={t.goalFor(periodLabel(period))}
      submitLabel={t.setGoal}
      savedText={t.goalSaved}
      onSave={(value) => setGoal(db, device, action, period, value)}
    />
  );
}

/** One action: its values over the year against the goal, its goals, and the measurement that falls due. */
export function PlanActionPage({ n }: { n: ActionNumber }) {
  const { db, session } = useServices();
  const today = todayInBogota();
  const data = useLiveQuery(() => loadPlanData(db, session.user.municipality), [db, session.user.municipality], null);
  const [period, setPeriod] = useState<string | null>(null);
  if (!data) return null;
  const action = planActionOf(data, n);
  const year = today.slice(0, 4);
  const rows = actionSeries(n, `${year}-01-01`, `${year}-12-31`, data, today);
  const current = period ?? periodKey(action.frequency, today);
  const committee = session.user.role === 'committee' || session.user.role === 'admin';
  return (
    <>
      <section class="card" aria-labelledby="action-title">
        <h2 id="action-title">
          {n}. {action.name}
        </h2>
        <dl class="facts">
          <dt>{t.indicator}</dt>
          <dd>{action.indicator}</dd>
          <dt>{t.benefit}</dt>
          <dd>{action.benefit}</dd>
          <dt>{t.activities}</dt>
          <dd>{action.activities}</dd>
          <dt>{t.responsible}</dt>
          <dd>{action.responsible}</dd>
          <dt>{t.resources}</dt>
          <dd>{action.resources}</dd>
          <dt>{t.frequency}</dt>
          <dd>{FREQUENCIES[action.frequency]}</dd>
        </dl>
        <SeriesChart rows={rows} label={t.chartLabel(action.indicator, year)} />
        <DataTable
          testId="series"
          caption={t.seriesOf(year)}
          rows={rows}
          rowKey={(r) => r.period}
          columns={[
            { label: t.period, cell: (r) => periodLabel(r.period) },
            {
              label: t.value,
              cell: (r) => (
                <>
                  {formatPct(r.value)} {r.late && `(${t.late})`} {r.missing && <strong class="error-text">{t.missing}</strong>}
                </>
              ),
            },
            { label: t.goal, cell: (r) => formatPct(r.goal) },
            { label: t.status, cell: (r) => <Light light={r.light} /> },
          ]}
        />
      </section>
      {committee && (
        <section class="card" aria-labelledby="record-title">
          <h3 id="record-title">{t.record}</h3>
          <SelectField id="period" label={t.period} value={current} options={rows.map((r) => [r.period, periodLabel(r.period)] as const)} onChange={setPeriod} />
          <GoalForm action={n} period={current} />
          {n === 1 && <ConnectivityCheck period={current} />}
          {n === 4 && <BudgetForm period={current} />}
          {n === 5 && <ResourcesForm period={current} />}
          {n === 6 && <ManualForm period={current} />}
          {(n === 2 || n === 3) && <p class="muted">{n === 2 ? t.fromTraining : t.fromPortal}</p>}
        </section>
      )}
    </>
  );
}
