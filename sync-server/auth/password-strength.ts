import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MIN_LENGTH } from '#shared/auth';
import { AppError } from '#shared/errors';
import { KNOWN_MUNICIPALITIES } from '#shared/municipality/municipality-seed';
import { ROLE_LABELS, type Role } from '#shared/roles';
import type { Store } from '../store/store';
import type { AcceptedPassword } from './passwords';

/** Whose password it is: a password must not be made of their names, role or office. */
export interface PasswordOwner {
  username: string;
  displayName: string;
  municipality: string;
  role: Role;
  dependencia?: string | null;
}

/** The seed's towns and departments, whole and by their longer words ("retorno"). */
function seedPlaces(): string[] {
  const names = Object.values(KNOWN_MUNICIPALITIES).flatMap((m) => [m.name, m.department].map((n) => n.toLowerCase()));
  const words = names.flatMap((n) => n.split(/\s+/)).filter((w) => w.length >= 4 && !['santa', 'santo', 'puerto', 'villa'].includes(w));
  return [...new Set([...names, ...words])];
}

/**
 * What anyone guessing a password here tries first, besides the person's own names: the
 * product, the place, the institution, the words of the screen and of the roles. Kept whole
 * (not split into words) so that short common words never count as names.
 */
const CONTEXT_WORDS = [
  'gel', 'campo', 'gelcampo', 'gel campo', 'gel-t', 'gelt', 'gobierno en línea', 'gobierno digital',
  ...seedPlaces(), 'colombia',
  'alcaldía', 'alcaldia', 'alcalde', 'alcaldesa', 'municipio', 'concejo', 'personería', 'personeria',
  'contraseña', 'contrasena', 'password', 'clave', 'usuario', 'usuaria', 'bienvenido', 'bienvenida',
  'pqrsd', 'pqrs', 'pqr', 'radicado', 'peticiones', 'secretaría', 'secretaria', 'gobierno', 'despacho',
  'funcionario', 'funcionaria', 'ventanilla', 'ventanilla única', 'capacitador', 'capacitadora', 'capacitación',
  'comité', 'comite', 'control', 'control interno', 'interno', 'administrador', 'administradora', 'admin',
];

/** zxcvbn's 3: "safely unguessable", about 10^8 guesses or more. */
const MIN_SCORE = 3;
/** Built on the person's own names, which an attacker tries first: 4 (about 10^10 or more). */
const MIN_SCORE_WITH_OWN_NAMES = 4;

interface Estimator {
  zxcvbn: ZxcvbnFactory;
  /** Spanish texts for our own refusal of a password built on the person's names. */
  personal: string[];
}

let estimator: Promise<Estimator> | null = null;

// Loaded on first use: the dictionaries are large, and the server's start and most CLI commands
// never need them. Spanish dictionaries and feedback, plus the common passwords list.
function load(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, es] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-es-es'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      translations: es.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...es.dictionary },
      // Only the first 64 characters are estimated: a check runs on the event loop, and 256
      // characters of repeats can cost seconds; what follows can only make a password stronger.
      maxLength: 64,
    });
    return { zxcvbn, personal: [es.translations.warnings.userInputs, es.translations.suggestions.anotherWord] };
  })();
  return estimator;
}

const unaccented = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** Each name whole and word by word, with and without accents ("Gómez" also as "gomez"). */
export function ownerWords(names: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    for (const form of [name.toLowerCase(), unaccented(name.toLowerCase())]) {
      out.add(form);
      for (const word of form.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) out.add(word);
    }
  }
  return [...out];
}

const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** Why a password is too easy to guess, in Spanish, or null when it is strong enough. */
export async function passwordWeakness(password: string, userInputs: readonly string[]): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`;
  const { zxcvbn, personal } = await load();
  const result = zxcvbn.check(password, [...userInputs]);
  const ownNames = result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs');
  if (result.score >= (ownNames ? MIN_SCORE_WITH_OWN_NAMES : MIN_SCORE)) return null;
  const { warning, suggestions } = result.feedback;
  // zxcvbn gives no feedback above score 2; a name-based password of score 3 gets ours.
  const reasons = warning || suggestions.length > 0 ? [...(warning ? [warning] : []), ...suggestions] : personal;
  return ['La contraseña es demasiado fácil de adivinar', ...reasons].map(sentence).join(' ');
}

/**
 * What the owner's password must not be made of: their username, name, role and office, the
 * municipality (code and name) and every other municipality the server knows, the product and
 * institution words, and this year and the next. A password that contains any of them must
 * reach the top score (see MIN_SCORE_WITH_OWN_NAMES).
 */
async function wordsOf(store: Store, owner: PasswordOwner, now = new Date()): Promise<string[]> {
  const towns = await store.listMunicipalities();
  const townNames = await Promise.all(towns.map((code) => store.municipalityName(code)));
  const year = now.getUTCFullYear();
  return [
    ...ownerWords([owner.username, owner.displayName, owner.municipality, owner.dependencia]),
    ...ownerWords([ROLE_LABELS[owner.role], owner.role]),
    ...ownerWords([...towns, ...townNames.filter((n) => n !== null && !/^\d+$/.test(n))]).filter((w) => !TOWN_FILLERS.has(w)),
    ...CONTEXT_WORDS.flatMap((w) => [w, unaccented(w)]),
    String(year),
    String(year + 1),
  ];
}

/** Words of place names that are no names by themselves ("San … del …"). */
const TOWN_FILLERS = new Set(['del', 'las', 'los', 'san', 'santa', 'santo', 'puerto', 'villa']);

/**
 * The one gate for a new password (admin create, CLI create, reset, own change): refused with
 * VALIDATION_FAILED and the Spanish reason on `field` when too short or too easy to guess.
 */
export async function acceptPassword(store: Store, password: string, owner: PasswordOwner, field: string): Promise<AcceptedPassword> {
  const weakness = await passwordWeakness(password, await wordsOf(store, owner));
  if (weakness) throw new AppError('VALIDATION_FAILED', 'The password is too easy to guess', [{ path: field, message: weakness }]);
  return password as AcceptedPassword;
}

/** A generated password that passed the same check (a random one fails it next to never). */
export async function acceptGenerated(store: Store, generate: () => string, owner: PasswordOwner): Promise<AcceptedPassword> {
  const words = await wordsOf(store, owner);
  for (let i = 0; i < 20; i++) {
    const candidate = generate();
    if (!(await passwordWeakness(candidate, words))) return candidate as AcceptedPassword;
  }
  throw new AppError('INTERNAL', 'Could not generate a strong temporary password');
}

/** The demo accounts' password is public (README) by design: the demo seed alone skips the check. */
export const demoPassword = (password: string): AcceptedPassword => password as AcceptedPassword;
