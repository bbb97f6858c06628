// A data-entry card: its title (which names the form for assistive technology), the note on
// required fields, the fields, then how the save went and the submit button. The page is never
// reloaded by a submit and a failure lands on the form (under its fields, or as its notice), so
// no screen has to remember either.
import type { ComponentChildren, RefObject } from 'preact';
import { messages as m } from '../i18n/es-CO';
import { onAction } from './action';
import { FormFooter, type Notice } from './notice';

interface Props {
  /** The form's errors (useFormErrors): where a failed save is shown. */
  form: { ref: RefObject<HTMLFormElement>; fail: (text: string, err?: unknown) => void; notice: Notice };
  onSave: () => Promise<void>;
  titleId: string;
  title: ComponentChildren;
  submitLabel: ComponentChildren;
  testId?: string;
  children: ComponentChildren;
}

export function EntryForm({ form, onSave, titleId, title, submitLabel, testId, children }: Props) {
  const save = onAction(onSave, form.fail);
  return (
    <form
      ref={form.ref}
      class="card"
      aria-labelledby={titleId}
      noValidate
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3 id={titleId}>{title}</h3>
      <p class="muted">{m.form.requiredNote}</p>
      {children}
      <FormFooter notice={form.notice} label={submitLabel} />
    </form>
  );
}
