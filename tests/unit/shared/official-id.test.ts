import { createHash, createHmac } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { z } from 'zod/mini';
import { fromBase64Url, newSecretKey } from '#shared/crypto/hmac';
import { normalizeOfficialIdNumber, officialIdFor } from '#shared/training/official-id';

const uuid = z.uuid();
const KEY = newSecretKey();
const OTHER_KEY = newSecretKey();

/** First 16 bytes of a digest in the UUID version 8 / variant 10 layout. */
function asUuid8(hex: string): string {
  const b6 = ((parseInt(hex.slice(12, 14), 16) & 0x0f) | 0x80).toString(16).padStart(2, '0');
  const b8 = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const bytes = hex.slice(0, 12) + b6 + hex.slice(14, 16) + b8 + hex.slice(18, 32);
  return `${bytes.slice(0, 8)}-${bytes.slice(8, 12)}-${bytes.slice(12, 16)}-${bytes.slice(16, 20)}-${bytes.slice(20)}`;
}

describe('officialIdFor', () => {
  it('is a version 8, variant 10 UUID accepted by zod z.uuid()', async () => {
    for (const n of ['1234567', '98765432', 'AB12345', '1', 'x']) {
      const id = await officialIdFor(KEY, 'miraflores', 'CC', n);
      expect(uuid.safeParse(id).success).toBe(true);
      expect(z.uuid({ version: 'v8' }).safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('is the HMAC-SHA256 (municipality key) of official|municipality|idType|number, not the unkeyed SHA-256 anyone can brute-force', async () => {
    const name = 'official|95200|CC|1234567';
    const keyed = asUuid8(createHmac('sha256', Buffer.from(fromBase64Url(KEY))).update(name).digest('hex'));
    const unkeyed = asUuid8(createHash('sha256').update(name).digest('hex'));
    const id = await officialIdFor(KEY, '95200', 'CC', '1234567');
    expect(id).toBe(keyed);
    expect(id).not.toBe(unkeyed);
  });

  it('is deterministic for one key and ignores how the number was typed', async () => {
    const a = await officialIdFor(KEY, 'miraflores', 'CC', '1.234.567');
    expect(await officialIdFor(KEY, 'miraflores', 'CC', ' 1234567 ')).toBe(a);
    expect(await officialIdFor(KEY, 'miraflores', 'CC', '1 234 567')).toBe(a);
    expect(await officialIdFor(KEY, 'miraflores', 'CE', 'ab-123 45')).toBe(await officialIdFor(KEY, 'miraflores', 'CE', 'AB12345'));
  });

  it('differs by key, municipality, document type and number', async () => {
    const ids = new Set([
      await officialIdFor(KEY, 'miraflores', 'CC', '1234567'),
      await officialIdFor(OTHER_KEY, 'miraflores', 'CC', '1234567'),
      await officialIdFor(KEY, 'calamar', 'CC', '1234567'),
      await officialIdFor(KEY, 'miraflores', 'CE', '1234567'),
      await officialIdFor(KEY, 'miraflores', 'CC', '1234568'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('refuses anything but a 256-bit key', async () => {
    await expect(officialIdFor('', '95200', 'CC', '1234567')).rejects.toThrow();
    await expect(officialIdFor('short', '95200', 'CC', '1234567')).rejects.toThrow();
  });

  it('falls back to trim/uppercase for invalid numbers or unknown types', async () => {
    expect(normalizeOfficialIdNumber('CC', ' 12ab ')).toBe('12AB');
    expect(normalizeOfficialIdNumber('XX', ' p-1.2 ')).toBe('P-1.2');
    expect(normalizeOfficialIdNumber('CC', '1.234.567')).toBe('1234567');
    expect(await officialIdFor(KEY, 'miraflores', 'CC', ' 12ab')).toBe(await officialIdFor(KEY, 'miraflores', 'CC', '12AB '));
    expect(uuid.safeParse(await officialIdFor(KEY, 'miraflores', 'XX', '')).success).toBe(true);
  });
});
