// The offline sign-in verifier: a PBKDF2 seal of the session, never the password.
import 'fake-indexeddb/auto';
import { get, keys } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { openSeal, PBKDF2_ITERATIONS, rememberForOffline, sealSession, unlockOffline } from '../../../src/session/offline-unlock';
import type { LoginResponse } from '#shared/auth';

const NOW = new Date('2026-11-30T15:00:00.000Z');
const session = (over: Partial<LoginResponse['user']> = {}, expiresAt = '2026-12-30T15:00:00.000Z'): LoginResponse => ({
  token: 'tok-secret-0123456789',
  expiresAt,
  user: { id: 'u-1', username: 'capacitador', displayName: 'Capacitador', role: 'trainer', municipality: '95200', dependencia: null, mustChangePassword: false, ...over },
  deviceId: 'dev-1',
  deviceKey: null,
});
const FAST = 100_000; // the floor the stored form accepts; the real figure is tested once below

describe('offline unlock seal', () => {
  it('opens with the right password only, and holds neither the password nor the token in clear', async () => {
    const seal = await sealSession('Capacitador', 'Guaviare-2026!', session(), FAST);
    const text = JSON.stringify(seal);
    expect(text).not.toContain('Guaviare-2026!');
    expect(text).not.toContain('tok-secret');
    expect(await openSeal(seal, 'capacitador', 'Guaviare-2026!', NOW)).toEqual({ ok: true, session: session() });
    expect(await openSeal(seal, ' CAPACITADOR ', 'Guaviare-2026!', NOW)).toMatchObject({ ok: true });
    expect(await openSeal(seal, 'capacitador', 'guaviare-2026!', NOW)).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await openSeal(seal, 'capacitador', '', NOW)).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('is bound to its user: another name, or the seal relabelled as another user, does not open', async () => {
    const seal = await sealSession('capacitador', 'clave-larga-1', session(), FAST);
    expect(await openSeal(seal, 'admin', 'clave-larga-1', NOW)).toEqual({ ok: false, reason: 'never-signed-in' });
    expect(await openSeal({ ...seal, username: 'admin' }, 'admin', 'clave-larga-1', NOW)).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await openSeal(null, 'capacitador', 'clave-larga-1', NOW)).toEqual({ ok: false, reason: 'never-signed-in' });
  });

  it('opens only within the session validity', async () => {
    const seal = await sealSession('capacitador', 'clave-larga-1', session({}, '2026-11-30T14:59:59.000Z'), FAST);
    expect(await openSeal(seal, 'capacitador', 'clave-larga-1', NOW)).toEqual({ ok: false, reason: 'expired' });
  });

  it('uses a fresh salt per seal and the slow default', async () => {
    const [a, b] = await Promise.all([sealSession('x', 'p', session(), FAST), sealSession('x', 'p', session(), FAST)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.sealed).not.toBe(b.sealed);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const slow = await sealSession('x', 'p', session());
    expect(slow.iterations).toBe(PBKDF2_ITERATIONS);
    expect(await openSeal(slow, 'x', 'p', NOW)).toMatchObject({ ok: true });
  });

  it('is stored per user at sign-in, replaced at a password change, and never kept for a temporary password', async () => {
    await rememberForOffline('capacitador', 'primera-clave', session());
    expect(await unlockOffline('capacitador', 'primera-clave', NOW)).toMatchObject({ ok: true });
    await rememberForOffline('capacitador', 'segunda-clave', session());
    expect(await unlockOffline('capacitador', 'primera-clave', NOW)).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await unlockOffline('capacitador', 'segunda-clave', NOW)).toMatchObject({ ok: true });
    expect(await unlockOffline('funcionario', 'segunda-clave', NOW)).toEqual({ ok: false, reason: 'never-signed-in' });
    await rememberForOffline('capacitador', 'temporal', session({ mustChangePassword: true }));
    expect(await unlockOffline('capacitador', 'segunda-clave', NOW)).toEqual({ ok: false, reason: 'never-signed-in' });
    for (const k of await keys()) expect(JSON.stringify(await get(k))).not.toMatch(/clave|temporal/);
  });
});
