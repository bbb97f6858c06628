import { useState } from 'preact/hooks';
import { addComputer, recordMeasurement } from '../../modules/plan/commands';
import { MANUAL_MILESTONES, type ActionNumber, type ManualMilestone, type MeasurementData } from '../../shared/plan/plan-schema';
import { todayInBogota } from '../../shared/calendar';
import { describeError } from '../common/form-error';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const t = m.plan;

function useSave(action: ActionNumber, period: string) {
  const { db, device } = useServices();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (data: MeasurementData) => {
    try {
      await recordMeasurement(db, device, { action, period, data });
      setMsg({ ok: true, text: t.measurementSaved(period) });
    } catch (err) {
      setMsg({ ok: false, text: describeError(err) });
    }
  };
  const notice = msg && (
    <p class={msg.ok ? 'success' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="measurement-notice">
      {msg.text}
    </p>
  );
  return { save, notice };
}

/** The monthly connectivity check: one row per computer, connected or not, done offline. */
export function ConnectivityCheck({ period }: { period: string }) {
  const { db, device } = useServices();
  const computers = useLiveQuery(() => db.computer.orderBy('dependencia').filter((c) => c.active).toArray(), [db], []);
  const [state, setState] = useState<Record<string, { connected: boolean; note: string }>>({});
  const [newPc, setNewPc] = useState({ code: '', dependencia: '' });
  const [pcError, setPcError] = useState<string | null>(null);
  const { save, notice } = useSave(1, period);
  const add = async () => {
    const saved = newPc;
    try {
      await addComputer(db, device, saved);
      setPcError(null);
      // Clear only what was saved: the next code may be typed already while this one was saving.
      // The office stays, for the next computer of the same office.
      setNewPc((now) => ({ ...now, code: now.code === saved.code ? '' : now.code }));
    } catch (err) {
      setPcError(describeError(err));
    }
  };
  const row = (id: string) => state[id] ?? { connected: true, note: '' };
  return (
    <div>
      <fieldset>
        <legend>{t.connectivityCheck(period)}</legend>
        {computers.length === 0 && <p class="muted">{t.noComputers}</p>}
        <ul class="records" data-testid="computer-list">
          {computers.map((c) => (
            <li key={c.id} data-testid="computer-row">
              <label class="check">
                <input type="checkbox" checked={row(c.id).connected} onChange={(e) => setState({ ...state, [c.id]: { ...row(c.id), connected: e.currentTarget.checked } })} />
                {c.code} · {c.dependencia} {c.description && `· ${c.description}`} — {t.connected}
              </label>
              <label class="visually-hidden" for={`note-${c.id}`}>
                {t.noteFor(c.code)}
              </label>
              <input id={`note-${c.id}`} placeholder={t.linkNote} value={row(c.id).note} onInput={(e) => setState({ ...state, [c.id]: { ...row(c.id), note: e.currentTarget.value } })} />
            </li>
          ))}
        </ul>
        {computers.length > 0 && (
          <button type="button" class="primary" onClick={() => void save({ kind: 'connectivity', items: computers.map((c) => ({ computerId: c.id, ...row(c.id) })) })}>
            {t.saveCheck}
          </button>
        )}
        {notice}
      </fieldset>
      <fieldset>
        <legend>{t.addComputer}</legend>
        <div class="grid">
          <div class="field">
            <label for="pc-code">{t.computerCode}</label>
            <input id="pc-code" value={newPc.code} onInput={(e) => setNewPc({ ...newPc, code: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="pc-dep">{m.pqrsd.dependencia}</label>
            <input id="pc-dep" value={newPc.dependencia} onInput={(e) => setNewPc({ ...newPc, dependencia: e.currentTarget.value })} />
          </div>
        </div>
        <button type="button" onClick={() => void add()}>
          {t.addComputer}
        </button>
        {pcError && (
          <p class="error" role="alert" data-testid="computer-error">
            {pcError}
          </p>
        )}
      </fieldset>
    </div>
  );
}

export function BudgetForm({ period }: { period: string }) {
  const [f, setF] = useState({ gel: '', total: '' });
  const { save, notice } = useSave(4, period);
  const num = (s: string) => Number(s.replace(/[^\d]/g, ''));
  return (
    <fieldset>
      <legend>{t.budgetOf(period)}</legend>
      <div class="grid">
        <div class="field">
          <label for="b-gel">{t.gelLine}</label>
          <input id="b-gel" inputMode="numeric" value={f.gel} onInput={(e) => setF({ ...f, gel: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="b-total">{t.totalBudget}</label>
          <input id="b-total" inputMode="numeric" value={f.total} onInput={(e) => setF({ ...f, total: e.currentTarget.value })} />
        </div>
      </div>
      <button type="button" class="primary" onClick={() => void save({ kind: 'budget', gelLineCop: num(f.gel), totalBudgetCop: num(f.total) })}>
        {t.save}
      </button>
      {notice}
    </fieldset>
  );
}

export function ResourcesForm({ period }: { period: string }) {
  const kinds = ['physical', 'economic', 'human'] as const;
  const [f, setF] = useState<Record<string, string>>({});
  const { save, notice } = useSave(5, period);
  const n = (k: string) => Number((f[k] ?? '0').replace(/[^\d.]/g, '')) || 0;
  return (
    <fieldset>
      <legend>{t.resourcesOf(period)}</legend>
      <div class="grid">
        {kinds.flatMap((k) =>
          (['requested', 'assigned'] as const).map((w) => (
            <div class="field" key={`${k}-${w}`}>
              <label for={`r-${k}-${w}`}>{t.resource(k, w)}</label>
              <input id={`r-${k}-${w}`} inputMode="decimal" value={f[`${k}-${w}`] ?? ''} onInput={(e) => setF({ ...f, [`${k}-${w}`]: e.currentTarget.value })} />
            </div>
          )),
        )}
      </div>
      <button
        type="button"
        class="primary"
        onClick={() =>
          void save({
            kind: 'resources',
            physical: { requested: n('physical-requested'), assigned: n('physical-assigned') },
            economic: { requested: n('economic-requested'), assigned: n('economic-assigned') },
            human: { requested: n('human-requested'), assigned: n('human-assigned') },
          })
        }
      >
        {t.save}
      </button>
      {notice}
    </fieldset>
  );
}

export function ManualForm({ period }: { period: string }) {
  const [f, setF] = useState<Record<ManualMilestone, { date: string; document: string }>>({
    drafted: { date: '', document: '' },
    reviewed: { date: '', document: '' },
    adopted: { date: '', document: '' },
  });
  const { save, notice } = useSave(6, period);
  return (
    <fieldset>
      <legend>{t.manualOf(period)}</legend>
      {(Object.keys(MANUAL_MILESTONES) as ManualMilestone[]).map((k) => (
        <div class="grid" key={k}>
          <div class="field">
            <label for={`mm-${k}`}>{t.milestoneDate(MANUAL_MILESTONES[k])}</label>
            <input id={`mm-${k}`} type="date" max={todayInBogota()} value={f[k].date} onInput={(e) => setF({ ...f, [k]: { ...f[k], date: e.currentTarget.value } })} />
          </div>
          <div class="field">
            <label for={`md-${k}`}>{t.milestoneDoc(MANUAL_MILESTONES[k])}</label>
            <input id={`md-${k}`} value={f[k].document} onInput={(e) => setF({ ...f, [k]: { ...f[k], document: e.currentTarget.value } })} />
          </div>
        </div>
      ))}
      <button
        type="button"
        class="primary"
        onClick={() =>
          void save({
            kind: 'manual',
            milestones: (Object.keys(f) as ManualMilestone[]).filter((k) => f[k].date).map((k) => ({ milestone: k, date: f[k].date, document: f[k].document })),
          })
        }
      >
        {t.save}
      </button>
      {notice}
    </fieldset>
  );
}
