import { describe, expect, it } from 'vitest';
import { toHex, UUID_PATTERN, uuidText, uuidv7 } from '#shared/ids';

describe('hex and UUID text', () => {
  it('writes each byte as two lowercase hex digits', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
    expect(toHex(new Uint8Array())).toBe('');
  });

  it('lays 16 bytes out as 8-4-4-4-12', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(uuidText(bytes)).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });

  it('uuidv7 carries its millisecond time up front, version 7 and the RFC variant', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id).toMatch(UUID_PATTERN);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });
});
