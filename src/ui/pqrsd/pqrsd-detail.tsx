import { useState } from 'preact/hooks';
import { recordStep } from '../../modules/pqrsd/record-step';
import { todayInBogota } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { ID_TYPE_LABELS } from '../../shared/identity';
import { allowedActions } from '../../shared/pqrsd/lifecycle';
import { PQRSD_ACTION_LABELS, PQRSD_STATES, type PqrsdAction, type PqrsdActionType } from '../../shared/pqrsd/lifecycle-schema';
import { PQRSD_CHANNELS, PQRSD_TYPES } from '../../shared/records';
import { errorMessage, formatDateTime, messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { SelectField } from '../common/select-field';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { FilingNumber } from './pqrsd-list';
import { dependencias } from '../../modules/pqrsd/queries';
import { FileLink } from '../common/file-link';
import { onAction } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';

type StepForm = { type: PqrsdActionType | ''; date: string; note: string; a: string; b: string; denied: boolean };

function buildAction(s: StepForm): PqrsdAction {
  switch (s.type) {
    case 'asignar':
      return { type: 'asignar', dependencia: s.a, assignee: s.b };
    case 'prorrogar':
      return { type: 'prorrogar', newDueDate: s.a, reason: s.b };
    case 'trasladar':
      return { type: 'trasladar', authority: s.a };
    case 'solicitar_complemento':
      return { type: 'solicitar_complemento', what: s.a };
    case 'responder':
      return { type: 'responder', answer: s.a, denied: s.denied, documentName: s.b.trim() || null };
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
  trasladar: [m.steps.authority, null, 'text'],
  solicitar_complemento: [m.steps.what, null, 'textarea'],
  responder: [m.steps.answer, m.steps.document, 'textarea'],
};

function StepPanel({ requestId, allowed }: { requestId: string; allowed: PqrsdActionType[] }) {
  const { db, device, engine, session } = useServices();
  const known = useLiveQuery(() => dependencias(db), [db], [] as string[]);
  const offices = [...new Set([...(session.user.dependencia ? [session.user.dependencia] : []), ...known.filter(Boolean)])].sort();
  const blank: StepForm = { type: '', date: todayInBogota(), note: '', a: '', b: '', denied: false };
  const [s, setS] = useState<StepForm>(blank);
  const { notice, done, fail } = useNotice();
  const fields = s.type ? STEP_FIELDS[s.type] : undefined;

  async function submit(e: Event) {
    e.preventDefault();
    try {
      await recordStep(db, device, { requestId, date: s.date, note: s.note, action: buildAction(s) });
      engine.notifyLocalChange();
      done(m.steps.saved);
      setS(blank);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = Array.isArray(err.details) ? (err.details as { message: string }[]).map((d) => d.message).join(' ') : '';
      fail(err.code === 'VALIDATION_FAILED' ? `${m.pqrsd.invalid} ${details}` : err.message || errorMessage(err.code));
    }
  }

  if (allowed.length === 0) return <p class="muted">{m.steps.none}</p>;
  return (
    <form onSubmit={onAction(submit)} aria-labelledby="steps-title" noValidate>
      <h3 id="steps-title">{m.steps.title}</h3>
      <div class="grid">
        <SelectField
          id="step-type"
          label={m.steps.step}
          value={s.type}
          empty={m.steps.choose}
          options={allowed.map((a) => [a, PQRSD_ACTION_LABELS[a]] as const)}
          onChange={(type) => setS({ ...blank, date: s.date, type })}
        />
        <InputField id="step-date" label={m.steps.date} type="date" value={s.date} onInput={(e) => setS({ ...s, date: e.currentTarget.value })} />
      </div>
      {fields && (
        <div class="field">
          <label for="step-a">{fields[0]}</label>
          {fields[2] === 'textarea' ? (
            <textarea id="step-a" rows={4} value={s.a} onInput={(e) => setS({ ...s, a: e.currentTarget.value })} />
          ) : (
            <input
              id="step-a"
              type={fields[2]}
              value={s.a}
              list={s.type === 'asignar' ? 'known-dependencias' : undefined}
              aria-describedby={s.type === 'asignar' ? 'step-a-hint' : undefined}
              onInput={(e) => setS({ ...s, a: e.currentTarget.value })}
            />
          )}
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
        <InputField id="step-b" label={fields[1]} value={s.b} onInput={(e) => setS({ ...s, b: e.currentTarget.value })} />
      )}
      {s.type === 'responder' && (
        <label class="check">
          <input type="checkbox" checked={s.denied} onChange={(e) => setS({ ...s, denied: e.currentTarget.checked })} /> {m.steps.denied}
        </label>
      )}
      <InputField id="step-note" label={m.steps.note} value={s.note} onInput={(e) => setS({ ...s, note: e.currentTarget.value })} />
      <FormNotice notice={notice} testId="step-notice" />
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
  if (!r) return <p class="card">{m.pqrsd.notFound}</p>;
  const l = r.lifecycle;
  const today = todayInBogota();
  return (
    <article class="card" aria-labelledby="detail-title">
      <h2 id="detail-title">
        <FilingNumber r={r} />
      </h2>
      <p>
        <span class="badge state" data-testid="state">{PQRSD_STATES[l.state]}</span> <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
      </p>
      <dl class="facts">
        <dt>{m.pqrsd.type}</dt>
        <dd>{PQRSD_TYPES[r.type].label}</dd>
        <dt>{m.pqrsd.channel}</dt>
        <dd>{PQRSD_CHANNELS[r.channel]}</dd>
        <dt>{m.pqrsd.received}</dt>
        <dd>{formatDateTime(r.receivedAt)}</dd>
        <dt>{m.pqrsd.dueDate}</dt>
        <dd data-testid="due-date">{l.dueDate ?? (l.state === 'incompleta' ? m.pqrsd.clockStopped : '—')}</dd>
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
            {PQRSD_ACTION_LABELS[e.action.type]} · {e.date} {e.note && `· ${e.note}`} <span class={`badge sync-${e._sync}`}>{m.syncState[e._sync]}</span>
          </li>
        ))}
      </ol>
      <StepPanel requestId={r.id} allowed={allowedActions(l, today)} />
    </article>
  );
}
