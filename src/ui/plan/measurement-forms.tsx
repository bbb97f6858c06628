import { useState } from 'preact/hooks';
import { addComputer, recordMeasurement } from '../../modules/plan/commands';
import { MANUAL_MILESTONES, type ActionNumber, type ManualMilestone, type MeasurementData } from '#shared/plan/plan-schema';
import { todayInBogota } from '#shared/calendar';
import { onAction } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { InputField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const t = m.plan;

/** The save button of a measurement form (saving what `data` reads at the click), and the outcome under it. */
function useSaveButton(action: ActionNumber, period: string) {
  const { db, device } = useServices();
  const { notice, done, fail } = useNotice();
  const save = onAction(async (data: MeasurementData) => {
    await recordMeasurement(db, device, { action, period, data });
    done(t.measurementSaved(period));
  }, fail);
  return (data: () => MeasurementData, label: string = t.save) => (
    <>
      <button type="button" class="primary" onClick={() => save(data())}>
        {label}
      </button>
      <FormNotice notice={notice} testId="measurement-notice" />
    </>
  );
}

/** The monthly connectivity check: one row per computer, connected or not, done offline. */
export function ConnectivityCheck({ period }: { period: string }) {
  const { db, device } = useServices();
  const computers = useLiveQuery(() => db.computer.orderBy('dependencia').filter((c) => c.active).toArray(), [db], []);
  const [state, setState] = useState<Record<string, { connected: boolean; note: string }>>({});
  const pc = useFormState({ code: '', dependencia: '' });
  const added = useFormErrors({ code: t.computerCode, dependencia: m.pqrsd.dependencia });
  const saveButton = useSaveButton(1, period);
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
        {computers.length > 0 && saveButton(() => ({ kind: 'connectivity', items: computers.map((c) => ({ computerId: c.id, ...row(c.id) })) }), t.saveCheck)}
      </fieldset>
      <fieldset>
        <legend>{t.addComputer}</legend>
        <form
          ref={added.ref}
          noValidate
          onSubmit={onAction(async (e: Event) => {
            e.preventDefault();
            const saved = pc.f;
            await addComputer(db, device, saved);
            added.done(t.computerAdded(saved.code.trim()));
            // Clear only what was saved: the next code may be typed already while this one was saving.
            // The office stays, for the next computer of the same office.
            pc.clearSaved(saved, ['dependencia']);
          }, added.fail)}
        >
          <div class="grid">
            <InputField id="pc-code" label={t.computerCode} required error={added.error('code')} value={pc.f.code} onInput={pc.set('code')} />
            <InputField id="pc-dep" label={m.pqrsd.dependencia} required error={added.error('dependencia')} value={pc.f.dependencia} onInput={pc.set('dependencia')} />
          </div>
          <button type="submit">{t.addComputer}</button>
          <FormNotice notice={added.notice} testId="computer-error" />
        </form>
      </fieldset>
    </div>
  );
}

export function BudgetForm({ period }: { period: string }) {
  const [f, setF] = useState({ gel: '', total: '' });
  const saveButton = useSaveButton(4, period);
  const num = (s: string) => Number(s.replace(/[^\d]/g, ''));
  return (
    <fieldset>
      <legend>{t.budgetOf(period)}</legend>
      <div class="grid">
        <InputField id="b-gel" label={t.gelLine} inputMode="numeric" value={f.gel} onInput={(e) => setF({ ...f, gel: e.currentTarget.value })} />
        <InputField id="b-total" label={t.totalBudget} inputMode="numeric" value={f.total} onInput={(e) => setF({ ...f, total: e.currentTarget.value })} />
      </div>
      {saveButton(() => ({ kind: 'budget', gelLineCop: num(f.gel), totalBudgetCop: num(f.total) }))}
    </fieldset>
  );
}

export function ResourcesForm({ period }: { period: string }) {
  const kinds = ['physical', 'economic', 'human'] as const;
  const [f, setF] = useState<Record<string, string>>({});
  const saveButton = useSaveButton(5, period);
  const n = (k: string) => Number((f[k] ?? '0').replace(/[^\d.]/g, '')) || 0;
  return (
    <fieldset>
      <legend>{t.resourcesOf(period)}</legend>
      <div class="grid">
        {kinds.flatMap((k) =>
          (['requested', 'assigned'] as const).map((w) => (
            <InputField
              key={`${k}-${w}`}
              id={`r-${k}-${w}`}
              label={t.resource(k, w)}
              inputMode="decimal"
              value={f[`${k}-${w}`] ?? ''}
              onInput={(e) => setF({ ...f, [`${k}-${w}`]: e.currentTarget.value })}
            />
          )),
        )}
      </div>
      {saveButton(() => ({
        kind: 'resources',
        physical: { requested: n('physical-requested'), assigned: n('physical-assigned') },
        economic: { requested: n('economic-requested'), assigned: n('economic-assigned') },
        human: { requested: n('human-requested'), assigned: n('human-assigned') },
      }))}
    </fieldset>
  );
}

export function ManualForm({ period }: { period: string }) {
  const [f, setF] = useState<Record<ManualMilestone, { date: string; document: string }>>({
    drafted: { date: '', document: '' },
    reviewed: { date: '', document: '' },
    adopted: { date: '', document: '' },
  });
  const saveButton = useSaveButton(6, period);
  return (
    <fieldset>
      <legend>{t.manualOf(period)}</legend>
      {(Object.keys(MANUAL_MILESTONES) as ManualMilestone[]).map((k) => (
        <div class="grid" key={k}>
          <InputField
            id={`mm-${k}`}
            label={t.milestoneDate(MANUAL_MILESTONES[k])}
            type="date"
            max={todayInBogota()}
            value={f[k].date}
            onInput={(e) => setF({ ...f, [k]: { ...f[k], date: e.currentTarget.value } })}
          />
          <InputField id={`md-${k}`} label={t.milestoneDoc(MANUAL_MILESTONES[k])} value={f[k].document} onInput={(e) => setF({ ...f, [k]: { ...f[k], document: e.currentTarget.value } })} />
        </div>
      ))}
      {saveButton(() => ({
        kind: 'manual',
        milestones: (Object.keys(f) as ManualMilestone[]).filter((k) => f[k].date).map((k) => ({ milestone: k, date: f[k].date, document: f[k].document })),
      }))}
    </fieldset>
  );
}
