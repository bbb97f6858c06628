import type { Pqrsd } from '#shared/records';

/** Lower case, no accents: how officials type on a phone ("maria" finds "María"). */
export function normalizeText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const MAX_TOKENS = 200;

/**
 * Words a request can be found by, kept in a multi-entry index so a search is an index
 * range scan (prefix) instead of a scan of every request on each keystroke.
 */
export function searchTokens(r: Pick<Pqrsd, 'radicado' | 'provisionalNumber' | 'citizen' | 'subject' | 'description'>): string[] {
  const tokens = new Set<string>();
  for (const exact of [r.radicado, r.provisionalNumber, r.citizen.idNumber]) {
    if (exact) tokens.add(normalizeText(withoutThousandsDots(exact)));
  }
  for (const text of [r.citizen.name, r.subject, r.description]) {
    for (const w of normalizeText(text).split(/[^\p{L}\p{N}]+/u)) {
      if (w.length >= 2 && tokens.size < MAX_TOKENS) tokens.add(w);
    }
  }
  return [...tokens];
}

/** ID numbers are written with thousands dots (1.121.234.567): the digits alone are the number. */
export function withoutThousandsDots(s: string): string {
  return s.replace(/(\d)\.(?=\d{3}(?!\d))/g, '$1');
}

/** The words of a query, normalized, longest first (the most selective goes to the index). */
export function queryTokens(query: string): string[] {
  return normalizeText(withoutThousandsDots(query))
    .split(/[^\p{L}\p{N}-]+/u)
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length);
}
