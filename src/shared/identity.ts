// Colombian identity documents (shared/DOMAIN.md §6). Rules are deliberately lenient: the
// product must not refuse a request over a document format it cannot verify.
import { z } from 'zod/mini';

export const ID_TYPES = ['CC', 'TI', 'RC', 'CE', 'PPT', 'PA', 'NIT', 'SD'] as const;

export type IdType = (typeof ID_TYPES)[number];

/** The document types but `excluded` (zod/mini has no `enum.exclude`): for `z.enum(idTypesBut('SD'))`. */
export function idTypesBut<E extends IdType>(...excluded: E[]): [Exclude<IdType, E>, ...Exclude<IdType, E>[]] {
  return ID_TYPES.filter((t) => !(excluded as IdType[]).includes(t)) as [Exclude<IdType, E>, ...Exclude<IdType, E>[]];
}

export const ID_TYPE_LABELS: Readonly<Record<IdType, string>> = Object.freeze({
  CC: 'Cédula de ciudadanía',
  TI: 'Tarjeta de identidad',
  RC: 'Registro civil de nacimiento',
  CE: 'Cédula de extranjería',
  PPT: 'Permiso por protección temporal',
  PA: 'Pasaporte',
  NIT: 'NIT',
  SD: 'Sin documento',
});

export function isIdType(value: unknown): value is IdType {
  return typeof value === 'string' && (ID_TYPES as readonly string[]).includes(value);
}

export type IdValidationResult = { ok: true; normalized: string } | { ok: false; message: string };

// DIAN weights, applied from the rightmost digit of the base leftwards.
const NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71] as const;

/** DIAN check digit (DV) of a NIT base of 1–15 digits. */
export function nitCheckDigit(base: string): number {
  if (typeof base !== 'string' || !/^\d{1,15}$/.test(base)) {
    throw new RangeError(`Invalid NIT base: expected 1–15 digits, got ${JSON.stringify(base)}`);
  }
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    const digit = Number(base[base.length - 1 - i]);
    sum += digit * (NIT_WEIGHTS[i] ?? 0);
  }
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

const DIGIT_RULES: Partial<Record<IdType, { min: number; max: number }>> = {
  CC: { min: 3, max: 10 },
  TI: { min: 10, max: 11 },
  RC: { min: 6, max: 11 },
};

const ALNUM_TYPES: readonly IdType[] = ['CE', 'PPT', 'PA'];

/** The keyboard a phone should open for a document's number: digits only, except the documents with letters. */
export function idInputMode(type: IdType): 'numeric' | 'text' {
  return ALNUM_TYPES.includes(type) ? 'text' : 'numeric';
}

function fail(message: string): IdValidationResult {
  return { ok: false, message };
}

/**
 * Validates and normalizes a document number. Spaces and thousands dots are tolerated
 * (people write '1.234.567'); alphanumeric documents are upper-cased.
 */
export function validateIdNumber(type: IdType, number: string): IdValidationResult {
  if (!isIdType(type)) return fail('Tipo de documento no válido.');
  if (typeof number !== 'string') return fail('El número de documento debe ser un texto.');
  const trimmed = number.trim();

  if (type === 'SD') {
    return trimmed === ''
      ? { ok: true, normalized: '' }
      : fail('Si la persona no tiene documento (anónimo), el número debe quedar vacío.');
  }
  if (trimmed === '') return fail('Ingrese el número de documento.');

  const label = ID_TYPE_LABELS[type];
  const compact = trimmed.replace(/[\s.]/g, '');

  const digitRule = DIGIT_RULES[type];
  if (digitRule) {
    if (!/^\d+$/.test(compact)) return fail(`${label}: use solo dígitos.`);
    if (compact.length < digitRule.min || compact.length > digitRule.max) {
      return fail(`${label}: debe tener entre ${digitRule.min} y ${digitRule.max} dígitos.`);
    }
    return { ok: true, normalized: compact };
  }

  if (ALNUM_TYPES.includes(type)) {
    const alnum = compact.replace(/-/g, '').toUpperCase();
    if (!/^[A-Z0-9]+$/.test(alnum)) return fail(`${label}: use solo letras y números.`);
    if (alnum.length < 3 || alnum.length > 20) {
      return fail(`${label}: debe tener entre 3 y 20 caracteres.`);
    }
    return { ok: true, normalized: alnum };
  }

  // NIT: base + check digit, with or without the hyphen; the DV is always required because a
  // bare digit string is ambiguous.
  const m = /^(\d{3,15})-?(\d)$/.exec(compact);
  if (!m) {
    return fail('NIT: escriba el número con su dígito de verificación, por ejemplo 800197268-4.');
  }
  const base = m[1] as string;
  const dv = Number(m[2]);
  const expected = nitCheckDigit(base);
  if (dv !== expected) {
    return fail(`NIT: el dígito de verificación no corresponde (para ${base} debe ser ${expected}).`);
  }
  return { ok: true, normalized: `${base}-${dv}` };
}

export const citizenIdSchema = z.object({ idType: z.enum(ID_TYPES), idNumber: z.string() }).check(z.superRefine((value, ctx) => {
    const result = validateIdNumber(value.idType, value.idNumber);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, path: ['idNumber'] });
  }));

export type CitizenId = z.infer<typeof citizenIdSchema>;

/** Same as citizenIdSchema, but the output carries the normalized number. */
export const normalizedCitizenIdSchema = z.pipe(citizenIdSchema, z.transform((value) => {
  const result = validateIdNumber(value.idType, value.idNumber);
  return { idType: value.idType, idNumber: result.ok ? result.normalized : value.idNumber };
}));
