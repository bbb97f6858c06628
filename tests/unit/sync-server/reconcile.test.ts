import { describe, expect, it } from 'vitest';
import { reconcileMutation, type Actor } from '../../../sync-server/reconcile/reconcile-mutation';
import { sameValue } from '../../../sync-server/reconcile/same-value';
import type { StoredRecord } from '../../../sync-server/store/store';
import { initialLifecycle } from '../../helpers/default-rules';
import { pqrsdCreateSchema, RECORD_KINDS, type PqrsdType } from '#shared/records';
import { ANONYMOUS, createMutation, updateMutation } from '../../helpers/fixtures';

const official: Actor = { userId: 'user-a', role: 'official', municipality: '95200', deviceId: 'device-A', dependencia: 'Ventanilla única' };
const deviceB: Actor = { ...official, userId: 'user-b', deviceId: 'device-B' };

/**
 * A request as the server stores it: created at rev 1 by device A, then `subject` changed
 * by device B at rev 2.
 */
function stored(over: Record<string, unknown> = {}): StoredRecord {
  const m = createMutation(over);
  const data: Record<string, unknown> = {
    ...pqrsdCreateSchema.parse(m.data),
    subject: 'Asunto de B',
    id: m.recordId,
    municipality: '95200',
    radicado: '95200-2026-000001',
    createdBy: 'user-a',
    deviceId: 'device-A',
    lifecycle: initialLifecycle((over.type as PqrsdType | undefined) ?? 'peticion_general', String(m.data.receivedAt)),
  };
  const fieldRevs = Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: 'device-A' }]));
  fieldRevs.subject = { rev: 2, device: 'device-B' };
  return { municipality: '95200', kind: 'pqrsd', id: m.recordId, rev: 2, seq: 2, data, fieldRevs, updatedAt: 'x', updatedBy: 'user-b' };
}

