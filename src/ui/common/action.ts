import { describeError } from './form-error';

/** Where a screen shows the failure itself: the Spanish text, and the error to tell cases apart. */
type Show = (text: string, err: unknown) => void;

/**
 * Where a failed user action goes when its screen has no place of its own for it: the notice
 * region the shell (and the sign-in page) shows. One current message; a newer one replaces it.
 */
let current: string | null = null;
const listeners = new Set<(text: string | null) => void>();

function publish(text: string | null): void {
  current = text;
  for (const l of listeners) l(text);
}

/** Logs a failed action and shows it in Spanish: at `show` when given, else in the notice region. */
export function reportActionError(err: unknown, show?: Show): void {
  console.error('Action failed:', err);
  const text = describeError(err);
  if (show) show(text, err);
  else publish(text);
}

export function subscribeActionErrors(fn: (text: string | null) => void): () => void {
  listeners.add(fn);
  fn(current);
  return () => listeners.delete(fn);
}

export function dismissActionError(): void {
  publish(null);
}

/**
 * An event handler from an async function: it runs at once (so `e.preventDefault()` still
 * counts) and whatever it throws, sooner or later, is logged and shown in Spanish — at `show`
 * (a form's own message) when given, else in the notice region. Nothing is lost in a promise
 * nobody awaits.
 */
export function onAction<A extends unknown[]>(fn: (...args: A) => unknown, show?: Show): (...args: A) => void {
  return (...args) => {
    void (async () => fn(...args))().catch((err: unknown) => reportActionError(err, show));
  };
}

/** A background task nobody waits on (best effort): its failure is logged, with what it was. */
export function logFailure(what: string): (err: unknown) => void {
  return (err) => console.warn(`${what} failed:`, err);
}
