import { useState } from 'preact/hooks';
import { addOfficial, markAttendance } from '../../modules/training/commands';
import { normalizeText } from '../../modules/pqrsd/search-tokens';
import type { OfficialIdType } from '#shared/training/training-schema';
import { resolveAttendance } from '#shared/training/attendance';
import { ATTENDANCE_LEGAL_BASIS, ATTENDANCE_STATUSES, type AttendanceStatus } from '#shared/training/training-schema';
import { onAction } from '../common/action';
import { ErrorText } from '../common/notice';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { useOfficials } from './use-officials';
import { SignaturePad } from './signature-pad';
import { OfficialIdentityFields } from './official-identity-fields';
import { EntryForm } from '../common/entry-form';

const t = m.training;

function WalkInForm({ sessionId }: { sessionId: string }) {
  const { db, device } = useServices();
  const blank = { idType: 'CC' as OfficialIdType, idNumber: '', fullName: '', dependencia: '' };
  const { f, setF, set, clearSaved } = useFormState(blank);
  const form = useFormErrors({ idType: m.pqrsd.idType, idNumber: m.pqrsd.idNumber, fullName: t.fullName, dependencia: m.pqrsd.dependencia });
  async function submit() {
    const saved = f;
    const o = await addOfficial(db, device, { ...saved, walkIn: true, active: true });
    await markAttendance(db, device, { sessionId, officialId: o.id, status: 'present' });
    clearSaved(saved, ['idType', 'dependencia']);
    form.done(t.walkInAdded(o.fullName));
  }
  return (
    <EntryForm form={form} onSave={submit} titleId="walkin-title" title={t.walkIn} submitLabel={t.addWalkIn}>
      <div class="grid">
        <OfficialIdentityFields idPrefix="w" f={f} onIdType={(idType) => setF({ ...f, idType })} set={set} error={form.error} />
      </div>
    </EntryForm>
  );
}

/** The attendance checklist: one tap per person, offline; every tap is an event. */
export function AttendancePage({ id }: { id: string }) {
  const { db, device, session } = useServices();
  const s = useLiveQuery(() => db.training_session.get(id), [db, id], undefined);
  const marks = useLiveQuery(() => db.attendance_mark.where('sessionId').equals(id).toArray(), [db, id], []);
  const resolved = resolveAttendance(marks);
  const ids = s ? [...new Set([...s.convened, ...resolved.keys()])] : [];
  const people = useOfficials(ids);
  const [query, setQuery] = useState('');
  const [signing, setSigning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canWrite = session.user.role === 'admin' || session.user.role === 'trainer';
  if (!s) return <p class="card">{t.notFound}</p>;

  const q = normalizeText(query.trim());
  const shown = people
    .filter((o) => !q || normalizeText(`${o.fullName} ${o.idNumber} ${o.dependencia}`).includes(q))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'es'));
  const mark = onAction(async (officialId: string, status: AttendanceStatus, signature?: string) => {
    await markAttendance(db, device, { sessionId: id, officialId, status, signature });
    setError(null);
  }, setError);
  const marked = [...resolved.values()];

  return (
    <>
      <section class="card" aria-labelledby="att-title">
        <h2 id="att-title">{t.attendanceOf(s.date, s.place)}</h2>
        <p class="muted">{ATTENDANCE_LEGAL_BASIS.text}</p>
        <p data-testid="attendance-summary">
          {t.markedCount(marked.length, ids.length)} · {t.presentCount(marked.filter((r) => r.status === 'present' || r.status === 'late').length)}
        </p>
        <InputField id="att-q" label={t.searchPerson} type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <ErrorText text={error} />
        <ul class="records attendance" data-testid="attendance-list">
          {shown.map((o) => {
            const r = resolved.get(o.id);
            return (
              <li key={o.id} data-testid="attendance-row" data-status={r?.status ?? ''}>
                <div class="record-head">
                  <strong>{o.fullName}</strong>
                  <span class="muted">
                    {o.dependencia || t.noDependencia}
                    {o.walkIn ? ` · ${t.walkInBadge}` : ''}
                  </span>
                </div>
                {r?.disagreement && (
                  <p class="warning" data-testid="disagreement">
                    {t.disagreement(r.disagreement.statuses.map((x) => ATTENDANCE_STATUSES[x]).join(' / '))}
                  </p>
                )}
                {r?.mark.signature && <img class="sig" src={r.mark.signature} alt={t.signatureOf(o.fullName)} />}
                {canWrite && (
                  <div class="status-buttons" role="group" aria-label={t.statusFor(o.fullName)}>
                    {(Object.keys(ATTENDANCE_STATUSES) as AttendanceStatus[]).map((st) => (
                      <button key={st} type="button" aria-pressed={r?.status === st} class={r?.status === st ? 'primary' : ''} onClick={() => mark(o.id, st)}>
                        {ATTENDANCE_STATUSES[st]}
                      </button>
                    ))}
                    <button type="button" onClick={() => setSigning(signing === o.id ? null : o.id)}>
                      {t.sign}
                    </button>
                  </div>
                )}
                {signing === o.id && (
                  <SignaturePad
                    label={t.signatureOf(o.fullName)}
                    onCancel={() => setSigning(null)}
                    onSave={(png) => {
                      setSigning(null);
                      mark(o.id, r?.status === 'late' ? 'late' : 'present', png);
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
        <p>
          <a class="button" href={href({ page: 'attendance-sheet', id })}>
            {t.printSheet}
          </a>
        </p>
      </section>
      {canWrite && <WalkInForm sessionId={id} />}
    </>
  );
}
