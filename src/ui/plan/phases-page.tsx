import { useState } from 'preact/hooks';
import { updateLocal } from '../../modules/local-records';
import { PHASE_STATUSES, type GelPhase, type PhaseStatus } from '#shared/plan/plan-schema';
import { onAction } from '../common/action';
import { ErrorText } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const t = m.plan;

function Phase({ p, editable }: { p: GelPhase; editable: boolean }) {
  const { db } = useServices();
  const [criterion, setCriterion] = useState('');
  const [evidence, setEvidence] = useState({ label: '', url: '' });
  const [error, setError] = useState<string | null>(null);
  const save = onAction(async (patch: Partial<GelPhase>, then?: () => void) => {
    await updateLocal(db, 'gel_phase', p.id, patch);
    then?.();
  }, setError);
  return (
    <li class="card" data-testid="phase">
      <h3>
        {p.number}. {p.name} <span class="muted">({p.currentName})</span>
      </h3>
      <p class="muted">{t.deadlines(p.territorialDeadline, p.nationalDeadline)}</p>
      <SelectField<PhaseStatus> id={`st-${p.id}`} label={t.status} value={p.status} disabled={!editable} options={PHASE_STATUSES} onChange={(status) => save({ status })} />
      <fieldset>
        <legend>{t.criteria}</legend>
        {/* Read-only, nothing in it takes the focus: no scrolling box the keyboard could not reach. */}
        <ul class={editable ? 'checklist' : 'checklist unbounded'}>
          {p.criteria.map((c, i) => (
            <li key={`${c.text}-${i}`}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={c.met}
                  disabled={!editable}
                  onChange={(e) => save({ criteria: p.criteria.map((x, j) => (j === i ? { ...x, met: e.currentTarget.checked } : x)) })}
                />
                {c.text}
              </label>
            </li>
          ))}
        </ul>
        {editable && (
          <div class="inline">
            <label class="visually-hidden" for={`cr-${p.id}`}>
              {t.newCriterion}
            </label>
            <input id={`cr-${p.id}`} placeholder={t.newCriterion} value={criterion} onInput={(e) => setCriterion(e.currentTarget.value)} />
            <button type="button" onClick={() => criterion.trim() && save({ criteria: [...p.criteria, { text: criterion.trim(), met: false }] }, () => setCriterion(''))}>
              {t.add}
            </button>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t.evidence}</legend>
        <ul>
          {p.evidence.map((e, i) => (
            <li key={`${e.label}-${i}`}>{/^https?:\/\//.test(e.url) ? <a href={e.url} rel="noopener noreferrer">{e.label}</a> : `${e.label} ${e.url}`}</li>
          ))}
        </ul>
        {editable && (
          <div class="grid">
            <div class="field">
              <label for={`evl-${p.id}`}>{t.evidenceLabel}</label>
              <input id={`evl-${p.id}`} value={evidence.label} onInput={(e) => setEvidence({ ...evidence, label: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for={`evu-${p.id}`}>{t.evidenceUrl}</label>
              <input id={`evu-${p.id}`} value={evidence.url} onInput={(e) => setEvidence({ ...evidence, url: e.currentTarget.value })} />
            </div>
            <button type="button" onClick={() => evidence.label.trim() && save({ evidence: [...p.evidence, evidence] }, () => setEvidence({ label: '', url: '' }))}>
              {t.add}
            </button>
          </div>
        )}
      </fieldset>
      <ErrorText text={error} />
    </li>
  );
}

/** The five Gobierno en Línea phases with their territorial deadlines, criteria and evidence. */
export function PhasesPage() {
  const { db, session } = useServices();
  const phases = useLiveQuery(() => db.gel_phase.orderBy('number').toArray(), [db], []);
  const editable = session.user.role === 'committee' || session.user.role === 'admin';
  return (
    <section aria-labelledby="phases-title">
      <h2 id="phases-title" class="page-title">
        {t.phasesTitle}
      </h2>
      <ol class="plan-actions">
        {phases.map((p) => (
          <Phase key={p.id} p={p} editable={editable} />
        ))}
      </ol>
    </section>
  );
}
