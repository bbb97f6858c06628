import type { ComponentChildren, InputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { PASSWORD_MIN_LENGTH } from '#shared/auth';

interface Props {
  id: string;
  label: ComponentChildren;
  /** A line under the input on what it takes (tied to it for screen readers). */
  hint?: ComponentChildren;
  /** Why the value was refused: shown under the input, which is marked invalid. */
  error?: string | null;
  /** The error line is an alert of its own: for a check made as the person types, with no form summary to announce it. */
  announce?: boolean;
}

/**
 * A field's label, marked « *» when the field is required. The mark is drawn by the stylesheet
 * (.required-mark) with no text for assistive technology: the input's `required` says it, and
 * the label's text stays the field's name.
 */
export function FieldLabel({ id, label, required }: { id: string; label: ComponentChildren; required?: boolean }) {
  return (
    <label for={id} class={required ? 'required-mark' : undefined}>
      {label}
    </label>
  );
}

/** The ARIA ties of an input to its error and hint, and its invalid mark. */
export function describedBy(id: string, error?: string | null, hint?: unknown) {
  const ids = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? (true as const) : undefined };
}

/**
 * The error and hint lines under an input. The error is no alert of its own: the input names it
 * (aria-describedby), the focus lands there, and the form's one summary is the alert.
 */
export function FieldFooter({ id, error, hint, announce }: { id: string; error?: string | null; hint?: ComponentChildren; announce?: boolean }) {
  return (
    <>
      {error && (
        <p id={`${id}-error`} class="field-error" role={announce ? 'alert' : undefined}>
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      )}
    </>
  );
}

/** A labelled <input> in its .field, with its hint and error tied to it; other attributes go to the input. */
export function InputField({ id, label, hint, error, announce, ...input }: Props & Omit<InputHTMLAttributes<HTMLInputElement>, keyof Props>) {
  return (
    <div class="field">
      <FieldLabel id={id} label={label} required={Boolean(input.required)} />
      <input id={id} {...describedBy(id, error, hint)} {...input} />
      <FieldFooter id={id} error={error} hint={hint} announce={announce} />
    </div>
  );
}

/** A labelled <textarea> in its .field, like InputField. */
export function TextAreaField({ id, label, hint, error, ...area }: Props & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, keyof Props>) {
  return (
    <div class="field">
      <FieldLabel id={id} label={label} required={Boolean(area.required)} />
      <textarea id={id} {...describedBy(id, error, hint)} {...area} />
      <FieldFooter id={id} error={error} hint={hint} />
    </div>
  );
}

/** A required password input (its autocomplete says which password); `onValue` gets what is typed. */
export function PasswordField({
  onValue,
  ...field
}: Props & { value: string; autocomplete: 'current-password' | 'new-password'; minLength?: number; name?: string; onValue(value: string): void }) {
  return <InputField type="password" required {...field} onInput={(e) => onValue(e.currentTarget.value)} />;
}

/** A new password: at least PASSWORD_MIN_LENGTH, its rules under it, and why it was refused. */
export function NewPasswordField(field: Props & { hint: ComponentChildren; value: string; onValue(value: string): void }) {
  return <PasswordField autocomplete="new-password" minLength={PASSWORD_MIN_LENGTH} {...field} />;
}
