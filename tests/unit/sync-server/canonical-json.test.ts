// The audit chain hashes the canonical JSON of each entry: the text must stay byte for byte what
// every entry already stored was hashed with, whatever the implementation does to be fast.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../sync-server/audit/audit-chain';

/** The first implementation, the text every stored entry was hashed with. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, writes null for undefined array items', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }], e: undefined })).toBe('{"a":[null,{"c":"x"}],"b":1}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ only: undefined })).toBe('{}');
  });

  it('writes exactly what the first implementation wrote, for entries like the push writes and odd values', () => {
    const values: unknown[] = [
      { seq: 12, at: '2026-03-10T15:00:00.000Z', municipality: '95200', userId: 'u', deviceId: null, action: 'create', kind: 'pqrsd', recordId: 'r', detail: { mutationId: 'm', rev: 1, fields: ['b', 'a', 'ñandú', 'Z'] }, keyId: 'k' },
      { 'ñ': 1, N: 2, '\u0000x': 'nul', 'e\u0301': 'é', '😀': [1.5, -0, true, false, null, 'line\nbreak', '"quoted"'] },
      [[[]], [{}], { a: { b: { c: [undefined, () => 1] } } }],
      { date: new Date(0), big: 1e21, neg: -3, nan: Number.NaN },
      'plain',
      42,
      null,
      undefined,
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(reference(v));
  });
});
