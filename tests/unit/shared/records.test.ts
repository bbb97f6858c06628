import { describe, expect, it } from 'vitest';
import {
  canWrite,
  formatRadicado,
  isRecordKind,
  kindsReadableBy,
  pqrsdCreateSchema,
  pqrsdSchema,
  RECORD_KINDS,
  RECORD_KIND_NAMES,
} from '#shared/records';
import { initialLifecycle } from '../../helpers/default-rules';
import { filingGaps, type Citizen } from '#shared/records/pqrsd';
import { ROLES } from '#shared/roles';
import { sampleFiling } from '../../helpers/fixtures';

const create = (over: Record<string, unknown> = {}) => ({
  ...sampleFiling(),
  provisionalNumber: 'P-1E65-0001',
  verificationCode: 'ABCDEFGH',
  ...over,
});
const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('pqrsdCreateSchema', () => {
  it('accepts a complete request and trims text', () => {
    const r = pqrsdCreateSchema.parse(create({ subject: '  Alumbrado público  ' }));
    expect(r.subject).toBe('Alumbrado público');
  });

  it('accepts receipt instants across the calendar range, with any offset', () => {
    for (const receivedAt of ['1984-01-01T05:00:00Z', '2099-12-31T23:59:59-05:00', '2026-03-10T10:00:00.123456789+02:00']) {
      expect(pqrsdCreateSchema.safeParse(create({ receivedAt })).success).toBe(true);
    }
  });

  it('drops fields that only the server sets', () => {
    const r = pqrsdCreateSchema.parse(create({ radicado: '95200-2026-000001', municipality: '11001' }));
    expect(r).not.toHaveProperty('radicado');
    expect(r).not.toHaveProperty('municipality');
  });

  it.each(['type', 'channel', 'receivedAt', 'citizen', 'subject', 'description', 'privacyNotice', 'verificationCode', 'provisionalNumber'])('requires %s', (field) => {
    const data: Record<string, unknown> = create();
    delete data[field];
    const r = pqrsdCreateSchema.safeParse(data);
    expect(r.success).toBe(false);
    expect(issuesOf(r)[0]?.startsWith(field)).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'tutela' }],
    ['an unknown channel', { channel: 'paloma' }],
    ['a subject of two letters', { subject: 'ab' }],
    ['a blank description', { description: '   ' }],
    ['a receivedAt without a zone', { receivedAt: '2026-03-10T10:00:00' }],
    ['a receivedAt in year 1', { receivedAt: '0001-01-01T03:00:00Z' }],
    ['a receivedAt past the calendar', { receivedAt: '2101-01-01T12:00:00Z' }],
    ['a receivedAt in the last calendar year (its term would run past it)', { receivedAt: '2100-12-20T12:00:00Z' }],
    ['a receivedAt with ten fraction digits', { receivedAt: '2026-03-10T10:00:00.1234567891Z' }],
    ['a malformed provisional number', { provisionalNumber: 'P-1e65-1' }],
    ['a verification code with ambiguous letters', { verificationCode: 'ABCDEFGI' }],
  ])('rejects %s', (_what, patch) => {
    expect(pqrsdCreateSchema.safeParse(create(patch)).success).toBe(false);
  });

  describe('anonymous requests', () => {
    const anonymous = { idType: 'SD', idNumber: '', name: '' };

    it.each(['denuncia', 'queja'])('accepts an anonymous %s without a name (DOMAIN.md §7)', (type) => {
      expect(pqrsdCreateSchema.safeParse(create({ type, citizen: anonymous })).success).toBe(true);
      expect(filingGaps(anonymous as Citizen)).toEqual([]);
    });

    it.each(['peticion_general', 'reclamo', 'felicitacion'])('refuses an anonymous %s', (type) => {
      const r = pqrsdCreateSchema.safeParse(create({ type, citizen: anonymous }));
      expect(r.success).toBe(false);
      expect(issuesOf(r)).toContain('citizen.idType');
    });

    it('refuses an SD citizen that has a document number', () => {
      const r = pqrsdCreateSchema.safeParse(create({ type: 'denuncia', citizen: { ...anonymous, idNumber: '123' } }));
      expect(issuesOf(r)).toContain('citizen.idNumber');
    });

    it('the stored record follows the same rule', () => {
      const stored = {
        ...create({ citizen: anonymous }),
        id: 'x',
        municipality: '95200',
        radicado: null,
        createdBy: 'u',
        deviceId: 'd',
        lifecycle: initialLifecycle('denuncia', sampleFiling().receivedAt),
      };
      expect(pqrsdSchema.safeParse({ ...stored, type: 'reclamo' }).success).toBe(false);
      expect(pqrsdSchema.safeParse({ ...stored, type: 'denuncia' }).success).toBe(true);
    });
  });

  describe('citizen document', () => {
    it('checks the NIT check digit', () => {
      const nit = (idNumber: string) => create({ citizen: { idType: 'NIT', idNumber, name: 'Cooperativa Agraria', email: 'coop@example.com' } });
      expect(pqrsdCreateSchema.safeParse(nit('800197268-4')).success).toBe(true);
      expect(pqrsdCreateSchema.safeParse(nit('8001972684')).success).toBe(true);
      const wrong = pqrsdCreateSchema.safeParse(nit('800197268-5'));
      expect(wrong.success).toBe(false);
      expect(issuesOf(wrong)).toContain('citizen.idNumber');
      // Without its check digit a NIT is ambiguous and is refused.
      expect(pqrsdCreateSchema.safeParse(nit('800197268')).success).toBe(false);
    });

    it('never refuses to file for a missing name, ID or address: it is filed and flagged (DOMAIN.md §7)', () => {
      const bare = { idType: 'CC', idNumber: '', name: '' };
      const r = pqrsdCreateSchema.safeParse(create({ citizen: bare }));
      expect(r.success).toBe(true);
      expect(filingGaps(r.data!.citizen)).toEqual(['name', 'id', 'address']);
      const short = pqrsdCreateSchema.safeParse(create({ citizen: { idType: 'CC', idNumber: '1234567', name: 'Al' } }));
      expect(short.success && filingGaps(short.data.citizen)).toEqual(['name', 'address']);
    });

    it('an address or an e-mail closes the address gap; a malformed e-mail is still refused', () => {
    const citizen = { idType: 'CC', idNumber: '1234567', name: 'María Pérez' };
    const withEmail = pqrsdCreateSchema.safeParse(create({ citizen: { ...citizen, email: 'maria@example.com' } }));
    expect(withEmail.success && filingGaps(withEmail.data.citizen)).toEqual([]);
    expect(pqrsdCreateSchema.safeParse(create({ citizen: { ...citizen, email: 'no es correo' } })).success).toBe(false);
  });

  it('refuses a cédula with letters', () => {
      const r = pqrsdCreateSchema.safeParse(create({ citizen: { idType: 'CC', idNumber: '12a4567', name: 'María Pérez' } }));
      expect(issuesOf(r)).toContain('citizen.idNumber');
    });
  });
});

