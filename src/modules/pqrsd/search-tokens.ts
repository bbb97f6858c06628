import type { Pqrsd } from '#shared/records';

/** Lower case, no accents: how officials type on a phone ("maria" finds "María"). */
export function normalizeText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Index entries per request. Each one is an IndexedDB index write on every save of the
 * request (a save's cost grows with them, and its slow tail with the index's size): the
 * numbers, the citizen's name and the subject always fit; the description fills the rest in
 * order, so words past about the 30th distinct word of a long description are not searchable.
 */
export const MAX_TOKENS = 40;

/**
 * Words that say nothing about a request (articles, prepositions, pronouns, common verbs), as
 * normalized: left out of the index and out of a query, so "calle de la paz" looks up
 * "calle" and "paz". Every request has them, so they never narrowed a search anyway.
 */
const STOP_WORDS = new Set(
  (
    'a al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada como con contra cual cuando de del desde donde durante e el ella ellas ello ellos en entre era eran es esa esas ese eso esos esta estaba estan estar estas este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me mi mis mucho muy ni no nos nosotros o otra otras otro otros para pero poco por porque que quien quienes se sea segun ser si sin sobre su sus tambien tan tanto te tiene ti todo todos tu tus un una unas uno unos y ya yo'
  ).split(' '),
);

/**
 * Words a request can be found by, kept in a multi-entry index so a search is an index
 * range scan (prefix) instead of a scan of every request on each keystroke. A word that
 * starts another one kept is left out: a prefix search finds the longer one anyway.
 */
export function searchTokens(r: Pick<Pqrsd, 'radicado' | 'provisionalNumber' | 'citizen' | 'subject' | 'description'>): string[] {
  const tokens = new Set<string>();
  for (const exact of [r.radicado, r.provisionalNumber, r.citizen.idNumber]) {
    if (exact) tokens.add(normalizeText(withoutThousandsDots(exact)));
  }
  for (const text of [r.citizen.name, r.subject, r.description]) {
    for (const w of normalizeText(text).split(/[^\p{L}\p{N}]+/u)) {
      if (tokens.size >= MAX_TOKENS) break;
      if (w.length >= 2 && !STOP_WORDS.has(w)) tokens.add(w);
    }
  }
  return withoutPrefixes([...tokens]);
}

/** The words that are not the start of another word of the list (order kept). */
function withoutPrefixes(words: string[]): string[] {
  const sorted = [...words].sort();
  // Sorted, a word that starts another is followed by one it starts (if by any).
  const covered = new Set(sorted.filter((w, i) => sorted[i + 1]?.startsWith(w)));
  return words.filter((w) => !covered.has(w));
}

/** ID numbers are written with thousands dots (1.121.234.567): the digits alone are the number. */
export function withoutThousandsDots(s: string): string {
  return s.replace(/(\d)\.(?=\d{3}(?!\d))/g, '$1');
}

/**
 * The words of a query, normalized, longest first (the most selective goes to the index).
 * Stop words are left out (they are not indexed) unless the query holds nothing else: "de"
 * alone still looks up the words starting with it.
 */
export function queryTokens(query: string): string[] {
  const words = normalizeText(withoutThousandsDots(query))
    .split(/[^\p{L}\p{N}-]+/u)
    .filter((w) => w.length > 0);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return (meaningful.length > 0 ? meaningful : words).sort((a, b) => b.length - a.length);
}
