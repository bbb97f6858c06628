import { useState } from 'preact/hooks';
import type { LocalRow } from '../../db/database';
import { addOfficial, setOfficialActive } from '../../modules/training/commands';
import { updateLocal } from '../../modules/local-records';
import { todayInBogota } from '#shared/calendar';
import { ID_TYPE_LABELS } from '#shared/identity';
import type { OfficialIdType } from '#shared/training/training-schema';
import { onAction } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';
import { InputField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { OfficialIdentityFields } from './official-identity-fields';
import { EntryForm } from '../common/entry-form';

const t = m.training;

/** The officials' roster: admins add and retire officials and confirm walk-ins. */
export function RosterPage() {
  const { db, device, session } = useServices();
  // undefined until read: an empty roster is said only once it is known to be empty.
  const loaded = useLiveQuery<LocalRow<'official'>[] | undefined>(() => db.official.orderBy('fullName').toArray(), [db], undefined);
  const officials = loaded ?? [];
  const isAdmin = session.user.role === 'admin';
  const blank = { idType: 'CC' as OfficialIdType, idNumber: '', fullName: '', dependencia: '', position: '', activeSince: '' };
  const { f, setF, set, clearSaved } = useFormState(blank);
  const { notice, done, fail } = useNotice();
  const form = useFormErrors({
    idType: m.pqrsd.idType,
    idNumber: m.pqrsd.idNumber,
    fullName: t.fullName,
    dependencia: m.pqrsd.dependencia,
    position: t.position,
    activeSince: t.activeSince,
  });
  const [leftOn, setLeftOn] = useState(todayInBogota());

  const act = onAction(async (fn: () => Promise<unknown>, ok: string) => {
    await fn();
    done(ok);
  }, fail);

  return (
    <>
      <section class="card" aria-labelledby="roster-title">
        <h2 id="roster-title">{t.roster}</h2>
        <FormNotice notice={notice} />
        {isAdmin && (
          <InputField id="left-on" label={t.leftOnLabel} type="date" value={leftOn} hint={t.leftOnHint} onInput={(e) => setLeftOn(e.currentTarget.value)} />
        )}
        {loaded && loaded.length === 0 ? (
          <div data-testid="roster-empty">
            <p>{isAdmin ? t.rosterEmptyAdmin : t.rosterEmptyTrainer}</p>
            {!isAdmin && <p>{t.rosterWalkInHint}</p>}
          </div>
        ) : (
          !isAdmin && <p class="muted">{t.rosterWhoAdds}</p>
        )}
        <ul class="records" data-testid="roster">
          {officials.map((o) => (
            <li key={o.id}>
              <div class="record-head">
                <strong>{o.fullName}</strong>
                <span class={`badge ${o.active ? 'online' : 'offline'}`}>{o.active ? t.active : t.inactive}</span>
              </div>
              <div class="muted">
                {o.redacted ? m.habeas.suppressed : `${ID_TYPE_LABELS[o.idType]} ${o.idNumber}`} · {o.dependencia || t.noDependencia} {o.position && `· ${o.position}`}
                {o.walkIn ? ` · ${t.walkInBadge}` : ''}
                {o.activeSince && ` · ${t.since(o.activeSince)}`}
                {o.activeUntil && <span data-testid="left-on"> · {t.leftOn(o.activeUntil)}</span>}
              </div>
              {/* An anonymised entry is frozen on the server (habeas data). */}
              {isAdmin && !o.redacted && (
                <div class="actions">
                  <button type="button" onClick={() => act(() => setOfficialActive(db, o.id, !o.active, leftOn), t.saved)}>
                    {o.active ? t.deactivate : t.activate}
                  </button>
                  {o.walkIn && (
                    <button type="button" onClick={() => act(() => updateLocal(db, 'official', o.id, { walkIn: false }), t.saved)}>
                      {t.confirmWalkIn}
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
      {isAdmin && (
        <EntryForm
          form={form}
          titleId="add-official"
          title={t.addOfficial}
          submitLabel={t.addOfficial}
          onSave={async () => {
            const saved = f;
            await addOfficial(db, device, { ...saved, activeSince: saved.activeSince || null, active: true, walkIn: false });
            clearSaved(saved, ['idType']);
            form.done(t.saved);
          }}
        >
          <div class="grid">
            <OfficialIdentityFields idPrefix="r" f={f} onIdType={(idType) => setF({ ...f, idType })} set={set} error={form.error} />
            <InputField id="r-position" label={t.position} error={form.error('position')} value={f.position} onInput={set('position')} />
            <InputField id="r-activeSince" label={t.activeSince} type="date" error={form.error('activeSince')} value={f.activeSince} onInput={set('activeSince')} />
          </div>
        </EntryForm>
      )}
    </>
  );
}
