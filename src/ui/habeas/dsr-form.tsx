import { useState } from 'preact/hooks';
import { fileDataSubjectRequest } from '../../modules/habeas/data-subject-requests';
import { todayInBogota } from '#shared/calendar';
import { AppError } from '#shared/errors';
import { DSR_RIGHTS, type DsrRight } from '#shared/habeas/data-subject-request';
import type { DsrType } from '#shared/habeas/term';
import type { IdType } from '#shared/identity';
import { PQRSD_CHANNELS, type PqrsdChannel } from '#shared/records';
import { onAction } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { idTypeOptions, PERSON_ID_TYPES } from '../common/id-type-options';

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
export function DsrForm() {
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

