import { useState } from 'preact/hooks';
import { fileRequest, type FilingInput } from '../../modules/pqrsd/file-request';
import { privacyNotice } from '../../modules/pqrsd/privacy-notice';
import { bogotaLocalDateTime, instantOfBogotaLocal } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { ID_TYPE_LABELS, ID_TYPES, type IdType } from '../../shared/identity';
import { ANONYMOUS_TYPES, PQRSD_CHANNELS, PQRSD_TYPES, type PqrsdChannel, type PqrsdType } from '../../shared/records';
import type { FileRef } from '../../shared/files/file-schema';
import { keepPickedFiles } from '../common/file-picker';
import { onAction } from '../common/action';
import { ErrorText } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { navigate } from '../router';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';

const empty = () => ({
  type: 'peticion_general' as PqrsdType,
  channel: 'presencial' as PqrsdChannel,
  receivedLocal: bogotaLocalDateTime(),
  idType: 'CC' as IdType,
  idNumber: '',
  name: '',
  address: '',
  email: '',
  phone: '',
  subject: '',
  description: '',
  attachments: [] as string[],
  attachmentDraft: '',
  files: [] as FileRef[],
  noticeShown: false,
  /** The notice's version and when the official marked it read: what the request records. */
  noticeShownAs: null as { version: string; shownAt: string } | null,
});
type FormState = ReturnType<typeof empty>;
type FieldId = 'idType' | 'idNumber' | 'name' | 'address' | 'email' | 'phone' | 'subject' | 'description' | 'receivedLocal' | 'noticeShown';
type FieldErrors = Partial<Record<FieldId, string>>;

const PATH_TO_FIELD: Record<string, FieldId> = {
  'citizen.idType': 'idType',
  'citizen.idNumber': 'idNumber',
  'citizen.name': 'name',
  'citizen.address': 'address',
  'citizen.email': 'email',
  'citizen.phone': 'phone',
  subject: 'subject',
  description: 'description',
  receivedAt: 'receivedLocal',
};

