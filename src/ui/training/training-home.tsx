import { useState } from 'preact/hooks';
import { createCourse } from '../../modules/training/commands';
import { todayInBogota } from '../../shared/calendar';
import { semesterOf } from '../../shared/training/training-schema';
import { onAction } from '../common/action';
import { FormFooter, useNotice } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { SelectField } from '../common/select-field';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

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
  const [f, setF] = useState(blank);
  const { notice, done, fail } = useNotice();
  const set = (k: keyof typeof blank) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  async function submit(e: Event) {
    e.preventDefault();
    await createCourse(db, device, {
      semester,
      name: f.name,
      topics: f.topics.split('\n').map((x) => x.trim()).filter(Boolean),
      hours: Number(f.hours),
      scaleMax: Number(f.scaleMax),
      passThreshold: Number(f.passThreshold),
    });
    setF(blank);
    done(t.courseSaved);
  }
  return (
    <form class="card" onSubmit={onAction(submit, fail)} aria-labelledby="new-course" noValidate>
      <h3 id="new-course">{t.newCourse}</h3>
      <InputField id="c-name" label={t.courseName} value={f.name} onInput={set('name')} placeholder="Excel básico" />
      <div class="field">
        <label for="c-topics">{t.topics}</label>
        <textarea id="c-topics" rows={3} value={f.topics} onInput={set('topics')} />
      </div>
      <div class="grid">
        <InputField id="c-hours" label={t.hours} type="number" min="1" value={f.hours} onInput={set('hours')} />
        <InputField id="c-scale" label={t.scaleMax} type="number" min="1" step="any" value={f.scaleMax} onInput={set('scaleMax')} />
        <InputField id="c-pass" label={t.passThreshold} type="number" min="0" step="any" value={f.passThreshold} onInput={set('passThreshold')} />
      </div>
      <FormFooter notice={notice} label={t.createCourse} />
    </form>
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