describe('update schema of pqrsd', () => {
  const update = RECORD_KINDS.pqrsd.updateSchema;

  it('takes any subset of the changeable fields', () => {
    expect(update.safeParse({}).success).toBe(true);
    expect(update.safeParse({ subject: 'Otro asunto' }).success).toBe(true);
    expect(update.safeParse({ channel: 'web', description: 'Otra descripción' }).success).toBe(true);
  });

  // The type fixes the legal term the citizen was told, so it is not editable either.
  it.each(['radicado', 'provisionalNumber', 'receivedAt', 'municipality', 'createdBy', 'type', 'verificationCode', 'lifecycle'])('refuses to change %s', (field) => {
    const r = update.safeParse({ [field]: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});

describe('formatRadicado', () => {
  it('pads the sequence to six digits', () => {
    expect(formatRadicado('95200', 2026, 1)).toBe('95200-2026-000001');
    expect(formatRadicado('95200', 2026, 123)).toBe('95200-2026-000123');
    expect(formatRadicado('95015', 2027, 999999)).toBe('95015-2027-999999');
  });

  it('never truncates a sequence past six digits', () => {
    expect(formatRadicado('95200', 2026, 1234567)).toBe('95200-2026-1234567');
  });
});

describe('roles and kinds', () => {
  it('knows its record kinds and nothing else', () => {
    expect(RECORD_KIND_NAMES).toEqual(expect.arrayContaining(['pqrsd', 'conflict']));
    for (const k of RECORD_KIND_NAMES) expect(isRecordKind(k)).toBe(true);
    expect(isRecordKind('no_such_kind')).toBe(false);
    expect(isRecordKind('PQRSD')).toBe(false);
    // Inherited properties are not kinds.
    expect(isRecordKind('toString')).toBe(false);
    expect(isRecordKind('__proto__')).toBe(false);
  });

  it('kindsReadableBy: a trainer sees no citizen requests', () => {
    expect(kindsReadableBy('trainer')).not.toContain('pqrsd');
    expect(kindsReadableBy('trainer')).toContain('conflict');
    for (const role of ['admin', 'committee', 'internal_control', 'official'] as const) {
      expect(kindsReadableBy(role)).toEqual(expect.arrayContaining(['pqrsd', 'conflict']));
    }
    // The list follows the declared order of the kinds.
    const official = kindsReadableBy('official');
    expect(official).toEqual(RECORD_KIND_NAMES.filter((k) => official.includes(k)));
  });

  it('canWrite: Control Interno and trainers only read requests; conflicts are decided, never created, by devices', () => {
    expect(canWrite('official', 'pqrsd')).toBe(true);
    expect(canWrite('committee', 'pqrsd')).toBe(true);
    expect(canWrite('admin', 'pqrsd')).toBe(true);
    expect(canWrite('internal_control', 'pqrsd')).toBe(false);
    expect(canWrite('trainer', 'pqrsd')).toBe(false);
    expect(RECORD_KINDS.conflict.createSchema).toBeNull();
    expect(canWrite('internal_control', 'conflict')).toBe(false); // reads everything, decides nothing
    expect(canWrite('official', 'conflict')).toBe(true);
  });

  it('whoever may write a kind may also read it', () => {
    for (const kind of RECORD_KIND_NAMES) {
      for (const role of ROLES) if (canWrite(role, kind)) expect(kindsReadableBy(role)).toContain(kind);
    }
  });
});
