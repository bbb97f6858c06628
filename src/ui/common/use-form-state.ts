import { useState } from 'preact/hooks';

/**
 * After a save: the form's values with every field that still shows what was saved back to its
 * blank value; a field changed since (the next entry typed while this one was saving) keeps what
 * was typed. `keep` lists fields that stay as they are (e.g. the office, for the next computer).
 */
export function clearSaved<T extends Record<string, unknown>>(now: T, saved: T, blank: T, keep: readonly (keyof T)[] = []): T {
  const next = { ...now };
  for (const k of Object.keys(blank) as (keyof T)[]) {
    if (!keep.includes(k) && Object.is(now[k], saved[k])) next[k] = blank[k];
  }
  return next;
}

/**
 * A form's values: `set(k)` for an input's onInput (always on the latest values, so nothing typed
 * is lost between renders), and `clearSaved(saved)` to clear only what a save took.
 */
export function useFormState<T extends Record<string, unknown>>(blank: T) {
  const [f, setF] = useState<T>(blank);
  return {
    f,
    setF,
    set:
      (k: keyof T) =>
      (e: Event): void => {
        const value = (e.currentTarget as HTMLInputElement).value;
        setF((now) => ({ ...now, [k]: value }));
      },
    clearSaved: (saved: T, keep: readonly (keyof T)[] = []) => setF((now) => clearSaved(now, saved, blank, keep)),
  };
}
