import { useState } from 'preact/hooks';
import { fileRequest, filingIssues, type FilingInput } from '../../modules/pqrsd/file-request';
import { privacyNotice } from '../../modules/pqrsd/privacy-notice';
import { bogotaLocalDateTime, instantOfBogotaLocal } from '#shared/calendar';
import { ID_TYPE_LABELS, ID_TYPES, idInputMode, type IdType } from '#shared/identity';
import { ANONYMOUS_TYPES, PQRSD_CHANNELS, PQRSD_TYPES, type PqrsdChannel, type PqrsdType } from '#shared/records';
import type { FileRef } from '#shared/files/file-schema';
import { keepPickedFiles } from '../common/file-picker';
import { onAction } from '../common/action';
import { FormNotice } from '../common/notice';
import { describedBy, FieldFooter, InputField, TextAreaField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { messages as m } from '../i18n/es-CO';
import { navigate } from '../router';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { SelectField, type SelectOptions } from '../common/select-field';
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
type FieldId = 'type' | 'channel' | 'receivedLocal' | 'idType' | 'idNumber' | 'name' | 'address' | 'email' | 'phone' | 'subject' | 'description' | 'noticeShown';

/** The schema's paths that land on this form's inputs (the rest have the same name). */
const ALIASES: Record<string, FieldId> = {
  'citizen.idType': 'idType',
  'citizen.idNumber': 'idNumber',
  'citizen.name': 'name',
  'citizen.address': 'address',
  'citizen.email': 'email',
  'citizen.phone': 'phone',
  citizen: 'idType',
  receivedAt: 'receivedLocal',
  privacyNotice: 'noticeShown',
};

/** Filing a citizen request, on the device, with or without a connection. */
export function PqrsdForm() {
  const { db, device } = useServices();
  const [f, setF] = useState<FormState>(empty);
  const anonymous = f.idType === 'SD';
  const aviso = privacyNotice(useMunicipalityProfile());
  const form = useFormErrors<FieldId>(
    {
      type: m.pqrsd.type,
      channel: m.pqrsd.channel,
      receivedLocal: m.pqrsd.receivedAt,
      idType: m.pqrsd.idType,
      idNumber: m.pqrsd.idNumber,
      name: anonymous ? m.pqrsd.nameOptional : m.pqrsd.citizenName,
      address: m.pqrsd.address,
      email: m.pqrsd.email,
      phone: m.pqrsd.phone,
      subject: m.pqrsd.subject,
      description: m.pqrsd.description,
      noticeShown: m.pqrsd.noticeShownLabel,
    },
    ALIASES,
  );
  const set = (k: keyof FormState) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
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
    // Every refusal at once: the schema's and the notice's, each under its field.
    const issues = [...filingIssues(input), ...(f.noticeShown ? [] : [{ path: 'noticeShown', message: m.pqrsd.noticeRequired }])];
    if (issues.length > 0) return form.showIssues(issues);
    const saved = await fileRequest(db, device, input);
    navigate({ page: 'receipt', id: saved.id });
  }

  const text = (id: FieldId & keyof FormState, label: string, props: Record<string, unknown> = {}) => (
    <InputField id={id} label={label} value={f[id] as string} onInput={set(id)} error={form.error(id)} {...props} />
  );
  const select = <K extends 'type' | 'channel' | 'idType'>(id: K, label: string, options: SelectOptions, disabledOptions?: readonly string[]) => (
    <SelectField id={id} label={label} required value={f[id]} error={form.error(id)} options={options} disabledOptions={disabledOptions} onChange={(v) => setF({ ...f, [id]: v })} />
  );

  return (
    <form ref={form.ref} class="card" onSubmit={onAction(submit, form.fail)} aria-labelledby="pqrsd-form-title" noValidate>
      <h2 id="pqrsd-form-title">{m.pqrsd.newTitle}</h2>
      <p class="muted">{m.form.requiredNote}</p>
      <fieldset>
        <legend>{m.pqrsd.requestData}</legend>
        <div class="grid">
          {select('type', m.pqrsd.type, Object.entries(PQRSD_TYPES).map(([k, v]) => [k, `${v.label} ${v.termDays ? `(${v.termDays} días hábiles)` : '(sin término legal)'}`] as const))}
          {select('channel', m.pqrsd.channel, PQRSD_CHANNELS)}
          {text('receivedLocal', m.pqrsd.receivedAt, { type: 'datetime-local', required: true })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{m.pqrsd.citizen}</legend>
        <div class="grid">
          {select(
            'idType',
            m.pqrsd.idType,
            ID_TYPES.map((t) => [t, `${ID_TYPE_LABELS[t]}${t === 'SD' ? ` ${m.pqrsd.onlyDenuncia}` : ''}`] as const),
            ANONYMOUS_TYPES.includes(f.type) ? [] : ['SD'],
          )}
          {/* Never refused for a missing name, ID or address (DOMAIN.md §7): filed and flagged "incompleta — requerir". */}
          {!anonymous && text('idNumber', m.pqrsd.idNumber, { autocomplete: 'off', inputMode: idInputMode(f.idType) })}
          {text('name', anonymous ? m.pqrsd.nameOptional : m.pqrsd.citizenName, { autocomplete: 'off' })}
          {text('address', m.pqrsd.address, { autocomplete: 'off' })}
          {text('email', m.pqrsd.email, { type: 'email', autocomplete: 'off' })}
          {text('phone', m.pqrsd.phone, { type: 'tel', autocomplete: 'off' })}
        </div>
        {!anonymous && <p class="muted">{m.pqrsd.missingDataHint}</p>}
      </fieldset>
      <fieldset>
        <legend>{m.pqrsd.object}</legend>
        {text('subject', m.pqrsd.subject, { required: true, maxLength: 200 })}
        <TextAreaField id="description" label={m.pqrsd.description} rows={5} value={f.description} onInput={set('description')} required error={form.error('description')} />
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
              form.clear();
            }, form.fail)}
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
        <label class="check required-mark">
          <input
            type="checkbox"
            id="noticeShown"
            checked={f.noticeShown}
            required
            onChange={(e) => {
              const shown = e.currentTarget.checked;
              setF({ ...f, noticeShown: shown, noticeShownAs: shown ? { version: aviso.version, shownAt: new Date().toISOString() } : null });
            }}
            {...describedBy('noticeShown', form.error('noticeShown'))}
          />
          {m.pqrsd.noticeShown}
        </label>
        <FieldFooter id="noticeShown" error={form.error('noticeShown')} />
      </fieldset>
      <FormNotice notice={form.notice} testId="form-notice" />
      <button type="submit" class="primary">
        {m.pqrsd.submit}
      </button>
    </form>
  );
}