describe('reconcileMutation: create', () => {
  it('accepts a valid create and stamps who, where and from which device', () => {
    const m = createMutation();
    const d = reconcileMutation(m, null, official);
    expect(d.type).toBe('create');
    if (d.type !== 'create') return;
    expect(d.kind).toBe('pqrsd');
    expect(d.data).toMatchObject({ id: m.recordId, municipality: '95200', createdBy: 'user-a', deviceId: 'device-A', subject: m.data.subject });
    expect(d.data).not.toHaveProperty('radicado');
  });

  it('does not let the device choose its municipality, author or radicado', () => {
    const m = createMutation({ municipality: '11001', createdBy: 'someone', radicado: '95200-2026-999999', id: 'other' });
    const d = reconcileMutation(m, null, official);
    expect(d).toMatchObject({ type: 'create', data: { municipality: '95200', createdBy: 'user-a', id: m.recordId } });
    if (d.type === 'create') expect(d.data).not.toHaveProperty('radicado');
  });

  it('refuses a create of a record that exists', () => {
    expect(reconcileMutation(createMutation(), stored(), official)).toMatchObject({ type: 'reject', error: { code: 'RECORD_EXISTS' } });
  });

  it('refuses invalid data with the issues', () => {
    const citizen = { idType: 'NIT', idNumber: '800197268-5', name: 'Cooperativa', email: 'coop@example.com' };
    const d = reconcileMutation(createMutation({ citizen }), null, official);
    expect(d).toMatchObject({ type: 'reject', error: { code: 'VALIDATION_FAILED' } });
    if (d.type === 'reject') expect(d.error.details).toEqual([expect.objectContaining({ path: 'citizen.idNumber' })]);
  });

  it.each(['trainer', 'internal_control'] as const)('refuses a %s writing a pqrsd', (role) => {
    expect(reconcileMutation(createMutation(), null, { ...official, role })).toMatchObject({
      type: 'reject',
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses an unknown kind, and a kind only the server creates', () => {
    expect(reconcileMutation({ ...createMutation(), kind: 'training' }, null, official)).toMatchObject({
      error: { code: 'UNKNOWN_KIND' },
    });
    expect(reconcileMutation({ ...createMutation(), kind: 'toString' }, null, official)).toMatchObject({
      error: { code: 'UNKNOWN_KIND' },
    });
    expect(reconcileMutation({ ...createMutation(), kind: 'conflict' }, null, { ...official, role: 'admin' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('reconcileMutation: update (field merge)', () => {
  it('applies a field nobody else changed since the base revision', () => {
    const cur = stored();
    const d = reconcileMutation(updateMutation(cur.id, 1, { description: 'Nueva descripción' }), cur, official);
    expect(d).toMatchObject({ type: 'update', changed: ['description'], conflicts: [] });
    if (d.type !== 'update') return;
    expect(d.data.description).toBe('Nueva descripción');
    expect(d.data.subject).toBe('Asunto de B');
    expect(cur.data.description).not.toBe('Nueva descripción'); // the stored copy is not mutated
  });

  it('keeps a field changed by another device since baseRev as a conflict, and applies the rest', () => {
    const cur = stored();
    const d = reconcileMutation(updateMutation(cur.id, 1, { subject: 'Asunto de A', channel: 'web' }), cur, official);
    expect(d).toMatchObject({
      type: 'update',
      changed: ['channel'],
      conflicts: [{ field: 'subject', serverValue: 'Asunto de B', clientValue: 'Asunto de A' }],
    });
    if (d.type === 'update') expect(d.data).toMatchObject({ subject: 'Asunto de B', channel: 'web' });
  });

  it('is no conflict when the device had already seen the other change', () => {
    const cur = stored();
    const d = reconcileMutation(updateMutation(cur.id, 2, { subject: 'Asunto de A' }), cur, official);
    expect(d).toMatchObject({ type: 'update', changed: ['subject'], conflicts: [] });
  });

  it("is no conflict when the later change was the same device's own", () => {
    const cur = stored();
    const d = reconcileMutation(updateMutation(cur.id, 1, { subject: 'Asunto de B, corregido' }), cur, deviceB);
    expect(d).toMatchObject({ type: 'update', changed: ['subject'], conflicts: [] });
  });

  it('is a noop when nothing changes (including equal nested values in another key order)', () => {
    const cur = stored();
    const citizen = cur.data.citizen as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(citizen).reverse());
    expect(Object.keys(reordered)).not.toEqual(Object.keys(citizen));
    expect(reconcileMutation(updateMutation(cur.id, 1, { subject: 'Asunto de B', citizen: reordered }), cur, official)).toEqual({
      type: 'noop',
      kind: 'pqrsd',
    });
    expect(reconcileMutation(updateMutation(cur.id, 2, {}), cur, official)).toEqual({ type: 'noop', kind: 'pqrsd' });
  });

  it.each(['radicado', 'provisionalNumber', 'municipality', 'createdBy', 'type', 'lifecycle'])('refuses to change the read-only %s', (field) => {
    const cur = stored();
    const d = reconcileMutation(updateMutation(cur.id, 2, { [field]: 'x', subject: 'Otro asunto' }), cur, official);
    expect(d).toMatchObject({ type: 'reject', error: { code: 'READ_ONLY_FIELD' } });
  });

  it('refuses invalid values, an update without base, of a missing record, or by a reader', () => {
    const cur = stored();
    expect(reconcileMutation(updateMutation(cur.id, 2, { subject: 'x' }), cur, official)).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(reconcileMutation({ ...updateMutation(cur.id, 2, { subject: 'Otro asunto' }), baseRev: null }, cur, official)).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(reconcileMutation(updateMutation(cur.id, 2, { subject: 'Otro asunto' }), null, official)).toMatchObject({
      error: { code: 'RECORD_NOT_FOUND' },
    });
    expect(
      reconcileMutation(updateMutation(cur.id, 2, { subject: 'Otro asunto' }), cur, { ...official, role: 'internal_control' }),
    ).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('refuses a change that would break a whole-record rule (anonymous only for a denuncia)', () => {
    const peticion = stored();
    const d = reconcileMutation(updateMutation(peticion.id, 2, { citizen: ANONYMOUS }), peticion, official);
    expect(d).toMatchObject({ type: 'reject', error: { code: 'VALIDATION_FAILED' } });
    const denuncia = stored({ type: 'denuncia' });
    const ok = reconcileMutation(updateMutation(denuncia.id, 2, { citizen: ANONYMOUS }), denuncia, official);
    expect(ok).toMatchObject({ type: 'update', changed: ['citizen'], conflicts: [] });
  });

  it('only the declared fields of a kind are updatable', () => {
    expect(Object.keys(RECORD_KINDS.pqrsd.updateSchema.shape).sort()).toEqual(
      ['attachments', 'channel', 'citizen', 'description', 'files', 'subject'].sort(),
    );
  });
});

describe('sameValue', () => {
  it('compares JSON values structurally', () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});

describe('patches carry only what changed', () => {
  it('an update of one field never fills in the defaults of the others', async () => {
    const { RECORD_KINDS } = await import('#shared/records');
    for (const kind of ['pqrsd', 'portal_draft', 'official', 'course'] as const) {
      const schema = RECORD_KINDS[kind].updateSchema as unknown as { parse(v: unknown): Record<string, unknown> };
      const field = kind === 'pqrsd' ? 'subject' : kind === 'official' ? 'fullName' : kind === 'course' ? 'name' : 'title';
      expect(Object.keys(schema.parse({ [field]: 'Un valor nuevo' })), kind).toEqual([field]);
    }
  });
});

describe('reconcileMutation: bounds of what a device may claim', () => {
  const now = new Date('2026-03-12T15:00:00.000Z');

  it('refuses a base revision the server never gave out, with both revisions', () => {
    const cur = stored();
    expect(reconcileMutation(updateMutation(cur.id, 3, { description: 'Otra' }), cur, official, now)).toMatchObject({
      type: 'reject',
      error: { code: 'VALIDATION_FAILED', details: { baseRev: 3, rev: 2 } },
    });
    expect(reconcileMutation(updateMutation(cur.id, 2, { description: 'Otra' }), cur, official, now)).toMatchObject({ type: 'update' });
  });

  it('refuses a receipt later than the server’s clock plus a day, and takes one within it', () => {
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const late = reconcileMutation(createMutation({ receivedAt: at(25 * 3_600_000) }), null, official, now);
    expect(late).toMatchObject({ type: 'reject', error: { code: 'VALIDATION_FAILED', details: [{ path: 'receivedAt' }] } });
    const ahead = createMutation({ receivedAt: at(23 * 3_600_000), privacyNotice: { version: '2026-1', shownAt: at(23 * 3_600_000) } });
    expect(reconcileMutation(ahead, null, official, now)).toMatchObject({ type: 'create' });
  });

  it('every declared date of what happened is a field a device sends', () => {
    for (const [kind, spec] of Object.entries(RECORD_KINDS)) {
      const paths: readonly string[] = 'pastDates' in spec ? spec.pastDates : [];
      const shapes = [spec.createSchema, spec.updateSchema].map((s) => Object.keys((s as { shape?: object } | null)?.shape ?? {}));
      for (const path of paths) expect(shapes.flat(), `${kind}.${path}`).toContain(path.split('.')[0]);
    }
    expect(Object.entries(RECORD_KINDS).filter(([, s]) => 'pastDates' in s).map(([k]) => k)).toEqual(
      expect.arrayContaining(['pqrsd', 'pqrsd_event', 'attendance_mark', 'data_subject_request']),
    );
  });
});