/** Filing a citizen request, on the device, with or without a connection. */
export function PqrsdForm() {
  const { db, device } = useServices();
  const [f, setF] = useState<FormState>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const set = (k: keyof FormState) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const anonymous = f.idType === 'SD';
  const aviso = privacyNotice(useMunicipalityProfile());

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.noticeShown) {
      setErrors({ noticeShown: m.pqrsd.noticeRequired });
      setNotice(m.pqrsd.invalid);
      return;
    }
    const input: FilingInput = {
      type: f.type,
      channel: f.channel,
      receivedAt: instantOfBogotaLocal(f.receivedLocal),
      citizen: anonymous
        ? { idType: 'SD', idNumber: '', name: f.name, address: f.address, email: f.email, phone: f.phone }
        : { idType: f.idType, idNumber: f.idNumber, name: f.name, address: f.address, email: f.email, phone: f.phone },
      subject: f.subject,
      description: f.description,
      attachments: f.attachmentDraft.trim() ? [...f.attachments, f.attachmentDraft.trim()] : f.attachments,
      files: f.files,
      privacyNotice: f.noticeShownAs ?? { version: aviso.version, shownAt: new Date().toISOString() },
    };
    try {
      const saved = await fileRequest(db, device, input);
      navigate({ page: 'receipt', id: saved.id });
    } catch (err) {
      if (!(err instanceof AppError) || !Array.isArray(err.details)) throw err;
      const next: FieldErrors = {};
      for (const d of err.details as { path: string; message: string }[]) {
        const k = PATH_TO_FIELD[d.path] ?? (d.path === 'citizen' ? 'idType' : undefined);
        if (k && !next[k]) next[k] = d.message;
      }
      setErrors(next);
      setNotice(m.pqrsd.invalid);
    }
  }

  const describedBy = (id: FieldId) => (errors[id] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {});
  const error = (id: FieldId) =>
    errors[id] ? (
      <p class="field-error" id={`${id}-error`}>
        {errors[id]}
      </p>
    ) : null;
  const text = (id: FieldId & keyof FormState, label: string, props: Record<string, unknown> = {}) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} value={f[id] as string} onInput={set(id)} {...props} {...describedBy(id)} />
      {error(id)}
    </div>
  );

  return (
    <form class="card" onSubmit={onAction(submit)} aria-labelledby="pqrsd-form-title" noValidate>
      <h2 id="pqrsd-form-title">{m.pqrsd.newTitle}</h2>
      <fieldset>
        <legend>{m.pqrsd.requestData}</legend>
        <div class="grid">
          <SelectField
            id="type"
            label={m.pqrsd.type}
            value={f.type}
            options={Object.entries(PQRSD_TYPES).map(([k, v]) => [k, `${v.label} ${v.termDays ? `(${v.termDays} días hábiles)` : '(sin término legal)'}`] as const)}
            onChange={(type) => setF({ ...f, type })}
          />
          <SelectField id="channel" label={m.pqrsd.channel} value={f.channel} options={PQRSD_CHANNELS} onChange={(channel) => setF({ ...f, channel })} />
          {text('receivedLocal', m.pqrsd.receivedAt, { type: 'datetime-local', required: true })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{m.pqrsd.citizen}</legend>
        <div class="grid">
          <div class="field">
            <label for="idType">{m.pqrsd.idType}</label>
            <select id="idType" value={f.idType} onChange={set('idType')} {...describedBy('idType')}>
              {ID_TYPES.map((t) => (
                <option key={t} value={t} disabled={t === 'SD' && !ANONYMOUS_TYPES.includes(f.type)}>
                  {ID_TYPE_LABELS[t]}
                  {t === 'SD' ? ` ${m.pqrsd.onlyDenuncia}` : ''}
                </option>
              ))}
            </select>
            {error('idType')}
          </div>
          {/* Never refused for a missing name, ID or address (DOMAIN.md §7): filed and flagged "incompleta — requerir". */}
          {!anonymous && text('idNumber', m.pqrsd.idNumber, { autocomplete: 'off' })}
          {text('name', anonymous ? m.pqrsd.nameOptional : m.pqrsd.citizenName, { autocomplete: 'off' })}
          {text('address', m.pqrsd.address, { autocomplete: 'off' })}
          {text('email', m.pqrsd.email, { type: 'email', autocomplete: 'off' })}
          {text('phone', m.pqrsd.phone, { type: 'tel', autocomplete: 'off' })}
        </div>
        {!anonymous && <p class="muted">{m.pqrsd.missingDataHint}</p>}
      </fieldset>
      <fieldset>
        <legend>{m.pqrsd.object}</legend>
        {text('subject', m.pqrsd.subject, { required: true })}
        <div class="field">
          <label for="description">{m.pqrsd.description}</label>
          <textarea id="description" rows={5} value={f.description} onInput={set('description')} required {...describedBy('description')} />
          {error('description')}
        </div>
        <div class="field">
          <label for="attachmentDraft">{m.pqrsd.attachments}</label>
          <div class="inline">
            <input id="attachmentDraft" value={f.attachmentDraft} onInput={set('attachmentDraft')} />
            <button
              type="button"
              onClick={() => f.attachmentDraft.trim() && setF({ ...f, attachments: [...f.attachments, f.attachmentDraft.trim()], attachmentDraft: '' })}
            >
              {m.pqrsd.addAttachment}
            </button>
          </div>
          {f.attachments.length > 0 && (
            <ul class="chips">
              {f.attachments.map((a, i) => (
                <li key={`${a}-${i}`}>
                  {a}{' '}
                  <button type="button" class="link" aria-label={`${m.pqrsd.remove} ${a}`} onClick={() => setF({ ...f, attachments: f.attachments.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div class="field">
          <label for="files">{m.pqrsd.files}</label>
          <input
            id="files"
            type="file"
            multiple
            accept="image/*,application/pdf"
            onChange={onAction(async (e) => {
              const refs = await keepPickedFiles(db, e.currentTarget.files);
              setF({ ...f, files: [...f.files, ...refs] });
              setNotice(null);
            }, setNotice)}
          />
          {f.files.length > 0 && (
            <ul class="chips" data-testid="picked-files">
              {f.files.map((x) => (
                <li key={x.hash}>
                  {x.name} ({Math.ceil(x.size / 1024)} KB)
                </li>
              ))}
            </ul>
          )}
        </div>
      </fieldset>
      <fieldset class="notice-box">
        <legend>{aviso.title}</legend>
        {aviso.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <p class="muted">
          {m.pqrsd.noticeVersion} {aviso.version}
        </p>
        <label class="check">
          <input
            type="checkbox"
            id="noticeShown"
            checked={f.noticeShown}
            onChange={(e) => {
              const shown = e.currentTarget.checked;
              setF({ ...f, noticeShown: shown, noticeShownAs: shown ? { version: aviso.version, shownAt: new Date().toISOString() } : null });
            }}
            {...describedBy('noticeShown')}
          />
          {m.pqrsd.noticeShown}
        </label>
        {error('noticeShown')}
      </fieldset>
      <ErrorText text={notice} testId="form-notice" />
      <button type="submit" class="primary">
        {m.pqrsd.submit}
      </button>
    </form>
  );
}
