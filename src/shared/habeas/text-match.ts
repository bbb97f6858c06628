// Finding a person's name and ID number in free text the way people write them: "María Pérez",
// "MARIA PEREZ", "maría  pérez"; "1.121.234.567", "1 121 234 567", "CC1121234567". Pure, so the
// server's search and its redaction use the very same matches.
import { normaliseIdForMatch } from './redaction-schema';

/** What is searched for: the person's names (as on their records) and document numbers. */
export interface PersonTerms {
  names: readonly string[];
  idNumbers: readonly string[];
}

/** A match in the original text: [start, end) in UTF-16 units. */
export interface TextSpan {
  start: number;
  end: number;
}

/** What replaces every match (short enough to fit the fields it lands in). */
export const REDACTED_TEXT = '[suprimido]';

/** Shorter than this, a document number matches too much unrelated text ("150 metros"). */
export const MIN_ID_CHARS = 5;

/** Lower case without accents, with where each folded character came from in the original. */
function fold(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    folded += f;
    i += ch.length;
  }
  return { folded, from, to };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function tokens(name: string): string[] {
  return fold(name).folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The ways a Colombian full name shows up in prose: whole, and with given name and first
 * surname only ("María Pérez" for "María José Pérez Gómez"). A single word is never enough.
 */
export function nameVariants(name: string): string[][] {
  const t = tokens(name);
  const n = t.length;
  if (n < 2) return [];
  const out = [t];
  if (n === 3) out.push([t[0], t[1]] as string[], [t[0], t[2]] as string[]);
  if (n >= 4) out.push([t[0], t[n - 2]] as string[], [t[0], t[n - 2], t[n - 1]] as string[], t.slice(0, n - 1));
  return out.filter((v) => v.join('').length >= 5);
}

function idPattern(idNumber: string): string | null {
  const id = normaliseIdForMatch(idNumber).toLowerCase();
  if (id.length < MIN_ID_CHARS) return null;
  // Dots or a space may separate any two characters: 1.121.234.567, 1 121 234 567.
  const body = [...id].map(escape).join('[.\\s]?');
  // A number inside a longer number is another number; letters right before it ("CC1121…") are fine.
  return /^\d+$/.test(id) ? `(?<!\\d|\\d\\.)${body}(?!\\d|\\.\\d)` : `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`;
}

/** A function that finds every mention of the person in a text, overlapping matches merged. */
export function personMatcher(terms: PersonTerms): (text: string) => TextSpan[] {
  const names = new Map<string, string[]>();
  for (const n of terms.names) for (const v of nameVariants(n)) names.set(v.join(' '), v);
  const alternatives = [
    // Longest first: the whole name wins over its short form at the same place.
    ...[...names.values()].sort((a, b) => b.join(' ').length - a.join(' ').length).map((v) => `(?<![\\p{L}\\p{N}])${v.map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`),
    ...[...new Set(terms.idNumbers)].map(idPattern).filter((p): p is string => p !== null),
  ];
  if (alternatives.length === 0) return () => [];
  const source = alternatives.join('|');
  return (text: string) => {
    if (!text) return [];
    const { folded, from, to } = fold(text);
    const spans: TextSpan[] = [];
    for (const m of folded.matchAll(new RegExp(source, 'gu'))) {
      if (m[0].length === 0) continue;
      const start = from[m.index] as number;
      const end = to[m.index + m[0].length - 1] as number;
      const last = spans.at(-1);
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else spans.push({ start, end });
    }
    return spans;
  };
}

/** The text with every span replaced by the marker. */
export function redactSpans(text: string, spans: readonly TextSpan[], marker: string = REDACTED_TEXT): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + marker;
    at = s.end;
  }
  return out + text.slice(at);
}

/** A line of context around a match, for the officer to judge it. */
export function snippetAround(text: string, span: TextSpan, radius = 40): string {
  const a = Math.max(0, span.start - radius);
  const b = Math.min(text.length, span.end + radius);
  return `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
}
