import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE } from '../../../sync-server/auth/throttle';
import { ConfigError, readConfig } from '../../../sync-server/config';

describe('sign-in throttle settings (SIGN_IN_*)', () => {
  it('are the defaults when unset, in milliseconds', () => {
    expect(readConfig({}).signInPolicy).toMatchObject(DEFAULT_THROTTLE);
    expect(DEFAULT_THROTTLE).toMatchObject({ baseDelayMs: 30_000, maxDelayMs: 900_000, failureWindowMs: 3_600_000 });
  });

  it('read seconds and counts from the environment', () => {
    const env = { SIGN_IN_FREE_ATTEMPTS: '3', SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '20', SIGN_IN_DELAY_SECONDS: '2', SIGN_IN_MAX_DELAY_SECONDS: '60', SIGN_IN_WINDOW_SECONDS: '600' };
    expect(readConfig(env).signInPolicy).toMatchObject({ freeAttempts: 3, freeAttemptsPerAddress: 20, baseDelayMs: 2000, maxDelayMs: 60_000, failureWindowMs: 600_000 });
  });

  it('refuse what is not a positive whole number', () => {
    expect(() => readConfig({ SIGN_IN_WINDOW_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => readConfig({ SIGN_IN_WINDOW_SECONDS: '0' })).toThrow(/SIGN_IN_WINDOW_SECONDS/);
    expect(() => readConfig({ SIGN_IN_FREE_ATTEMPTS: 'muchos' })).toThrow(/SIGN_IN_FREE_ATTEMPTS/);
  });
});
