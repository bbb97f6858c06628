import { useState } from 'preact/hooks';
import type { LocalRecord } from '../../db/database';
import { updateDataSubjectRequest, type DsrPatch } from '../../modules/habeas/data-subject-requests';
import { todayInBogota } from '#shared/calendar';
import { AppError } from '#shared/errors';
import type { DataSubjectRequest, DsrDeadlines } from '#shared/habeas/data-subject-request';
import type { DsrStep } from '#shared/habeas/dsr-steps';
import { DSR_TERMS } from '#shared/habeas/term';
import { messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { InputField, TextAreaField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { clearSaved } from '../common/use-form-state';
import { onAction } from '../common/action';
import { FormNotice } from '../common/notice';
import { useServices } from '../services';

const t = m.habeas.steps;

// text: the step's free text (what to complete, to whom, the reason, the answer's summary).
type StepForm = { step: DsrStep | ''; date: string; text: string; notifiedOn: string };

/** The change a step makes to the request (checked on the device, then again by the server). */
function patchOf(s: StepForm, r: DataSubjectRequest): DsrPatch {
  switch (s.step) {
    case 'leyenda':
      return { legendOn: s.date };
    case 'requerir':
      return { incomplete: { requiredOn: s.date, what: s.text, completedOn: null } };
    case 'completar':
      if (!r.incomplete) throw new AppError('INVALID_TRANSITION', t.none);
      return { incomplete: { ...r.incomplete, completedOn: s.date } };
    case 'trasladar':
      return { transfer: { on: s.date, to: s.text, notifiedOn: s.notifiedOn || null } };
    case 'prorrogar':
      return { extension: { noticeOn: s.date, reason: s.text } };
    case 'responder':
      return { answer: { answeredOn: s.date, summary: s.text } };
    case '':
      throw new AppError('VALIDATION_FAILED', t.choose, [{ path: 'step', message: t.choose }]);
  }
}

/** The free text each step asks for, and whether it is a long text. */
const TEXT_FIELD: Partial<Record<DsrStep, [string, 'textarea' | 'text']>> = {
  requerir: [t.what, 'textarea'],
  trasladar: [t.to, 'text'],
  prorrogar: [t.reason, 'textarea'],
  responder: [t.summary, 'textarea'],
};

/** The schema's paths of each step's fields on the form's own fields. */
const ALIASES: Record<string, 'date' | 'text' | 'notifiedOn'> = {
  legendOn: 'date',
  'incomplete.requiredOn': 'date',
  'incomplete.completedOn': 'date',
  'incomplete.what': 'text',
  'transfer.on': 'date',
  'transfer.to': 'text',
  'transfer.notifiedOn': 'notifiedOn',
  'extension.noticeOn': 'date',
  'extension.reason': 'text',
  'answer.answeredOn': 'date',
  'answer.summary': 'text',
};

/** The limit a step runs against, from the same pure functions the server uses. */
function hintOf(step: DsrStep | '', r: DataSubjectRequest, d: DsrDeadlines): string | undefined {
  switch (step) {
    case 'leyenda':
      return d.legendBy ? t.legendHint(d.legendBy) : undefined;
    case 'requerir':
      return d.requireBy ? t.requireHint(d.requireBy) : undefined;
    case 'completar':
      return d.withdrawnOn ? t.completeHint(d.withdrawnOn) : undefined;
    case 'trasladar':
      return d.transferBy ? t.transferHint(d.transferBy) : undefined;
    case 'prorrogar':
      return d.initialDueDate ? t.extendHint(d.initialDueDate, DSR_TERMS[r.type].extensionDays) : undefined;
    case 'responder':
      return d.dueDate ? t.answerHint(d.dueDate) : undefined;
    default:
      return undefined;
  }
}

/**
 * The steps of one consulta or reclamo (Ley 1581 arts. 14–15), like a PQRSD request's step
 * panel: the official picks a step, sees its limit before picking the date, and every refusal
 * shows under its field.
 */
export function DsrStepPanel({ r, allowed, deadlines }: { r: LocalRecord<DataSubjectRequest>; allowed: readonly DsrStep[]; deadlines: DsrDeadlines }) {
  const { db } = useServices();
  const blank: StepForm = { step: '', date: todayInBogota(), text: '', notifiedOn: '' };
  const [s, setS] = useState<StepForm>(blank);
  const text = s.step ? TEXT_FIELD[s.step] : undefined;
  const dateLabel = s.step ? t.dates[s.step] : m.steps.date;
  const form = useFormErrors({ step: t.step, date: dateLabel, text: text?.[0] ?? '', notifiedOn: t.notifiedOn }, ALIASES);
  const id = (f: string) => `dsr-${r.id}-${f}`;
  const hint = hintOf(s.step, r, deadlines);

  async function submit(e: Event) {
    e.preventDefault();
    const saved = s;
    await updateDataSubjectRequest(db, r.id, patchOf(saved, r));
    form.done(m.habeas.saved);
    setS((now) => clearSaved(now, saved, blank));
  }

  if (allowed.length === 0) return null;
  return (
    <form ref={form.ref} onSubmit={onAction(submit, form.fail)} aria-labelledby={id('steps-title')} noValidate data-testid="dsr-steps">
      <h4 id={id('steps-title')}>{t.title}</h4>
      <div class="grid">
        <SelectField
          id={id('step')}
          label={t.step}
          required
          error={form.error('step')}
          value={s.step}
          empty={t.choose}
          options={allowed.map((a) => [a, t.labels[a]] as const)}
          onChange={(step) => {
            form.clear();
            setS({ ...blank, date: s.date, step });
          }}
        />
        <InputField id={id('date')} label={dateLabel} required type="date" hint={hint} error={form.error('date')} value={s.date} onInput={(e) => setS({ ...s, date: e.currentTarget.value })} />
      </div>
      {text &&
        (text[1] === 'textarea' ? (
          <TextAreaField id={id('text')} label={text[0]} required rows={3} error={form.error('text')} value={s.text} onInput={(e) => setS({ ...s, text: e.currentTarget.value })} />
        ) : (
          <InputField id={id('text')} label={text[0]} required error={form.error('text')} value={s.text} onInput={(e) => setS({ ...s, text: e.currentTarget.value })} />
        ))}
      {s.step === 'trasladar' && (
        <InputField
          id={id('notified')}
          label={t.notifiedOn}
          required
          type="date"
          error={form.error('notifiedOn')}
          value={s.notifiedOn}
          onInput={(e) => setS({ ...s, notifiedOn: e.currentTarget.value })}
        />
      )}
      <FormNotice notice={form.notice} testId="dsr-step-notice" />
      <button type="submit" disabled={!s.step}>
        {t.record}
      </button>
    </form>
  );
}
