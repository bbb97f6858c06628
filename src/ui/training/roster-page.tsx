import { useState } from 'preact/hooks';
import type { LocalRow } from '../../db/database';
import { addOfficial, setOfficialActive } from '../../modules/training/commands';
import { updateLocal } from '../../modules/local-records';
import { todayInBogota } from '../../shared/calendar';
import { ID_TYPE_LABELS } from '../../shared/identity';
import type { OfficialIdType } from '../../shared/training/training-schema';
import { onAction } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { idTypeOptions, OFFICIAL_ID_TYPES } from '../common/id-type-options';

const t = m.training;

/** The officials' roster: admins add and retire officials and confirm walk-ins. */
export function RosterPage() {
  const { db, device, session } = useServices();
  // undefined until read: an empty roster is said only once it is known to be empty.
  const loaded = useLiveQuery<LocalRow<'official'>[] | undefined>(() => db.official.orderBy('fullName').toArray(), [db], undefined);
  const officials = loaded ?? [];
  const isAdmin = session.user.role === 'admin';
  const blank = { idType: 'CC' as OfficialIdType, idNumber: '', fullName: '', dependencia: '', position: '', activeSince: '' };
  const [f, setF] = useState(blank);
  const { notice, done, fail } = useNotice();
  const [leftOn, setLeftOn] = useState(todayInBogota());
  const set = (k: keyof typeof blank) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

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
        <form
          class="card"
          aria-labelledby="add-official"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            act(async () => {
              await addOfficial(db, device, { ...f, activeSince: f.activeSince || null, active: true, walkIn: false });
              setF(blank);
            }, t.saved);
          }}
        >
          <h3 id="add-official">{t.addOfficial}</h3>
          <div class="grid">
            <SelectField id="r-idType" label={m.pqrsd.idType} value={f.idType} options={idTypeOptions(OFFICIAL_ID_TYPES)} onChange={(idType) => setF({ ...f, idType })} />
            {(
              [
                ['idNumber', m.pqrsd.idNumber, 'text'],
                ['fullName', t.fullName, 'text'],
                ['dependencia', m.pqrsd.dependencia, 'text'],
                ['position', t.position, 'text'],
                ['activeSince', t.activeSince, 'date'],
              ] as const
            ).map(([k, label, type]) => (
              <div class="field" key={k}>
                <label for={`r-${k}`}>{label}</label>
                <input id={`r-${k}`} type={type} value={f[k]} onInput={set(k)} />
              </div>
            ))}
          </div>
          <button type="submit" class="primary">
            {t.addOfficial}
          </button>
        </form>
      )}
    </>
  );
}
