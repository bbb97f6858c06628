import { describe, expect, it } from 'vitest';
import {
  canSeeRequest,
  normalizeDependencia,
  requestDependencia,
  sameDependencia,
  visibilityScope,
} from '../../../src/shared/pqrsd/visibility';

const request = (over: Record<string, unknown> = {}) => ({
  createdBy: 'user-filer',
  intakeDependencia: 'Ventanilla única',
  lifecycle: { dependencia: null },
  ...over,
});

describe('request visibility (least privilege)', () => {
  it('matches dependencias typed with other case, accents or spacing, never two empty ones', () => {
    expect(normalizeDependencia('  Secretaría  de GOBIERNO ')).toBe('secretaria de gobierno');
    expect(sameDependencia('Secretaria de Gobierno', 'secretaría de gobierno')).toBe(true);
    expect(sameDependencia('Secretaría de Gobierno', 'Secretaría de Planeación')).toBe(false);
    expect(sameDependencia('', '')).toBe(false);
    expect(sameDependencia(null, null)).toBe(false);
  });

  it('a request belongs to its assigned office, or until then to the filing office', () => {
    expect(requestDependencia(request())).toBe('Ventanilla única');
    expect(requestDependencia(request({ lifecycle: { dependencia: 'Secretaría de Gobierno' } }))).toBe('Secretaría de Gobierno');
    expect(requestDependencia(request({ intakeDependencia: null }))).toBeNull();
  });

  it('admin, committee and internal control see every request; a trainer none', () => {
    for (const role of ['admin', 'committee', 'internal_control'] as const) expect(canSeeRequest({ role }, request())).toBe(true);
    expect(canSeeRequest({ role: 'trainer', id: 'user-filer' }, request())).toBe(false);
  });

  it('an official sees their own filings and their office’s requests, nothing else', () => {
    const gobierno = { role: 'official' as const, id: 'user-g', dependencia: 'Secretaría de Gobierno' };
    const ventanilla = { role: 'official' as const, userId: 'user-v', dependencia: 'ventanilla unica' };
    const noOffice = { role: 'official' as const, id: 'user-x', dependencia: null };
    expect(canSeeRequest(ventanilla, request())).toBe(true);
    expect(canSeeRequest(gobierno, request())).toBe(false);
    expect(canSeeRequest(noOffice, request())).toBe(false);
    expect(canSeeRequest(noOffice, request({ createdBy: 'user-x' }))).toBe(true);
    const assigned = request({ lifecycle: { dependencia: 'Secretaría de Gobierno' } });
    expect(canSeeRequest(gobierno, assigned)).toBe(true);
    expect(canSeeRequest(ventanilla, assigned)).toBe(false);
    expect(canSeeRequest(ventanilla, { ...assigned, createdBy: 'user-v' })).toBe(true);
  });

  it('the scope tag changes with role or office, not with how the office is spelled', () => {
    const a = visibilityScope({ role: 'official', dependencia: 'Secretaría de Gobierno' });
    expect(visibilityScope({ role: 'official', dependencia: 'secretaria de gobierno' })).toBe(a);
    expect(visibilityScope({ role: 'official', dependencia: 'Ventanilla única' })).not.toBe(a);
    expect(visibilityScope({ role: 'committee', dependencia: 'Secretaría de Gobierno' })).not.toBe(a);
    expect(visibilityScope({ role: 'committee', dependencia: 'Otra' })).toBe(visibilityScope({ role: 'committee' }));
    expect(a).toMatch(/^[0-9a-z]{1,13}$/);
  });
});
