import { useRef, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import type { Dossier, PersonQuery, RectifyChanges } from '#shared/habeas/api';
import type { DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { onAction } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { habeasApi } from './habeas-api';

const t = m.habeas;

interface ActionProps {
  query: PersonQuery;
  dossier: Dossier;
  onDone(message: string): void;
  onError(message: string): void;
}

/** The data-subject request a correction or suppression answers (kept in the audit entry). */
function DsrLink({ id, dossier, value, onChange }: { id: string; dossier: Dossier; value: string; onChange(v: string): void }) {
  const options = dossier.dataSubjectRequests.map((x) => {
    const r = x.data as unknown as DataSubjectRequest;
    return [x.id, `${r.type === 'consulta' ? 'Consulta' : 'Reclamo'} ${r.receivedOn} · ${t.rights[r.right]}`] as const;
  });
  return <SelectField id={id} label={t.linkedDsr} value={value} empty={t.noLink} options={options} onChange={onChange} />;
}

function ReasonField({ id, value, onChange }: { id: string; value: string; onChange(v: string): void }) {
  return (
    <div class="field">
      <label for={id}>{t.reason}</label>
      <input id={id} value={value} required minLength={5} maxLength={500} aria-describedby={`${id}-hint`} onInput={(e) => onChange(e.currentTarget.value)} />
      <p class="muted" id={`${id}-hint`}>
        {t.reasonHint}
      </p>
    </div>
  );
}

/** Correct name and contact data on every record of the person, in one server transaction. */
export function RectifyForm({ query, dossier, onDone, onError }: ActionProps) {
  const api = habeasApi(useServices().api);
  const [f, setF] = useState({ name: '', address: '', email: '', phone: '', reason: '', dsrId: '' });
  const field = (k: 'name' | 'address' | 'email' | 'phone', label: string, type = 'text') => (
    <div class="field">
      <label for={`rectify-${k}`}>{label}</label>
      <input id={`rectify-${k}`} type={type} value={f[k]} autoComplete="off" onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
    </div>
  );
  async function submit(e: Event) {
    e.preventDefault();
    // An empty box means "no change"; to delete a contact datum, suppression is the way.
    const changes: RectifyChanges = {};
    for (const k of ['name', 'address', 'email', 'phone'] as const) if (f[k].trim()) changes[k] = f[k].trim();
    if (Object.keys(changes).length === 0) return onError(t.nothingToRectify);
    try {
      const r = await api.rectify({ ...query, changes, reason: f.reason, dsrId: f.dsrId || null });
      setF({ name: '', address: '', email: '', phone: '', reason: '', dsrId: '' });
      onDone(t.rectified(r.updated.length));
    } catch (err) {
      onError(errorText(err));
    }
  }
  return (
    <form class="notice-box card" aria-labelledby="rectify-title" onSubmit={onAction(submit)}>
      <h4 id="rectify-title">{t.rectifyTitle}</h4>
      <p class="muted">{t.rectifyIntro}</p>
      <div class="grid">
        {field('name', t.name)}
        {field('address', t.address)}
        {field('email', t.email, 'email')}
        {field('phone', t.phone, 'tel')}
      </div>
      <ReasonField id="rectify-reason" value={f.reason} onChange={(reason) => setF({ ...f, reason })} />
      <DsrLink id="rectify-dsr" dossier={dossier} value={f.dsrId} onChange={(dsrId) => setF({ ...f, dsrId })} />
      <button type="submit" class="primary">
        {t.rectify}
      </button>
    </form>
  );
}

/** Suppression of the selected records, after an explicit confirmation. */
export function AnonymiseForm({ query, dossier, selected, onDone, onError }: ActionProps & { selected: string[] }) {
  const api = habeasApi(useServices().api);
  const [reason, setReason] = useState('');
  const [dsrId, setDsrId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  function ask(e: Event) {
    e.preventDefault();
    if (selected.length === 0) return onError(t.nothingSelected);
    setConfirming(true);
    setTimeout(() => dialog.current?.focus(), 0);
  }
  function close() {
    setConfirming(false);
    setTimeout(() => opener.current?.focus(), 0);
  }
  async function confirm() {
    try {
      const r = await api.anonymise({ ...query, reason, recordIds: selected, dsrId: dsrId || null });
      const kept = r.kept.map((k) => t.keptWhy(k.label ?? k.id, k.why));
      setReason('');
      onDone(
        [
          t.anonymised(r.anonymised.length),
          ...(r.files.deleted > 0 ? [t.filesDeleted(r.files.deleted)] : []),
          ...(r.files.kept > 0 ? [t.filesKept(r.files.kept)] : []),
          ...kept,
          ...(r.mentions.length > 0 ? [t.mentionsLeft(r.mentions.length)] : []),
        ].join(' '),
      );
    } catch (err) {
      onError(errorText(err));
    }
    close();
  }
  return (
    <form class="notice-box card" aria-labelledby="anonymise-title" onSubmit={ask}>
      <h4 id="anonymise-title">{t.anonymiseTitle}</h4>
      <p class="muted">{t.anonymiseIntro}</p>
      <ReasonField id="anonymise-reason" value={reason} onChange={setReason} />
      <DsrLink id="anonymise-dsr" dossier={dossier} value={dsrId} onChange={setDsrId} />
      <button type="submit" ref={opener}>
        {t.anonymise}
      </button>
      {confirming && (
        <div class="card warning" role="alertdialog" aria-modal="false" aria-labelledby="anonymise-confirm-title" aria-describedby="anonymise-confirm-text" tabIndex={-1} ref={dialog}
          onKeyDown={(e) => e.key === 'Escape' && close()}>
          <h5 id="anonymise-confirm-title">{t.confirmTitle}</h5>
          <p id="anonymise-confirm-text">{t.confirmText(selected.length)}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={onAction(confirm)}>
              {t.confirm}
            </button>
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
