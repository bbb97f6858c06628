import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, AppError, apiErrorSchema } from '#shared/errors';
import {
  mutationResultSchema,
  mutationSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushRequestSchema,
  SYNC_LIMITS,
} from '#shared/sync-protocol';
import { createMutation } from '../../helpers/fixtures';

const valid = createMutation();

describe('mutationSchema (the envelope of one change)', () => {
  it('accepts a create and an update', () => {
    expect(mutationSchema.safeParse(valid).success).toBe(true);
    const update = { ...valid, op: 'update', baseRev: 3, data: { subject: 'Nuevo asunto' } };
    expect(mutationSchema.parse(update)).toEqual(update);
  });

  it('refuses a NUL character anywhere in the data (a value, a nested one, a key) on the data field; a typed \\u0000 is text', () => {
    for (const data of [{ subject: 'a\u0000b' }, { files: [{ name: 'x', note: ['ok', 'n\u0000'] }] }, { extra: { ['k\u0000']: 1 } }]) {
      const r = mutationSchema.safeParse({ ...valid, op: 'update', baseRev: 1, data });
      expect(r.success).toBe(false);
      expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['data'], message: 'El texto contiene un carácter nulo (U+0000)' })]);
    }
    expect(mutationSchema.safeParse({ ...valid, op: 'update', baseRev: 1, data: { subject: 'escribió \\u0000 a mano', n: 0, ok: null } }).success).toBe(true);
  });

  it('accepts an instant with an offset as well as with Z', () => {
    expect(mutationSchema.safeParse({ ...valid, at: '2026-03-10T10:00:00-05:00' }).success).toBe(true);
    expect(mutationSchema.safeParse({ ...valid, at: '2026-03-10T15:00:00Z' }).success).toBe(true);
  });

  it.each([
    ['a mutation id that is not a UUID', { id: 'abc' }],
    ['a record id that is not a UUID', { recordId: '123' }],
    ['an empty kind', { kind: '' }],
    ['a kind longer than 40 characters', { kind: 'k'.repeat(41) }],
    ['an unknown op', { op: 'delete' }],
    ['a negative baseRev', { baseRev: -1 }],
    ['a fractional baseRev', { baseRev: 1.5 }],
    ['data that is an array', { data: [] }],
    ['data that is a string', { data: 'x' }],
    ['an instant without a zone', { at: '2026-03-10T10:00:00' }],
    ['a date instead of an instant', { at: '2026-03-10' }],
  ])('rejects %s', (_what, patch) => {
    expect(mutationSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });

  it.each(['id', 'kind', 'recordId', 'op', 'baseRev', 'data', 'at'])('requires %s', (field) => {
    const copy: Record<string, unknown> = { ...valid };
    delete copy[field];
    expect(mutationSchema.safeParse(copy).success).toBe(false);
  });
});

describe('pushRequestSchema', () => {
  it('accepts any list of mutations, so that each is judged on its own', () => {
    const r = pushRequestSchema.parse({ deviceId: 'device-0001', mutations: [valid, { garbage: true }, 42] });
    expect(r.mutations).toHaveLength(3);
  });

  it.each([
    ['no deviceId', { mutations: [] }],
    ['a deviceId shorter than 8', { deviceId: 'short', mutations: [] }],
    ['a deviceId longer than 64', { deviceId: 'd'.repeat(65), mutations: [] }],
    ['mutations that are not a list', { deviceId: 'device-0001', mutations: {} }],
    ['no mutations', { deviceId: 'device-0001' }],
  ])('rejects %s', (_what, body) => {
    expect(pushRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('pullRequestSchema (the cursor)', () => {
  it.each([null, '0', '42', '9'.repeat(18), '42.3xdsrk'])('accepts cursor %s', (cursor) => {
    expect(pullRequestSchema.safeParse({ cursor }).success).toBe(true);
  });

  it.each(['', 'abc', '-1', '1.', '1.A', '1.ab-c', `1.${'a'.repeat(14)}`, ' 1', '9'.repeat(19)])('rejects cursor %j', (cursor) => {
    expect(pullRequestSchema.safeParse({ cursor }).success).toBe(false);
  });

  it('requires the cursor key (null for the first pull)', () => {
    expect(pullRequestSchema.safeParse({}).success).toBe(false);
  });

  it('bounds the page size', () => {
    expect(pullRequestSchema.safeParse({ cursor: null, limit: 1 }).success).toBe(true);
    expect(pullRequestSchema.safeParse({ cursor: null, limit: SYNC_LIMITS.pullPageMax }).success).toBe(true);
    expect(pullRequestSchema.safeParse({ cursor: null, limit: 0 }).success).toBe(false);
    expect(pullRequestSchema.safeParse({ cursor: null, limit: SYNC_LIMITS.pullPageMax + 1 }).success).toBe(false);
    expect(pullRequestSchema.safeParse({ cursor: null, limit: 2.5 }).success).toBe(false);
  });
});

describe('results and pages', () => {
  it('tells applied, conflict and rejected results apart', () => {
    expect(mutationResultSchema.parse({ status: 'applied', mutationId: valid.id, rev: 1, serverFields: { radicado: 'x' } }).status).toBe(
      'applied',
    );
    expect(
      mutationResultSchema.safeParse({ status: 'conflict', mutationId: valid.id, rev: 2, serverFields: {}, conflicts: [] }).success,
    ).toBe(true);
    expect(
      mutationResultSchema.safeParse({ status: 'rejected', mutationId: null, error: { code: 'VALIDATION_FAILED', message: 'x' } })
        .success,
    ).toBe(true);
    // An applied result needs a positive revision; a rejection needs a known error code.
    expect(mutationResultSchema.safeParse({ status: 'applied', mutationId: valid.id, rev: 0, serverFields: {} }).success).toBe(false);
    expect(
      mutationResultSchema.safeParse({ status: 'rejected', mutationId: null, error: { code: 'NOPE', message: 'x' } }).success,
    ).toBe(false);
    expect(mutationResultSchema.safeParse({ status: 'ignored', mutationId: valid.id }).success).toBe(false);
  });

  it('validates a pull page', () => {
    const page = { changes: [{ seq: 1, kind: 'pqrsd', id: 'x', rev: 1, data: {} }], cursor: '1', hasMore: false };
    expect(pullResponseSchema.parse(page)).toEqual(page);
    expect(pullResponseSchema.safeParse({ ...page, changes: [{ ...page.changes[0], seq: 0 }] }).success).toBe(false);
    expect(pullResponseSchema.safeParse({ changes: [], cursor: null }).success).toBe(false);
  });
});

describe('error registry', () => {
  it('gives every code an HTTP status and serialises as {code, message, details}', () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS.TOO_MANY_MUTATIONS).toBe(413);
    expect(ERROR_STATUS.TOO_MANY_ATTEMPTS).toBe(429);
    expect(ERROR_STATUS.UNAUTHENTICATED).toBe(401);
    const e = new AppError('FORBIDDEN', 'no', { why: 1 });
    expect(apiErrorSchema.parse(e.toJSON())).toEqual({ code: 'FORBIDDEN', message: 'no', details: { why: 1 } });
    expect(new AppError('NOT_FOUND', 'x').toJSON()).toEqual({ code: 'NOT_FOUND', message: 'x' });
  });
});
