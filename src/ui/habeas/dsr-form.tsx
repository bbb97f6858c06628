import { fileDataSubjectRequest } from '../../modules/habeas/data-subject-requests';
import { todayInBogota } from '#shared/calendar';
import { DSR_RIGHTS, type DsrRight } from '#shared/habeas/data-subject-request';
import type { DsrType } from '#shared/habeas/term';
import type { IdType } from '#shared/identity';
import { PQRSD_CHANNELS, type PqrsdChannel } from '#shared/records';
import { onAction } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { InputField, TextAreaField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { FormNotice } from '../common/notice';
import { useServices } from '../services';
import { idTypeOptions, PERSON_ID_TYPES } from '../common/id-type-options';

const t = m.habeas;

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
type Form = ReturnType<typeof emptyForm>;

/** The schema's person fields sit flat on the form. */
const ALIASES = {
  'person.idType': 'idType',
  'person.idNumber': 'idNumber',
  'person.name': 'name',
  'person.address': 'address',
  'person.email': 'email',
  'person.phone': 'phone',
} as const;

/** Filing a consulta or reclamo on the device (works offline, syncs like everything else). */
export function DsrForm() {
  const { db, device } = useServices();
  const { f, setF, set, clearSaved } = useFormState<Form>(emptyForm());
  const form = useFormErrors(
    {
      type: t.dsrType,
      right: t.right,
      channel: t.channel,
      receivedOn: t.receivedOn,
      idType: t.idType,
      idNumber: t.idNumber,
      name: t.name,
      address: t.address,
      email: t.email,
      phone: t.phone,
      description: t.description,
    },
    ALIASES,
  );
  const input = (k: 'idNumber' | 'name' | 'address' | 'email' | 'phone' | 'receivedOn', label: string, type = 'text', required = false) => (
    <InputField id={`dsr-${k}`} label={label} type={type} required={required} error={form.error(k)} value={f[k]} onInput={set(k)} />
  );
  async function submit(e: Event) {
    e.preventDefault();
    const saved = f;
    const { idType, idNumber, name, address, email, phone, ...rest } = saved;
    await fileDataSubjectRequest(db, device, { ...rest, person: { idType, idNumber, name, address, email, phone } });
    clearSaved(saved, ['type', 'right', 'channel', 'receivedOn', 'idType']);
    form.done(t.dsrFiled);
  }
  return (
    <form ref={form.ref} class="notice-box card" aria-labelledby="dsr-new-title" onSubmit={onAction(submit, form.fail)} noValidate>
      <h4 id="dsr-new-title">{t.dsrNew}</h4>
      <p class="muted">{m.form.requiredNote}</p>
      <div class="grid">
        <SelectField id="dsr-type" label={t.dsrType} value={f.type} options={t.dsrTypes} onChange={(type) => setF((now) => ({ ...now, type }))} />
        <SelectField id="dsr-right" label={t.right} value={f.right} options={DSR_RIGHTS.map((x) => [x, t.rights[x]] as const)} onChange={(right) => setF((now) => ({ ...now, right }))} />
        <SelectField id="dsr-channel" label={t.channel} value={f.channel} options={PQRSD_CHANNELS} onChange={(channel) => setF((now) => ({ ...now, channel }))} />
        {input('receivedOn', t.receivedOn, 'date', true)}
        <SelectField
          id="dsr-idType"
          label={t.idType}
          value={f.idType}
          error={form.error('idType')}
          options={idTypeOptions(PERSON_ID_TYPES)}
          onChange={(idType) => setF((now) => ({ ...now, idType }))}
        />
        {input('idNumber', t.idNumber, 'text', true)}
        {input('name', t.name, 'text', true)}
        {input('address', t.address)}
        {input('email', t.email, 'email')}
        {input('phone', t.phone, 'tel')}
      </div>
      <TextAreaField id="dsr-description" label={t.description} required error={form.error('description')} value={f.description} onInput={set('description')} />
      <FormNotice notice={form.notice} testId="dsr-notice" />
      <button type="submit" class="primary">
        {t.file}
      </button>
    </form>
  );
}
