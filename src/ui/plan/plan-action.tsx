import { useState } from 'preact/hooks';
import { setGoal } from '../../modules/plan/commands';
import { todayInBogota } from '../../shared/calendar';
import { actionSeries, planActionOf } from '../../shared/plan/plan-indicators';
import { formatPct } from '../../shared/plan/plan-report';
import { periodKey, periodLabel } from '../../shared/plan/periods';
import { FREQUENCIES, type ActionNumber } from '../../shared/plan/plan-schema';
import { describeError } from '../common/form-error';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { BudgetForm, ConnectivityCheck, ManualForm, ResourcesForm } from './measurement-forms';
import { Light } from './plan-dashboard';
import { loadPlanData } from './plan-data';
import { SeriesChart } from './series-chart';

const t = m.plan;

function GoalForm({ action, period }: { action: ActionNumber; period: string }) {
  const { db, device, engine } = useServices();
  const [value, setValue] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      class="inline"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await setGoal(db, device, action, period, Number(value.replace(',', '.')));
          engine.notifyLocalChange();
          setValue('');
          setMsg({ ok: true, text: t.goalSaved });
        } catch (err) {
          setMsg({ ok: false, text: describeError(err) });
        }
      }}
    >
      <label for="goal">{t.goalFor(periodLabel(period))}</label>
      <input id="goal" class="narrow" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit">{t.setGoal}</button>
      {msg && (
        <span class={msg.ok ? 'success' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </span>
      )}
    </form>
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
        <div class="table-wrap">
          <table data-testid="series">
            <caption>{t.seriesOf(year)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.period}</th>
                <th scope="col">{t.value}</th>
                <th scope="col">{t.goal}</th>
                <th scope="col">{t.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.period}>
                  <th scope="row">{periodLabel(r.period)}</th>
                  <td>
                    {formatPct(r.value)} {r.late && `(${t.late})`} {r.missing && <strong class="error-text">{t.missing}</strong>}
                  </td>
                  <td>{formatPct(r.goal)}</td>
                  <td>
                    <Light light={r.light} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {committee && (
        <section class="card" aria-labelledby="record-title">
          <h3 id="record-title">{t.record}</h3>
          <div class="field">
            <label for="period">{t.period}</label>
            <select id="period" value={current} onChange={(e) => setPeriod(e.currentTarget.value)}>
              {rows.map((r) => (
                <option key={r.period} value={r.period}>
                  {periodLabel(r.period)}
                </option>
              ))}
            </select>
          </div>
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
