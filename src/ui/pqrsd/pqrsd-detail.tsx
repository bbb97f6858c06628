import { useState } from 'preact/hooks';
import { recordStep } from '../../modules/pqrsd/record-step';
import { todayInBogota } from '#shared/calendar';
import { AppError } from '#shared/errors';
import { ID_TYPE_LABELS } from '#shared/identity';
import { allowedActions } from '#shared/pqrsd/lifecycle';
import { extensionCap, positiveSilence, transferLimit, VERBAL_CHANNELS } from '#shared/pqrsd/deadlines';
import {
  NOTIFICATION_MEANS,
  PQRSD_ACTION_LABELS,
  PQRSD_STATES,
  type Lifecycle,
  type NotificationMeans,
  type PqrsdAction,
  type PqrsdActionType,
  type PqrsdSettings,
} from '#shared/pqrsd/lifecycle-schema';
import { filingGaps, FILING_GAP_LABELS, PQRSD_CHANNELS, PQRSD_TYPES, type PqrsdChannel } from '#shared/records';
import { formatDate, formatDateTime, messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { SelectField } from '../common/select-field';
import { describedBy, FieldFooter, FieldLabel, InputField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { clearSaved } from '../common/use-form-state';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { FilingNumber } from './pqrsd-list';
import { dependencias } from '../../modules/pqrsd/queries';
import { FileLink } from '../common/file-link';
import { onAction } from '../common/action';
import { FormNotice } from '../common/notice';

// a, b, c: the step's fields in the order STEP_FIELDS shows them; told: the verbal notice box.
type StepForm = { type: PqrsdActionType | ''; date: string; note: string; a: string; b: string; c: string; denied: boolean; told: boolean };

function buildAction(s: StepForm): PqrsdAction {
  switch (s.type) {
    case 'asignar':
      return { type: 'asignar', dependencia: s.a, assignee: s.b };
    case 'prorrogar':
      return { type: 'prorrogar', newDueDate: s.a, reason: s.b };
    case 'trasladar':
      return { type: 'trasladar', authority: s.a, copyToPetitioner: s.b, toldAtOnce: s.told };
    case 'desistimiento_tacito':
    case 'reponer_desistimiento':
      return { type: s.type, act: { number: s.a, date: s.b, notifiedBy: (s.c || 'personal') as NotificationMeans } };
    case 'solicitar_complemento':
      return { type: 'solicitar_complemento', what: s.a };
    case 'responder':
      return { type: 'responder', answer: s.a, denied: s.denied, documentName: s.b.trim() || null, ...(s.c.trim() ? { silenceNote: s.c } : {}) };
    case '':
      throw new AppError('VALIDATION_FAILED', m.steps.choose);
    default:
      return { type: s.type } as PqrsdAction;
  }
}

/** The fields each step asks for: [first field label, second field label]. */
const STEP_FIELDS: Partial<Record<PqrsdActionType, [string, string | null, 'text' | 'date' | 'textarea']>> = {
  asignar: [m.steps.dependencia, m.steps.assignee, 'text'],
  prorrogar: [m.steps.newDueDate, m.steps.reason, 'date'],
  trasladar: [m.steps.authority, m.steps.copyToPetitioner, 'text'],
  desistimiento_tacito: [m.steps.actNumber, m.steps.actDate, 'text'],
  reponer_desistimiento: [m.steps.actNumber, m.steps.actDate, 'text'],
  solicitar_complemento: [m.steps.what, null, 'textarea'],
  responder: [m.steps.answer, m.steps.document, 'textarea'],
};

/** The step's schema paths on the panel's two free fields (`a` first, `b` second) and the step type. */
const STEP_ALIASES: Record<string, 'type' | 'a' | 'b'> = {
  action: 'type',
  'action.type': 'type',
  'action.dependencia': 'a',
  'action.newDueDate': 'a',
  'action.authority': 'a',
  'action.what': 'a',
  'action.answer': 'a',
  'action.assignee': 'b',
  'action.reason': 'b',
  'action.documentName': 'b',
};

function StepPanel({
  requestId,
  allowed,
  l,
  channel,
  settings,
}: {
  requestId: string;
  allowed: PqrsdActionType[];
  l: Lifecycle;
  channel: PqrsdChannel;
  settings: PqrsdSettings;
}) {
  const { db, device, session } = useServices();
  const known = useLiveQuery(() => dependencias(db), [db], [] as string[]);
  const offices = [...new Set([...(session.user.dependencia ? [session.user.dependencia] : []), ...known.filter(Boolean)])].sort();
  const blank: StepForm = { type: '', date: todayInBogota(), note: '', a: '', b: '', c: '', denied: false, told: false };
  const [s, setS] = useState<StepForm>(blank);
  const fields = s.type ? STEP_FIELDS[s.type] : undefined;
  const form = useFormErrors(
    { type: m.steps.step, date: m.steps.date, a: fields?.[0] ?? '', b: fields?.[1] ?? '', note: m.steps.note },
    STEP_ALIASES,
  );
  const isAct = s.type === 'desistimiento_tacito' || s.type === 'reponer_desistimiento';
  const cap = s.type === 'prorrogar' ? extensionCap(l, settings) : null;
  const silence = s.type === 'responder' && s.denied ? positiveSilence(l, s.date, settings) : null;
  const limit = transferLimit(l, settings);

  async function submit(e: Event) {
    e.preventDefault();
    const saved = s;
    await recordStep(db, device, { requestId, date: saved.date, note: saved.note, action: buildAction(saved) });
    form.done(m.steps.saved);
    // Only what was saved is cleared: a step typed while this one was saving stays.
    setS((now) => clearSaved(now, saved, blank));
  }

  if (allowed.length === 0) return <p class="muted">{m.steps.none}</p>;
  return (
    <form ref={form.ref} onSubmit={onAction(submit, form.fail)} aria-labelledby="steps-title" noValidate>
      <p class="muted">{m.form.requiredNote}</p>
      <h3 id="steps-title">{m.steps.title}</h3>
      <div class="grid">
        <SelectField
          id="step-type"
          label={m.steps.step}
          required
          error={form.error('type')}
          value={s.type}
          empty={m.steps.choose}
          options={allowed.map((a) => [a, PQRSD_ACTION_LABELS[a]] as const)}
          onChange={(type) => setS({ ...blank, date: s.date, type })}
        />
        <InputField id="step-date" label={m.steps.date} required error={form.error('date')} type="date" value={s.date} onInput={(e) => setS({ ...s, date: e.currentTarget.value })} />
      </div>
      {cap && (
        <p class="muted" id="step-cap" data-testid="extension-cap">
          {m.steps.cap(cap)}
        </p>
      )}
      {fields && (
        <div class="field">
          <FieldLabel id="step-a" label={fields[0]} required />
          {fields[2] === 'textarea' ? (
            <textarea id="step-a" rows={4} required value={s.a} {...describedBy('step-a', form.error('a'))} onInput={(e) => setS({ ...s, a: e.currentTarget.value })} />
          ) : (
            <input
              id="step-a"
              type={fields[2]}
              required
              value={s.a}
              list={s.type === 'asignar' ? 'known-dependencias' : undefined}
              max={cap ?? undefined}
              aria-invalid={form.error('a') ? true : undefined}
              aria-describedby={[form.error('a') && 'step-a-error', s.type === 'asignar' ? 'step-a-hint' : cap ? 'step-cap' : ''].filter(Boolean).join(' ') || undefined}
              onInput={(e) => setS({ ...s, a: e.currentTarget.value })}
            />
          )}
          <FieldFooter id="step-a" error={form.error('a')} />
          {s.type === 'asignar' && (
            <>
              <datalist id="known-dependencias">
                {offices.map((d) => (
                  <option key={d} value={d} />
                ))}
              </datalist>
              <p id="step-a-hint" class="muted">
                {m.steps.handOver}
              </p>
            </>
          )}
        </div>
      )}
      {fields?.[1] && (
        <InputField
          id="step-b"
          label={fields[1]}
          required={s.type !== 'responder'}
          error={form.error('b')}
          type={isAct ? 'date' : 'text'}
          value={s.b}
          onInput={(e) => setS({ ...s, b: e.currentTarget.value })}
        />
      )}
      {isAct && (
        <SelectField id="step-c" label={m.steps.notifiedBy} value={s.c || 'personal'} options={NOTIFICATION_MEANS} onChange={(c) => setS({ ...s, c })} />
      )}
      {s.type === 'trasladar' && s.date > limit && <p class="muted">{m.steps.transferLateHint(limit)}</p>}
      {s.type === 'trasladar' && VERBAL_CHANNELS.includes(channel) && (
        <label class="check">
          <input type="checkbox" checked={s.told} onChange={(e) => setS({ ...s, told: e.currentTarget.checked })} /> {m.steps.toldAtOnce}
        </label>
      )}
      {s.type === 'responder' && (
        <label class="check">
          <input type="checkbox" checked={s.denied} onChange={(e) => setS({ ...s, denied: e.currentTarget.checked })} /> {m.steps.denied}
        </label>
      )}
      {silence && (
        <div class="field">
          <label for="step-silence">{m.steps.silenceNote}</label>
          <textarea id="step-silence" rows={2} value={s.c} onInput={(e) => setS({ ...s, c: e.currentTarget.value })} />
        </div>
      )}
      <InputField id="step-note" label={m.steps.note} error={form.error('note')} value={s.note} onInput={(e) => setS({ ...s, note: e.currentTarget.value })} />
      <FormNotice notice={form.notice} testId="step-notice" />
      <button type="submit" class="primary" disabled={!s.type}>
        {m.steps.record}
      </button>
    </form>
  );
}

export function PqrsdDetail({ id }: { id: string }) {
  const { db } = useServices();
  const r = useLiveQuery(() => db.pqrsd.get(id), [db, id], undefined);
  const events = useLiveQuery(() => db.pqrsd_event.where('requestId').equals(id).toArray(), [db, id], []);
  const { settings } = useMunicipalityProfile();
  if (!r) return <p class="card">{m.pqrsd.notFound}</p>;
  const l = r.lifecycle;
  const today = todayInBogota();
  const gaps = r.redacted ? [] : filingGaps(r.citizen);
  const silence = positiveSilence(l, today, settings.pqrsd);
  return (
    <article class="card" aria-labelledby="detail-title">
      <h2 id="detail-title">
        <FilingNumber r={r} />
      </h2>
      <p>
        <span class="badge state" data-testid="state">{l.transferLate ? m.steps.transferLate : PQRSD_STATES[l.state]}</span>{' '}
        <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
      </p>
      {gaps.length > 0 && (
        <p class="error-text" data-testid="filing-gaps">
          {m.steps.gaps(gaps.map((g) => FILING_GAP_LABELS[g]).join(', '))}
        </p>
      )}
      {silence && (
        <p class="error-text" data-testid="positive-silence">
          {m.steps.silence(silence.since, silence.deliverBy)}
        </p>
      )}
      <dl class="facts">
        {r.radicado && (
          <>
            <dt>{m.receipt.radicado}</dt>
            <dd class="number" data-testid="detail-radicado">{r.radicado}</dd>
          </>
        )}
        <dt>{m.receipt.provisional}</dt>
        <dd class="number" data-testid="detail-provisional">{r.provisionalNumber}</dd>
        <dt>{m.pqrsd.type}</dt>
        <dd>{PQRSD_TYPES[r.type].label}</dd>
        <dt>{m.pqrsd.channel}</dt>
        <dd>{PQRSD_CHANNELS[r.channel]}</dd>
        <dt>{m.pqrsd.received}</dt>
        <dd>{formatDateTime(r.receivedAt)}</dd>
        <dt>{m.pqrsd.dueDate}</dt>
        <dd data-testid="due-date">{l.dueDate ? formatDate(l.dueDate) : l.state === 'incompleta' ? m.pqrsd.clockStopped : '—'}</dd>
        {l.tacitAct && (
          <>
            <dt>{PQRSD_ACTION_LABELS.desistimiento_tacito}</dt>
            <dd>
              {m.steps.tacitAct(l.tacitAct.number, l.tacitAct.date)} · {NOTIFICATION_MEANS[l.tacitAct.notifiedBy]}
            </dd>
          </>
        )}
        {l.reposicionAct && (
          <>
            <dt>{PQRSD_ACTION_LABELS.reponer_desistimiento}</dt>
            <dd>{m.steps.reposicionAct(l.reposicionAct.number, l.reposicionAct.date)}</dd>
          </>
        )}
        {l.stoppedDays > 0 && (
          <>
            <dt>{m.pqrsd.clockStopped}</dt>
            <dd>{m.steps.stoppedDays(l.stoppedDays)}</dd>
          </>
        )}
        {l.extended && (
          <>
            <dt>{m.pqrsd.extension}</dt>
            <dd>{l.extensionReason}</dd>
          </>
        )}
        {l.dependencia && (
          <>
            <dt>{m.pqrsd.assignedTo}</dt>
            <dd>
              {l.dependencia} · {l.assignee}
            </dd>
          </>
        )}
        <dt>{m.pqrsd.citizen}</dt>
        <dd>
          {r.redacted
            ? m.habeas.suppressed
            : r.citizen.idType === 'SD'
              ? m.pqrsd.anonymous
              : `${r.citizen.name} · ${ID_TYPE_LABELS[r.citizen.idType]} ${r.citizen.idNumber}`}
        </dd>
        <dt>{m.pqrsd.subject}</dt>
        <dd>{r.subject}</dd>
        <dt>{m.pqrsd.description}</dt>
        <dd class="pre">{r.description}</dd>
        {r.attachments.length > 0 && (
          <>
            <dt>{m.pqrsd.attachments}</dt>
            <dd>{r.attachments.join(', ')}</dd>
          </>
        )}
        {r.files.length > 0 && (
          <>
            <dt>{m.pqrsd.files}</dt>
            <dd>
              <ul class="plain" data-testid="request-files">
                {r.files.map((file) => (
                  <li key={file.hash}>
                    <FileLink file={file} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <p>
        <a class="button" href={href({ page: 'receipt', id: r.id })}>
          {m.receipt.open}
        </a>
      </p>
      <h3>{m.steps.history}</h3>
      <ol class="history" data-testid="history">
        <li>
          {m.steps.filed} · {formatDateTime(r.receivedAt)}
        </li>
        {events.map((e) => (
          <li key={e.id}>
            {PQRSD_ACTION_LABELS[e.action.type]} · {formatDate(e.date)} {e.note && `· ${e.note}`} <span class={`badge sync-${e._sync}`}>{m.syncState[e._sync]}</span>
          </li>
        ))}
      </ol>
      <StepPanel requestId={r.id} allowed={allowedActions(l, today, settings.pqrsd)} l={l} channel={r.channel} settings={settings.pqrsd} />
    </article>
  );
}
