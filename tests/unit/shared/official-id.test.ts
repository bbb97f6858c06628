import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { normalizeOfficialIdNumber, officialIdFor } from '../../../src/shared/training/official-id';

const uuid = z.uuid();

async function sha256Hex(text: string): Promise<string> {
  const d = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('officialIdFor', () => {
  it('is a version 8, variant 10 UUID accepted by zod z.uuid()', async () => {
    for (const n of ['1234567', '98765432', 'AB12345', '1', 'x']) {
      const id = await officialIdFor('miraflores', 'CC', n);
      expect(uuid.safeParse(id).success).toBe(true);
      expect(z.uuid({ version: 'v8' }).safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('is the first 16 bytes of SHA-256 of official|municipality|idType|number with version/variant set', async () => {
    const hex = await sha256Hex('official|miraflores|CC|1234567');
    const b6 = ((parseInt(hex.slice(12, 14), 16) & 0x0f) | 0x80).toString(16).padStart(2, '0');
    const b8 = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
    const bytes = hex.slice(0, 12) + b6 + hex.slice(14, 16) + b8 + hex.slice(18, 32);
    const expected = `${bytes.slice(0, 8)}-${bytes.slice(8, 12)}-${bytes.slice(12, 16)}-${bytes.slice(16, 20)}-${bytes.slice(20)}`;
    expect(await officialIdFor('miraflores', 'CC', '1234567')).toBe(expected);
  });

  it('is deterministic and ignores how the number was typed', async () => {
    const a = await officialIdFor('miraflores', 'CC', '1.234.567');
    expect(await officialIdFor('miraflores', 'CC', ' 1234567 ')).toBe(a);
    expect(await officialIdFor('miraflores', 'CC', '1 234 567')).toBe(a);
    expect(await officialIdFor('miraflores', 'CE', 'ab-123 45')).toBe(await officialIdFor('miraflores', 'CE', 'AB12345'));
  });

  it('differs by municipality, document type and number', async () => {
    const ids = new Set([
      await officialIdFor('miraflores', 'CC', '1234567'),
      await officialIdFor('calamar', 'CC', '1234567'),
      await officialIdFor('miraflores', 'CE', '1234567'),
      await officialIdFor('miraflores', 'CC', '1234568'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('falls back to trim/uppercase for invalid numbers or unknown types', async () => {
    expect(normalizeOfficialIdNumber('CC', ' 12ab ')).toBe('12AB');
    expect(normalizeOfficialIdNumber('XX', ' p-1.2 ')).toBe('P-1.2');
    expect(normalizeOfficialIdNumber('CC', '1.234.567')).toBe('1234567');
    expect(await officialIdFor('miraflores', 'CC', ' 12ab')).toBe(await officialIdFor('miraflores', 'CC', '12AB '));
    expect(uuid.safeParse(await officialIdFor('miraflores', 'XX', '')).success).toBe(true);
  });
});
