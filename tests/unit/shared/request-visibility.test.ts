import { describe, expect, it } from 'vitest';
import {
  canActOnRequest,
  canSeeRequest,
  mayHaveHeld,
  normalizeDependencia,
  requestDependencia,
  sameDependencia,
} from '#shared/pqrsd/visibility';
import { visibilityScope } from '#shared/records';

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

  it('only the office that has a request acts on it; the filer only until it is assigned elsewhere', () => {
    const filer = { role: 'official' as const, id: 'user-filer', dependencia: 'Ventanilla única' };
    const loneFiler = { role: 'official' as const, id: 'user-filer', dependencia: null };
    const gobierno = { role: 'official' as const, id: 'user-g', dependencia: 'secretaria de gobierno' };
    const assigned = request({ lifecycle: { dependencia: 'Secretaría de Gobierno' } });
    expect(canActOnRequest(filer, request())).toBe(true);
    expect(canActOnRequest(filer, assigned)).toBe(false);
    expect(canSeeRequest(filer, assigned)).toBe(true);
    expect(canActOnRequest(gobierno, assigned)).toBe(true);
    expect(canActOnRequest(loneFiler, request({ intakeDependencia: null }))).toBe(true);
    expect(canActOnRequest(loneFiler, { ...assigned, intakeDependencia: null })).toBe(false);
    expect(canActOnRequest({ role: 'committee' }, assigned)).toBe(true);
    expect(canActOnRequest({ role: 'internal_control' }, assigned)).toBe(false); // reads, never acts
  });

  it('only offices that held a request hear that it left them', () => {
    const held = request({ heldBy: ['ventanilla unica', 'secretaria de gobierno'] });
    expect(mayHaveHeld({ role: 'official', dependencia: 'Ventanilla Única' }, held)).toBe(true);
    expect(mayHaveHeld({ role: 'official', dependencia: 'Secretaría de Planeación' }, held)).toBe(false);
    expect(mayHaveHeld({ role: 'official', dependencia: null }, held)).toBe(false);
    expect(mayHaveHeld({ role: 'official', dependencia: 'Planeación' }, request())).toBe(true); // kept before the list existed
  });
});
