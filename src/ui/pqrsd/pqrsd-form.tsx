import { useState } from 'preact/hooks';
import { fileRequest, type FilingInput } from '../../modules/pqrsd/file-request';
import { AppError } from '../../shared/errors';
import { ID_TYPE_LABELS, ID_TYPES, type IdType } from '../../shared/identity';
import { PQRSD_CHANNELS, PQRSD_TYPES, type PqrsdChannel, type PqrsdType } from '../../shared/records';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';

const EMPTY = {
  type: 'peticion_general' as PqrsdType,
  channel: 'presencial' as PqrsdChannel,
  idType: 'CC' as IdType,
  idNumber: '',
  name: '',
  subject: '',
  description: '',
};

type FieldErrors = Partial<Record<'idNumber' | 'name' | 'subject' | 'description' | 'idType', string>>;

function fieldOf(path: string): keyof FieldErrors | null {
  const last = path.split('.').at(-1);
  return last === 'idNumber' || last === 'name' || last === 'subject' || last === 'description' || last === 'idType'
    ? last
    : null;
}

/** The first screen of citizen requests: filed on the device, synced when the link allows. */
export function PqrsdForm() {
  const { db, device, engine } = useServices();
  const [f, setF] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    const input: FilingInput = {
      type: f.type,
      channel: f.channel,
      receivedAt: new Date().toISOString(),
      citizen: { idType: f.idType, idNumber: f.idType === 'SD' ? '' : f.idNumber, name: f.name },
      subject: f.subject,
      description: f.description,
    };
    try {
      const saved = await fileRequest(db, device, input);
      engine.notifyLocalChange();
      setErrors({});
      setF(EMPTY);
      setNotice({ ok: true, text: m.pqrsd.saved(saved.provisionalNumber) });
    } catch (err) {
      if (!(err instanceof AppError) || !Array.isArray(err.details)) throw err;
      const next: FieldErrors = {};
      for (const d of err.details as { path: string; message: string }[]) {
        const k = fieldOf(d.path);
        if (k && !next[k]) next[k] = d.message;
      }
      setErrors(next);
      setNotice({ ok: false, text: m.pqrsd.invalid });
    }
  }

  const field = (id: keyof FieldErrors, label: string, input: preact.JSX.Element) => (
    <div class="field">
      <label for={id}>{label}</label>
      {input}
      {errors[id] && (
        <p class="field-error" id={`${id}-error`}>
          {errors[id]}
        </p>
      )}
    </div>
  );
  const invalid = (id: keyof FieldErrors) =>
    errors[id] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  return (
    <form class="card" onSubmit={submit} aria-labelledby="pqrsd-form-title" noValidate>
      <h2 id="pqrsd-form-title">{m.pqrsd.newTitle}</h2>
      <div class="grid">
        <div class="field">
          <label for="type">{m.pqrsd.type}</label>
          <select id="type" value={f.type} onChange={set('type')}>
            {Object.entries(PQRSD_TYPES).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
                {v.termDays ? ` (${v.termDays} días hábiles)` : ''}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="channel">{m.pqrsd.channel}</label>
          <select id="channel" value={f.channel} onChange={set('channel')}>
            {Object.entries(PQRSD_CHANNELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {field(
          'idType',
          m.pqrsd.idType,
          <select id="idType" value={f.idType} onChange={set('idType')} {...invalid('idType')}>
            {ID_TYPES.map((t) => (
              <option key={t} value={t}>
                {ID_TYPE_LABELS[t]}
              </option>
            ))}
          </select>,
        )}
        {f.idType !== 'SD' &&
          field(
            'idNumber',
            m.pqrsd.idNumber,
            <input id="idNumber" inputMode="text" autocomplete="off" value={f.idNumber} onInput={set('idNumber')} {...invalid('idNumber')} />,
          )}
        {field('name', m.pqrsd.citizenName, <input id="name" autocomplete="off" value={f.name} onInput={set('name')} {...invalid('name')} />)}
      </div>
      {field('subject', m.pqrsd.subject, <input id="subject" value={f.subject} onInput={set('subject')} {...invalid('subject')} />)}
      {field(
        'description',
        m.pqrsd.description,
        <textarea id="description" rows={4} value={f.description} onInput={set('description')} {...invalid('description')} />,
      )}
      {notice && (
        <p class={notice.ok ? 'success' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="form-notice">
          {notice.text}
        </p>
      )}
      <button type="submit" class="primary">
        {m.pqrsd.submit}
      </button>
    </form>
  );
}
