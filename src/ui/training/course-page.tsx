import { useState } from 'preact/hooks';
import { createSession, recordEvaluation } from '../../modules/training/commands';
import { todayInBogota } from '#shared/calendar';
import { bestScore, passedCourse } from '#shared/training/indicators';
import { certificateEligibility } from '#shared/training/certificate';
import { DataTable } from '../common/data-table';
import { InlineNumberForm } from '../common/inline-number-form';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { formatDate, messages as m } from '../i18n/es-CO';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { href } from '../router';
import { FieldFooter, InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { useOfficials } from './use-officials';
import { useIdSet } from '../common/use-id-set';
import { EntryForm } from '../common/entry-form';

const t = m.training;

function NewSession({ courseId }: { courseId: string }) {
  const { db, device, session } = useServices();
  const officials = useLiveQuery(() => db.official.orderBy('fullName').filter((o) => o.active).toArray(), [db], []);
  const blank = { date: todayInBogota(), startTime: '08:00', endTime: '12:00', place: '', trainer: session.user.displayName };
  const { f, set, clearSaved } = useFormState(blank);
  const [convened, convene] = useIdSet();
  const form = useFormErrors({ ...t.sessionFields, convened: t.convenedLabel });
  // Nobody convened is allowed (walk-ins only), but said first: a second press creates it as it is.
  const [askedEmpty, setAskedEmpty] = useState(false);
  const warnEmpty = askedEmpty && convened.size === 0;
  async function submit() {
    if (convened.size === 0 && !askedEmpty) {
      setAskedEmpty(true);
      return;
    }
    const saved = f;
    await createSession(db, device, { ...saved, courseId, convened: [...convened] });
    clearSaved(saved, ['trainer']);
    convene.reset();
    setAskedEmpty(false);
    form.done(t.sessionSaved);
  }
  return (
    <EntryForm form={form} onSave={submit} titleId="new-session" title={t.newSession} submitLabel={warnEmpty ? t.createSessionAnyway : t.createSession}>
      <div class="grid">
        {(['date', 'startTime', 'endTime'] as const).map((k) => (
          <InputField key={k} id={`s-${k}`} label={t.sessionFields[k]} required error={form.error(k)} type={k === 'date' ? 'date' : 'time'} value={f[k]} onInput={set(k)} />
        ))}
        <InputField id="s-place" label={t.sessionFields.place} required error={form.error('place')} value={f.place} onInput={set('place')} />
        <InputField id="s-trainer" label={t.sessionFields.trainer} required error={form.error('trainer')} value={f.trainer} onInput={set('trainer')} />
      </div>
      <fieldset aria-invalid={form.error('convened') ? true : undefined} aria-describedby={form.error('convened') ? 's-convened-error' : undefined}>
        <legend>{t.convened(convened.size)}</legend>
        <button type="button" onClick={() => convene.reset(officials.map((o) => o.id))}>
          {t.conveneAll}
        </button>
        <ul class="checklist">
          {officials.map((o) => (
            <li key={o.id}>
              <label class="check">
                <input type="checkbox" checked={convened.has(o.id)} onChange={() => convene.toggle(o.id)} /> {o.fullName}
                <span class="muted"> · {o.dependencia || t.noDependencia}</span>
              </label>
            </li>
          ))}
        </ul>
        <FieldFooter id="s-convened" error={form.error('convened')} />
      </fieldset>
      {warnEmpty && (
        <p class="warning" role="alert" data-testid="session-warning">
          {t.nobodyConvened}
        </p>
      )}
    </EntryForm>
  );
}

function ScoreEntry({ courseId, officialId, name }: { courseId: string; officialId: string; name: string }) {
  const { db, device } = useServices();
  return (
    <InlineNumberForm
      field="score"
      id={`score-${officialId}`}
      label={t.scoreFor(name)}
      labelHidden
      submitLabel={t.addScore}
      onSave={(score) => recordEvaluation(db, device, { courseId, officialId, score, takenOn: todayInBogota() })}
    />
  );
}

/** A course: its sessions, who was convened, and the evaluation attempts of each participant. */
export function CoursePage({ id }: { id: string }) {
  const { db, session } = useServices();
  const { settings } = useMunicipalityProfile();
  const course = useLiveQuery(() => db.course.get(id), [db, id], undefined);
  const sessions = useLiveQuery(() => db.training_session.where('courseId').equals(id).sortBy('date'), [db, id], []);
  const evaluations = useLiveQuery(() => db.evaluation.where('courseId').equals(id).toArray(), [db, id], []);
  const marks = useLiveQuery(
    async () => db.attendance_mark.where('sessionId').anyOf(await db.training_session.where('courseId').equals(id).primaryKeys()).toArray(),
    [db, id],
    [],
  );
  const participantIds = [...new Set([...sessions.flatMap((s) => s.convened), ...evaluations.map((e) => e.officialId)])];
  const participants = useOfficials(participantIds);
  const canWrite = session.user.role === 'admin' || session.user.role === 'trainer';
  if (!course) return <p class="card">{t.notFound}</p>;
  return (
    <>
      <section class="card" aria-labelledby="course-title">
        <h2 id="course-title">
          {course.name} <span class="muted">({course.semester})</span>
        </h2>
        <p class="muted">{t.courseFacts(course.hours, course.passThreshold, course.scaleMax)}</p>
        {course.topics.length > 0 && <p>{course.topics.join(' · ')}</p>}
        <h3>{t.sessions}</h3>
        {sessions.length === 0 ? (
          <p class="muted">{t.noSessions}</p>
        ) : (
          <ul class="records">
            {sessions.map((s) => (
              <li key={s.id}>
                <a href={href({ page: 'session', id: s.id })}>
                  {formatDate(s.date)} {s.startTime}–{s.endTime} · {s.place}
                </a>
                <div class="muted">
                  {s.trainer} · {t.convened(s.convened.length)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="eval-title">
        <h3 id="eval-title">{t.evaluations}</h3>
        <DataTable
          rows={participants.map((o) => {
            const attempts = evaluations.filter((e) => e.officialId === o.id).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
            const passed = attempts.length > 0 && passedCourse(course, attempts);
            // A certificate needs the attendance threshold too (DOMAIN.md §7).
            const certifiable = passed && certificateEligibility({ course, official: o, sessions, marks, attempts, settings: settings.training }).eligible;
            return { o, attempts, passed, certifiable };
          })}
          rowKey={(r) => r.o.id}
          rowProps={() => ({ 'data-testid': 'evaluation-row' })}
          columns={[
            { label: t.participant, cell: (r) => r.o.fullName },
            { label: t.attempts, cell: (r) => r.attempts.map((a) => a.score).join(' · ') || '—' },
            {
              label: t.result,
              cell: ({ o, attempts, passed, certifiable }) => (
                <>
                  {attempts.length === 0 ? '—' : passed ? t.passed : t.failed}
                  {attempts.length > 0 && ` (${t.best} ${bestScore(attempts)})`}
                  {certifiable && (
                    <>
                      {' '}
                      <a href={href({ page: 'certificate', courseId: course.id, officialId: o.id })}>{t.certificate}</a>
                    </>
                  )}
                  {passed && !certifiable && <span class="muted"> · {t.noCertAttendance}</span>}
                </>
              ),
            },
            canWrite && { label: t.newAttempt, cell: (r) => <ScoreEntry courseId={course.id} officialId={r.o.id} name={r.o.fullName} /> },
          ]}
        />
      </section>
      {canWrite && <NewSession courseId={course.id} />}
    </>
  );
}
