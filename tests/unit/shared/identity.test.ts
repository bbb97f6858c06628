import { describe, it, expect } from 'vitest';
import {
  ID_TYPES,
  ID_TYPE_LABELS,
  citizenIdSchema,
  isIdType,
  nitCheckDigit,
  normalizedCitizenIdSchema,
  validateIdNumber,
  type IdType,
} from '#shared/identity';

const ok = (type: IdType, value: string): string => {
  const r = validateIdNumber(type, value);
  if (!r.ok) throw new Error(`${type} ${value} rejected: ${r.message}`);
  return r.normalized;
};
const rejected = (type: IdType, value: string): boolean => !validateIdNumber(type, value).ok;

describe('ID types', () => {
  it('lists the eight types with Spanish labels', () => {
    expect(ID_TYPES).toEqual(['CC', 'TI', 'RC', 'CE', 'PPT', 'PA', 'NIT', 'SD']);
    for (const t of ID_TYPES) expect(ID_TYPE_LABELS[t].length).toBeGreaterThan(0);
    expect(ID_TYPE_LABELS.CC).toBe('Cédula de ciudadanía');
    expect(ID_TYPE_LABELS.SD).toBe('Sin documento');
    expect(isIdType('PPT')).toBe(true);
    expect(isIdType('XX')).toBe(false);
  });
});

describe('nitCheckDigit', () => {
  it.each([
    ['800197268', 4],
    ['860034313', 7],
    ['899999001', 7],
  ])('%s → %i', (base, dv) => {
    expect(nitCheckDigit(base)).toBe(dv);
  });

  it('returns a single digit for any base and rejects non-digits', () => {
    for (const base of ['1', '12345', '999999999999999', '100000000']) {
      const dv = nitCheckDigit(base);
      expect(Number.isInteger(dv) && dv >= 0 && dv <= 9).toBe(true);
    }
    expect(() => nitCheckDigit('')).toThrow(RangeError);
    expect(() => nitCheckDigit('800.197.268')).toThrow(RangeError);
    expect(() => nitCheckDigit('1234567890123456')).toThrow(RangeError);
  });
});

describe('validateIdNumber — NIT', () => {
  it('accepts the usual spellings and normalizes to base-DV', () => {
    for (const v of ['800197268-4', '8001972684', '800.197.268-4', ' 800 197 268 - 4 ', '800.197.2684']) {
      expect(ok('NIT', v), v).toBe('800197268-4');
    }
    expect(ok('NIT', '860034313-7')).toBe('860034313-7');
    expect(ok('NIT', '899.999.001-7')).toBe('899999001-7');
  });

  it('rejects a wrong check digit with a message naming the expected one', () => {
    const r = validateIdNumber('NIT', '800197268-5');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/verificación.*4/);
    expect(rejected('NIT', '8001972685')).toBe(true);
  });

  it('rejects malformed NITs', () => {
    for (const v of ['', 'ABC', '800197268-', '800197268-44', '80-4', '800-197-268-4', '800197268/4']) {
      expect(rejected('NIT', v), v).toBe(true);
    }
  });
});

describe('validateIdNumber — other types', () => {
  it('CC: 3–10 digits, dots and spaces tolerated', () => {
    expect(ok('CC', '1.023.456.789')).toBe('1023456789');
    expect(ok('CC', '123')).toBe('123');
    expect(ok('CC', ' 79845123 ')).toBe('79845123');
    for (const v of ['12', '12345678901', '79A845', '', '   ', '-1234']) expect(rejected('CC', v), v).toBe(true);
  });

  it('TI: 10–11 digits', () => {
    expect(ok('TI', '1023456789')).toBe('1023456789');
    expect(ok('TI', '10234567891')).toBe('10234567891');
    for (const v of ['123456789', '123456789012', '10234567X9']) expect(rejected('TI', v), v).toBe(true);
  });

  it('RC: 6–11 digits', () => {
    expect(ok('RC', '123456')).toBe('123456');
    expect(ok('RC', '12345678901')).toBe('12345678901');
    for (const v of ['12345', '123456789012', 'RC12345']) expect(rejected('RC', v), v).toBe(true);
  });

  it.each(['CE', 'PPT', 'PA'] as const)('%s: 3–20 letters or digits, upper-cased', (type) => {
    expect(ok(type, 'ab123')).toBe('AB123');
    expect(ok(type, '123')).toBe('123');
    expect(ok(type, 'X'.repeat(20))).toBe('X'.repeat(20));
    for (const v of ['AB', 'X'.repeat(21), 'AB_123', 'ÑA123', '']) expect(rejected(type, v), v).toBe(true);
  });

  it('SD: the number must be empty', () => {
    expect(ok('SD', '')).toBe('');
    expect(ok('SD', '  ')).toBe('');
    expect(rejected('SD', '123')).toBe(true);
  });

  it('unknown types are rejected with a Spanish message', () => {
    const r = validateIdNumber('XX' as IdType, '123');
    expect(r).toEqual({ ok: false, message: 'Tipo de documento no válido.' });
  });

  it('messages are in Spanish', () => {
    const r = validateIdNumber('CC', '12');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('Cédula de ciudadanía: debe tener entre 3 y 10 dígitos.');
  });
});

describe('citizenIdSchema', () => {
  it('accepts valid documents', () => {
    expect(citizenIdSchema.safeParse({ idType: 'CC', idNumber: '79845123' }).success).toBe(true);
    expect(citizenIdSchema.safeParse({ idType: 'NIT', idNumber: '800197268-4' }).success).toBe(true);
    expect(citizenIdSchema.safeParse({ idType: 'SD', idNumber: '' }).success).toBe(true);
  });

  it('reports the validation message on idNumber', () => {
    const r = citizenIdSchema.safeParse({ idType: 'NIT', idNumber: '800197268-5' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['idNumber']);
    expect(r.error?.issues[0]?.message).toMatch(/dígito de verificación/);
  });

  it('rejects unknown types and non-string numbers', () => {
    expect(citizenIdSchema.safeParse({ idType: 'XX', idNumber: '123' }).success).toBe(false);
    expect(citizenIdSchema.safeParse({ idType: 'CC', idNumber: 123 }).success).toBe(false);
    expect(citizenIdSchema.safeParse({ idType: 'CC' }).success).toBe(false);
  });

  it('normalizedCitizenIdSchema outputs the normalized number', () => {
    expect(normalizedCitizenIdSchema.parse({ idType: 'NIT', idNumber: '800.197.268-4' })).toEqual({
      idType: 'NIT',
      idNumber: '800197268-4',
    });
    expect(normalizedCitizenIdSchema.parse({ idType: 'PA', idNumber: 'ab 12345' })).toEqual({
      idType: 'PA',
      idNumber: 'AB12345',
    });
    expect(normalizedCitizenIdSchema.safeParse({ idType: 'CC', idNumber: '1' }).success).toBe(false);
  });
});
