// A one-number form on a line (a plan goal, an evaluation score): the number is saved by
// `onSave`, the input is cleared after the save unless something else was typed meanwhile, and
// a refusal is shown on the input (or, when it names no field, as the line's notice).
import { useState } from 'preact/hooks';
import { onAction } from './action';
import { describedBy, FieldLabel } from './input-field';
import { FormNotice } from './notice';
import { numberOf } from './number-input';
import { useFormErrors } from './use-form-errors';

interface Props {
  /** The field of the saved record, as a refusal names it. */
  field: string;
  id: string;
  label: string;
  /** The label is read by assistive technology only (the row already says whose number it is). */
  labelHidden?: boolean;
  submitLabel: string;
  /** Said on the line once saved; nothing when absent. */
  savedText?: string;
  onSave: (value: number) => Promise<unknown>;
}

export function InlineNumberForm({ field, id, label, labelHidden, submitLabel, savedText, onSave }: Props) {
  const [value, setValue] = useState('');
  const form = useFormErrors<string>({ [field]: label });
  const error = form.error(field);
  return (
    <form
      ref={form.ref}
      class="inline"
      noValidate
      onSubmit={onAction(async (e: Event) => {
        e.preventDefault();
        const saved = value;
        await onSave(numberOf(saved) ?? Number.NaN);
        setValue((now) => (now === saved ? '' : now));
        if (savedText) form.done(savedText);
        else form.clear();
      }, form.fail)}
    >
      {labelHidden ? (
        <label for={id} class="visually-hidden">
          {label}
        </label>
      ) : (
        <FieldLabel id={id} label={label} required />
      )}
      <input id={id} class={labelHidden ? undefined : 'narrow'} inputMode="decimal" required value={value} {...describedBy(id, error)} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit">{submitLabel}</button>
      {error ? (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      ) : (
        <FormNotice notice={form.notice} inline />
      )}
    </form>
  );
}
