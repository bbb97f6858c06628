import type { ComponentChildren } from 'preact';

/** A checkbox with its label, and a line under it on what it changes (tied to it for screen readers). */
export function CheckField({ id, label, hint, checked, onChange }: { id: string; label: ComponentChildren; hint: ComponentChildren; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <>
      <label class="check">
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} aria-describedby={`${id}-hint`} />
        {label}
      </label>
      <p id={`${id}-hint`} class="muted">
        {hint}
      </p>
    </>
  );
}
