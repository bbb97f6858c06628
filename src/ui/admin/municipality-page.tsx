import { useEffect, useState } from 'preact/hooks';
import { saveProfile, type ProfileForm } from '../../modules/municipality/commands';
import { AppError } from '#shared/errors';
import { isLogoDataUrl, LOGO_MAX_BYTES, type MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { onAction } from '../common/action';
import { CheckField } from '../common/check-field';
import { describeError } from '../common/form-error';
import { messages as m } from '../i18n/es-CO';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { useServices } from '../services';

const t = m.municipality;
type TextField = 'name' | 'department' | 'entityName' | 'address' | 'phone' | 'email' | 'dataController' | 'policyUrl' | 'portalUrl';
const TEXT_FIELDS: [TextField, string, string?][] = [
  ['name', t.name],
  ['department', t.department],
  ['entityName', t.entityName, t.entityNameHint],
  ['address', t.address],
  ['phone', t.phone],
  ['email', t.email],
  ['dataController', t.dataController],
  ['policyUrl', t.policyUrl, t.noticeHint],
  ['portalUrl', t.portalUrl],
];

const formOf = ({ id: _id, municipality: _m, ...rest }: MunicipalityProfile): ProfileForm => rest;

function readLogo(file: File): Promise<string | null> {
  if (file.size > LOGO_MAX_BYTES) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(isLogoDataUrl(String(reader.result)) ? String(reader.result) : null);
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(file);
  });
}

/** The admin's screen: the municipality's profile and the rules DOMAIN.md leaves to it. */
export function MunicipalityPage() {
  const { db, session } = useServices();
  const profile = useMunicipalityProfile();
  const [f, setF] = useState<ProfileForm>(() => formOf(profile));
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  // The profile arrives from the device's database after the first render: follow it until edited.
  useEffect(() => {
    if (!touched) setF(formOf(profile));
  }, [profile, touched]);
  if (session.user.role !== 'admin') return <p class="card">{t.onlyAdmin}</p>;

  const edit = (next: ProfileForm) => {
    setTouched(true);
    setF(next);
  };
  const pqrsd = (patch: Partial<ProfileForm['settings']['pqrsd']>) => edit({ ...f, settings: { ...f.settings, pqrsd: { ...f.settings.pqrsd, ...patch } } });
  const training = (patch: Partial<ProfileForm['settings']['training']>) => edit({ ...f, settings: { ...f.settings, training: { ...f.settings.training, ...patch } } });
  const err = (id: string) => (errors[id] ? <p class="field-error" id={`${id}-error`}>{errors[id]}</p> : null);
  const aria = (id: string, hint?: boolean) => ({
    ...(errors[id] ? { 'aria-invalid': true } : {}),
    'aria-describedby': [errors[id] ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined,
  });

  async function submit(e: Event) {
    e.preventDefault();
    setErrors({});
    setStatus(null);
    try {
      const changed = await saveProfile(db, profile, f);
      setTouched(false);
      setStatus({ ok: true, text: changed ? t.saved : t.unchanged });
    } catch (caught) {
      const issues = caught instanceof AppError && Array.isArray(caught.details) ? (caught.details as { path: string; message: string }[]) : [];
      setErrors(Object.fromEntries(issues.map((i) => [i.path.split('.').at(-1) ?? i.path, i.message])));
      setStatus({ ok: false, text: describeError(caught) });
    }
  }

  return (
    <form class="card" onSubmit={onAction(submit)} noValidate aria-labelledby="muni-title" data-testid="municipality-form">
      <h2 id="muni-title">{t.title}</h2>
      <p class="muted">{t.intro}</p>
      <fieldset>
        <legend>{t.profile}</legend>
        <p>
          {t.code}: <strong>{profile.municipality}</strong>
        </p>
        {TEXT_FIELDS.map(([id, label, hint]) => (
          <div key={id}>
            <label for={id}>{label}</label>
            <input id={id} value={f[id]} onInput={(e) => edit({ ...f, [id]: e.currentTarget.value })} {...aria(id, !!hint)} />
            {hint && <p id={`${id}-hint`} class="muted">{hint}</p>}
            {err(id)}
          </div>
        ))}
        <label for="logo">{t.logo}</label>
        {f.logo && <img class="entity-logo" src={f.logo} alt="" />}
        <input
          id="logo"
          type="file"
          accept="image/png,image/jpeg"
          onChange={onAction(async (e: Event) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (!file) return;
            const logo = await readLogo(file);
            if (logo) edit({ ...f, logo });
            setErrors({ ...errors, logo: logo ? '' : t.logoInvalid });
          })}
          {...aria('logo')}
        />
        {f.logo && (
          <button type="button" onClick={() => edit({ ...f, logo: null })}>
            {t.removeLogo}
          </button>
        )}
        {err('logo')}
      </fieldset>
      <fieldset>
        <legend>{t.rules}</legend>
        <CheckField id="saturday" label={t.saturday} hint={t.saturdayHelp} checked={f.settings.pqrsd.saturdayIsBusinessDay} onChange={(saturdayIsBusinessDay) => pqrsd({ saturdayIsBusinessDay })} />
        <label for="extensionCap">{t.extensionCap}</label>
        <select id="extensionCap" value={f.settings.pqrsd.extensionCap} onChange={(e) => pqrsd({ extensionCap: e.currentTarget.value as 'total' | 'extra' })} aria-describedby="extensionCap-hint">
          <option value="total">{t.extensionCaps.total}</option>
          <option value="extra">{t.extensionCaps.extra}</option>
        </select>
        <p id="extensionCap-hint" class="muted">{t.extensionCapHelp}</p>
        <CheckField id="afterHours" label={t.afterHours} hint={t.afterHoursHelp} checked={f.settings.pqrsd.afterHoursFromNextBusinessDay} onChange={(afterHoursFromNextBusinessDay) => pqrsd({ afterHoursFromNextBusinessDay })} />
        <CheckField id="excused" label={t.excused} hint={t.excusedHelp} checked={f.settings.training.excusedCountAsAttended} onChange={(excusedCountAsAttended) => training({ excusedCountAsAttended })} />
        <label for="minAttendanceShare">{t.threshold}</label>
        <input
          id="minAttendanceShare"
          type="number"
          min={0}
          max={100}
          step={1}
          value={Math.round(f.settings.training.minAttendanceShare * 100)}
          onInput={(e) => training({ minAttendanceShare: Number(e.currentTarget.value) / 100 })}
          {...aria('minAttendanceShare', true)}
        />
        <p id="minAttendanceShare-hint" class="muted">{t.thresholdHelp}</p>
        {err('minAttendanceShare')}
      </fieldset>
      <button type="submit" class="primary">
        {t.save}
      </button>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} class={status.ok ? '' : 'error'} data-testid="municipality-status">
          {status.text}
        </p>
      )}
    </form>
  );
}
