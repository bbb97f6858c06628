import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { PASSWORD_MIN_LENGTH } from '../../shared/auth';
import { ErrorText } from './notice';

interface Props {
  id: string;
  label: ComponentChildren;
  /** A line under the input on what it takes (tied to it for screen readers). */
  hint?: ComponentChildren;
  /** Why the value was refused: shown under the input, which is marked invalid. */
  error?: string | null;
}

/** A labelled <input> in its .field, with its hint and error tied to it; other attributes go to the input. */
export function InputField({ id, label, hint, error, ...input }: Props & Omit<InputHTMLAttributes<HTMLInputElement>, keyof Props>) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={describedBy || undefined} aria-invalid={error ? true : undefined} {...input} />
      <ErrorText text={error} id={`${id}-error`} />
      {hint && (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      )}
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
