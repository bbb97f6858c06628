import { describe, expect, it } from 'vitest';
import { createdView, fieldsToSettle, holdsCurrent } from '../../../sync-server/sync/settle';
import type { StoredRecord } from '../../../sync-server/store/store';

const stored = (over: Partial<StoredRecord> = {}): StoredRecord => ({
  municipality: '95200',
  kind: 'pqrsd',
  id: 'r1',
  rev: 3,
  seq: 9,
  data: {},
  fieldRevs: {},
  updatedAt: '2026-03-10T15:00:00.000Z',
  updatedBy: 'u',
  ...over,
});

describe('settling a push answer', () => {
  it('sends back exactly the fields where the stored record differs from what the device holds', () => {
    expect(fieldsToSettle({ a: 1, b: { x: [1] }, radicado: 'R-1' }, { a: 1, b: { x: [1] }, radicado: null })).toEqual({ radicado: 'R-1' });
    expect(fieldsToSettle({ a: 1, added: true }, { a: 1 })).toEqual({ added: true });
    expect(fieldsToSettle({ a: 1 }, { a: 1 })).toEqual({});
  });

  it('cannot settle a device that holds a field the server dropped', () => {
    expect(fieldsToSettle({ a: 1 }, { a: 1, extra: 'x' })).toBeNull();
    expect(fieldsToSettle({ a: 1 }, { a: 1, gone: undefined })).toEqual({});
  });

  it("a created record's view is its data with the envelope the device writes", () => {
    const data = { subject: 's', id: 'r1', municipality: '95200', createdBy: 'u', deviceId: 'd', radicado: 'R-1' };
    expect(createdView({ subject: 's' }, data)).toEqual({ subject: 's', id: 'r1', municipality: '95200', createdBy: 'u', deviceId: 'd' });
  });

  it('the device holds the current state when it based its change on it, or settled it itself', () => {
    expect(holdsCurrent(stored({ rev: 3 }), 3, 'd1')).toBe(true);
    expect(holdsCurrent(stored({ rev: 3, origin: 'd1' }), 1, 'd1')).toBe(true);
    expect(holdsCurrent(stored({ rev: 3, origin: 'd2' }), 1, 'd1')).toBe(false);
    expect(holdsCurrent(stored({ rev: 3 }), 2, 'd1')).toBe(false);
  });
});
