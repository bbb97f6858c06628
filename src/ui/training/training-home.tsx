import { useState } from 'preact/hooks';
import { createCourse } from '../../modules/training/commands';
import { todayInBogota } from '#shared/calendar';
import { semesterOf } from '#shared/training/training-schema';
import { numberOf } from '../common/number-input';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { SelectField } from '../common/select-field';
import { InputField, TextAreaField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { EntryForm } from '../common/entry-form';

const t = m.training;

export function useSemester(): [string, (s: string) => void] {
  const [semester, setSemester] = useState(() => semesterOf(todayInBogota()));
  return [semester, setSemester];
}

export function SemesterSelect({ value, onChange }: { value: string; onChange(v: string): void }) {
  const year = Number(todayInBogota().slice(0, 4));
  const options = [year - 1, year, year + 1].flatMap((y) => [`${y}-1`, `${y}-2`]);
  return <SelectField id="semester" label={t.semester} value={value} options={options.map((s) => [s, s] as const)} onChange={onChange} />;
}

function NewCourse({ semester }: { semester: string }) {
  const { db, device } = useServices();
  const blank = { name: '', topics: '', hours: '8', scaleMax: '5', passThreshold: '3' };
  const { f, set, clearSaved } = useFormState(blank);
  const form = useFormErrors({ name: t.courseName, topics: t.topics, hours: t.hours, scaleMax: t.scaleMax, passThreshold: t.passThreshold });
  async function submit() {
    const saved = f;
    await createCourse(db, device, {
      semester,
      name: saved.name,
      topics: saved.topics.split('\n').map((x) => x.trim()).filter(Boolean),
      hours: numberOf(saved.hours),
      scaleMax: numberOf(saved.scaleMax),
      passThreshold: numberOf(saved.passThreshold),
    });
    clearSaved(saved);
    form.done(t.courseSaved);
  }
  return (
    <EntryForm form={form} onSave={submit} titleId="new-course" title={t.newCourse} submitLabel={t.createCourse}>
      <InputField id="c-name" label={t.courseName} required error={form.error('name')} value={f.name} onInput={set('name')} placeholder="Excel básico" />
      <TextAreaField id="c-topics" label={t.topics} rows={3} error={form.error('topics')} value={f.topics} onInput={set('topics')} />
      <div class="grid">
        <InputField id="c-hours" label={t.hours} required error={form.error('hours')} inputMode="decimal" value={f.hours} onInput={set('hours')} />
        <InputField id="c-scale" label={t.scaleMax} required error={form.error('scaleMax')} inputMode="decimal" value={f.scaleMax} onInput={set('scaleMax')} />
        <InputField id="c-pass" label={t.passThreshold} required error={form.error('passThreshold')} inputMode="decimal" value={f.passThreshold} onInput={set('passThreshold')} />
      </div>
    </EntryForm>
  );
}

/** The semester's courses; trainers prepare them here, online or not. */
export function TrainingHome() {
  const { db, session } = useServices();
  const [semester, setSemester] = useSemester();
  const courses = useLiveQuery(() => db.course.where('semester').equals(semester).sortBy('name'), [db, semester], []);
  const canWrite = session.user.role === 'admin' || session.user.role === 'trainer';
  return (
    <>
      <section class="card" aria-labelledby="courses-title">
        <h2 id="courses-title">{t.title}</h2>
        <SemesterSelect value={semester} onChange={setSemester} />
        {courses.length === 0 ? (
          <p class="muted">
            {t.noCourses} {canWrite ? t.noCoursesHow : t.noCoursesReadOnly}
          </p>
        ) : (
          <ul class="records" data-testid="course-list">
            {courses.map((c) => (
              <li key={c.id}>
                <a href={href({ page: 'course', id: c.id })}>
                  <strong>{c.name}</strong>
                </a>{' '}
                <span class={`badge sync-${c._sync}`}>{m.syncState[c._sync]}</span>
                <div class="muted">{t.courseFacts(c.hours, c.passThreshold, c.scaleMax)}</div>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a class="button" href={href({ page: 'training-indicators' })}>
            {t.indicators}
          </a>
        </p>
      </section>
      {canWrite && <NewCourse semester={semester} />}
    </>
  );
}
