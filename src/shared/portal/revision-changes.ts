import type { RevisionChange } from './portal-schema';

/** Texts shorter than this are kept whole in the history. */
export const WHOLE_TEXT_CHARS = 1_000;
/** Unchanged characters kept on each side of a change in a long text, so it reads in context. */
export const CONTEXT_CHARS = 200;

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Moves a cut point `at` inside `text` to the nearest whitespace at or after `at`, but not past `limit`. */
function toWordStart(text: string, at: number, limit: number): number {
  let i = at;
  while (i > 0 && i < limit && !isSpace(text[i - 1])) i++;
  if (i >= limit) i = at;
  // Never cut a surrogate pair in two.
  if (i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * The change of one field, as the history keeps it. Long texts keep the changed part and
 * CONTEXT_CHARS around it; the rest (identical before and after) is counted in `head`/`tail`.
 * O(n): a history entry never costs more than reading the text once.
 */
export function makeChange(field: string, before: unknown, after: unknown): RevisionChange {
  if (typeof before !== 'string' || typeof after !== 'string' || before.length + after.length < 2 * WHOLE_TEXT_CHARS) {
    return { field, before, after };
  }
  const max = Math.min(before.length, after.length);
  let pre = 0;
  while (pre < max && before.charCodeAt(pre) === after.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && before.charCodeAt(before.length - 1 - suf) === after.charCodeAt(after.length - 1 - suf)) suf++;
  const head = pre > CONTEXT_CHARS ? toWordStart(before, pre - CONTEXT_CHARS, pre) : 0;
  let tail = suf > CONTEXT_CHARS ? suf - CONTEXT_CHARS : 0;
  if (tail > 0) {
    // Cut the tail at a word boundary too (measured from the end), keeping pairs whole.
    const cut = toWordStart(before, before.length - tail, before.length);
    tail = before.length - cut;
  }
  const change: RevisionChange = { field, before: before.slice(head, before.length - tail), after: after.slice(head, after.length - tail) };
  if (head > 0) change.head = head;
  if (tail > 0) change.tail = tail;
  return change;
}

/**
 * The whole "before" value of a kept change, given the field's whole value that its "after"
 * was cut from; null when that value is not what the change led to.
 */
export function wholeBefore(change: RevisionChange, whole: unknown): { value: unknown } | null {
  const head = change.head ?? 0;
  const tail = change.tail ?? 0;
  if (head === 0 && tail === 0) return { value: change.before };
  if (typeof whole !== 'string' || typeof change.before !== 'string' || whole.length < head + tail) return null;
  if (whole.slice(head, whole.length - tail) !== change.after) return null;
  return { value: whole.slice(0, head) + change.before + whole.slice(whole.length - tail) };
}
