import { useState } from 'preact/hooks';
import type { LocalRecord } from '../../db/database';
import { fileDataSubjectRequest, updateDataSubjectRequest } from '../../modules/habeas/data-subject-requests';
import { todayInBogota } from '#shared/calendar';
import { AppError } from '#shared/errors';
import type { PersonQuery } from '#shared/habeas/api';
import { DSR_RIGHTS, dsrDueDates, dsrState, type DataSubjectRequest, type DsrRight } from '#shared/habeas/data-subject-request';
import { dsrUrgency, type DsrType } from '#shared/habeas/term';
import type { IdType } from '#shared/identity';
import { PQRSD_CHANNELS, type PqrsdChannel } from '#shared/records';
import { onAction } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { idTypeOptions, PERSON_ID_TYPES } from '../common/id-type-options';
import { ErrorText } from '../common/notice';

const t = m.habeas;

function describe(err: unknown): string {
  if (err instanceof AppError && Array.isArray(err.details)) {
    return [err.message, ...(err.details as { message: string }[]).map((d) => d.message)].join(' ');
  }
  return err instanceof Error ? err.message : String(err);
}

const emptyForm = () => ({
  type: 'consulta' as DsrType,
  right: 'conocer' as DsrRight,
  channel: 'presencial' as PqrsdChannel,
  receivedOn: todayInBogota(),
  idType: 'CC' as Exclude<IdType, 'SD'>,
  idNumber: '',
  name: '',
  address: '',
  email: '',
  phone: '',
  description: '',
});

/** Filing a consulta or reclamo on the device (works offline, syncs like everything else). */
function DsrForm() {
  const { db, device } = useServices();
  const [f, setF] = useState(emptyForm);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof ReturnType<typeof emptyForm>) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const input = (k: 'idNumber' | 'name' | 'address' | 'email' | 'phone' | 'receivedOn', label: string, type = 'text') => (
    <div class="field">
      <label for={`dsr-${k}`}>{label}</label>
      <input id={`dsr-${k}`} type={type} value={f[k]} onInput={set(k)} />
    </div>
  );
  async function submit(e: Event) {
    e.preventDefault();
    try {
      const { idType, idNumber, name, address, email, phone, ...rest } = f;
      await fileDataSubjectRequest(db, device, { ...rest, person: { idType, idNumber, name, address, email, phone } });
      setF(emptyForm());
      setMsg({ ok: true, text: t.dsrFiled });
    } catch (err) {
      setMsg({ ok: false, text: describe(err) });
    }
  }
  return (
    <form class="notice-box card" aria-labelledby="dsr-new-title" onSubmit={onAction(submit)}>
      <h4 id="dsr-new-title">{t.dsrNew}</h4>
      <div class="grid">
        <SelectField id="dsr-type" label={t.dsrType} value={f.type} options={t.dsrTypes} onChange={(type) => setF({ ...f, type })} />
        <SelectField id="dsr-right" label={t.right} value={f.right} options={DSR_RIGHTS.map((x) => [x, t.rights[x]] as const)} onChange={(right) => setF({ ...f, right })} />
        <SelectField id="dsr-channel" label={t.channel} value={f.channel} options={PQRSD_CHANNELS} onChange={(channel) => setF({ ...f, channel })} />
        {input('receivedOn', t.receivedOn, 'date')}
        <SelectField id="dsr-idType" label={t.idType} value={f.idType} options={idTypeOptions(PERSON_ID_TYPES)} onChange={(idType) => setF({ ...f, idType })} />
        {input('idNumber', t.idNumber)}
        {input('name', t.name)}
        {input('address', t.address)}
        {input('email', t.email, 'email')}
        {input('phone', t.phone, 'tel')}
      </div>
      <div class="field">
        <label for="dsr-description">{t.description}</label>
        <textarea id="dsr-description" value={f.description} onInput={set('description')} />
      </div>
      <button type="submit" class="primary">
        {t.file}
      </button>
      {msg && (
        <p class={msg.ok ? '' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}
    </form>
  );
}

/** The extension notice or the answer of one request, recorded on the device. */
function StepForm({ r, kind }: { r: LocalRecord<DataSubjectRequest>; kind: 'extend' | 'answer' }) {
  const { db } = useServices();
  const [date, setDate] = useState(todayInBogota());
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `${kind}-${r.id}`;
  async function submit(e: Event) {
    e.preventDefault();
    try {
      const patch = kind === 'extend' ? { extension: { noticeOn: date, reason: text } } : { answer: { answeredOn: date, summary: text } };
      await updateDataSubjectRequest(db, r.id, patch);
    } catch (err) {
      setError(describe(err));
    }
  }
  return (
    <form onSubmit={onAction(submit)} aria-label={kind === 'extend' ? t.extend : t.answer}>
      <div class="grid">
        <div class="field">
          <label for={`${id}-date`}>{kind === 'extend' ? t.noticeOn : t.answerOn}</label>
          <input id={`${id}-date`} type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-text`}>{kind === 'extend' ? t.extensionReason : t.summary}</label>
          <input id={`${id}-text`} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
      </div>
      <button type="submit">{kind === 'extend' ? t.extend : t.answer}</button>
      <ErrorText text={error} />
    </form>
  );
}

function DsrItem({ r, today, onSearch }: { r: LocalRecord<DataSubjectRequest>; today: string; onSearch(q: PersonQuery): void }) {
  const state = dsrState(r, today);
  const term = dsrDueDates(r);
  const dueDate = term?.dueDate ?? null;
  const closed = state === 'respondida' || state === 'trasladada' || state === 'desistida';
  const urgency = dueDate === null ? '' : dsrUrgency(dueDate, closed, today);
  return (
    <li class="card" data-testid="dsr-item">
      <p>
        <strong>
          {r.type === 'consulta' ? 'Consulta' : 'Reclamo'} · {t.rights[r.right]}
        </strong>{' '}
        · {r.redacted ? t.suppressed : `${r.person.name} (${r.person.idType} ${r.person.idNumber})`} · {t.receivedOn} {r.receivedOn} · {t.states[state]}{' '}
        <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
      </p>
      <p class={`due ${urgency}`}>
        {r.answer ? t.answeredOn(r.answer.answeredOn) : dueDate === null ? t.waitingCompletion : urgency === 'overdue' ? t.overdueSince(dueDate) : t.dueOn(dueDate)}
      </p>
      <p class="muted">{r.description}</p>
      <button type="button" onClick={() => onSearch({ idType: r.person.idType, idNumber: r.person.idNumber })}>
        {t.searchPerson}
      </button>
      {state === 'recibida' && <StepForm r={r} kind="extend" />}
      {!closed && state !== 'incompleta' && <StepForm r={r} kind="answer" />}
    </li>
  );
}

/** The list of consultas and reclamos (overdue and due-soon stand out), and the form to file one. */
export function DsrSection({ onSearch }: { onSearch(q: PersonQuery): void }) {
  const { db } = useServices();
  const today = todayInBogota();
  const list = useLiveQuery(() => db.data_subject_request.orderBy('receivedOn').reverse().toArray(), [db], []);
  return (
    <section class="card" aria-labelledby="dsr-title">
      <h3 id="dsr-title">{t.dsrTitle}</h3>
      {list.length === 0 ? (
        <p class="muted">{t.dsrNone}</p>
      ) : (
        <ul class="plain" data-testid="dsr-list">
          {list.map((r) => (
            <DsrItem key={r.id} r={r} today={today} onSearch={onSearch} />
          ))}
        </ul>
      )}
      <DsrForm />
    </section>
  );
}
