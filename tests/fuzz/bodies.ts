// fast-check generators of hostile values and request bodies: nasty strings and numbers, perturbed
// objects, broken JSON, gzip (good, garbage, bomb) and oversized bodies.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

export const MAX_BODY = 2 * 1024 * 1024;

// ---------- primitive nasties ----------
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n));
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\u202e\u200f\u200e', '\ud800', '\udc00x', '\ufeff', '\uffff', '😀'.repeat(50),
  '../../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%00', '<script>alert(1)</script>', "' OR 1=1 --", '__proto__',
  'constructor', 'prototype', 'null', 'undefined', 'NaN', '1e999', 'A'.repeat(5000), 'é'.repeat(300), '\r\n\t',
];
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.constantFrom('\u0000', '\u202e', '/', '.', '%')), maxLength: 20 }),
  fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
);
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 31, 2 ** 53),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON text with numbers JavaScript cannot hold, or nesting deep enough to hurt a recursive walker. */
const rawJsonNasties: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '0.0000000000000000000001', '-0', '1E+400'),
  fc.integer({ min: 100, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 100, max: 5_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
);
const PROTO_INJECTIONS = [
  '"__proto__":{"role":"admin","municipality":"11001","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":true}}',
  '"__proto__":null',
  '"prototype":{"x":1}',
];

/** Inserts a key straight into JSON text (an object literal cannot carry an own `__proto__`). */
function injectKey(json: string, entry: string): string {
  if (!json.startsWith('{')) return json;
  return json === '{}' ? `{${entry}}` : `{${entry},${json.slice(1)}`;
}

/** One perturbation of an object: a field dropped, retyped, set to a nasty value, or an extra key. */
export function perturb(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  return fc.oneof(
    key.map((k) => {
      const { [k]: _drop, ...rest } = base;
      return rest;
    }),
    fc.tuple(key, nastyValue).map(([k, v]) => ({ ...base, [k]: v })),
    fc.tuple(nastyString, nastyValue).map(([k, v]) => ({ ...base, [k]: v })),
    fc.tuple(key, fc.constantFrom<unknown>(null, 0, '', [], {}, true, '2026-02-30', '25:61', 'not-a-uuid')).map(([k, v]) => ({ ...base, [k]: v })),
  );
}

/** A body: the valid base, a perturbed one, wrong types, broken JSON, gzip (good, garbage, bomb), oversized. */
export function jsonBody(base: unknown): fc.Arbitrary<{ body: string | Uint8Array | null; headers: Record<string, string> }> {
  const json = { 'content-type': 'application/json' };
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
  const text = (a: fc.Arbitrary<string>) => a.map((body) => ({ body, headers: json }));
  return fc.oneof(
    { weight: 3, arbitrary: text(fc.constant(JSON.stringify(base))) },
    { weight: 6, arbitrary: text(fc.integer({ min: 1, max: 3 }).chain((n) => perturbMany(obj, n)).map((o) => JSON.stringify(o))) },
    { weight: 2, arbitrary: text(fc.tuple(fc.constantFrom(...PROTO_INJECTIONS), fc.constant(JSON.stringify(base))).map(([e, b]) => injectKey(b, e))) },
    { weight: 2, arbitrary: text(nastyValue.map((v) => JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: text(rawJsonNasties) },
    { weight: 1, arbitrary: text(rawJsonNasties.map((v) => injectKey(JSON.stringify(base), `"size":${v}`))) },
    { weight: 2, arbitrary: text(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('', '{', '{"a":', '[1,', 'nul', '{"a":1}}'))) },
    { weight: 1, arbitrary: fc.nat({ max: JSON.stringify(base).length }).map((n) => ({ body: JSON.stringify(base).slice(0, n), headers: json })) },
    { weight: 1, arbitrary: fc.constant({ body: null, headers: {} }) },
    { weight: 1, arbitrary: fc.constant({ body: gzipSync(JSON.stringify(base)), headers: { ...json, 'content-encoding': 'gzip' } }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: b, headers: { ...json, 'content-encoding': 'gzip' } })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 50 }).map((b) => ({ body: new Uint8Array([0x1f, 0x8b, 8, 0, ...b]), headers: { 'content-encoding': 'GZIP' } })) },
    { weight: 1, arbitrary: fc.constant(null).map(() => ({ body: gzipBomb(), headers: { ...json, 'content-encoding': 'gzip' } })) },
    { weight: 1, arbitrary: fc.constantFrom('br', 'deflate', 'gzip, gzip', 'x'.repeat(300)).map((e) => ({ body: JSON.stringify(base), headers: { ...json, 'content-encoding': e } })) },
    { weight: 1, arbitrary: fc.constantFrom('abc', '-1', '1e999', String(MAX_BODY + 1), '0').map((l) => ({ body: JSON.stringify(base), headers: { ...json, 'content-length': l } })) },
    { weight: 1, arbitrary: fc.constant(null).map(() => ({ body: oversized(), headers: json })) },
  );
}

/** The envelope intact most of the time, so the fuzzed content inside reaches the deep code. */
export function mostlyValid(base: unknown): ReturnType<typeof jsonBody> {
  const plain = { body: JSON.stringify(base) as string | Uint8Array | null, headers: { 'content-type': 'application/json' } as Record<string, string> };
  return fc.oneof({ weight: 3, arbitrary: fc.constant(plain) }, { weight: 2, arbitrary: jsonBody(base) });
}

export function perturbMany(base: Record<string, unknown>, n: number): fc.Arbitrary<Record<string, unknown>> {
  return n <= 0 ? fc.constant(base) : perturb(base).chain((b) => perturbMany(b, n - 1));
}

let bomb: Uint8Array | null = null;
/** 9 MB of zeros inflated from a few KB: over maxInflatedBytes. */
function gzipBomb(): Uint8Array {
  bomb ??= gzipSync(Buffer.alloc(9 * 1024 * 1024));
  return bomb;
}
let big: string | null = null;
function oversized(): string {
  big ??= JSON.stringify({ deviceId: 'device-0001', mutations: [], pad: 'x'.repeat(MAX_BODY) });
  return big;
}
