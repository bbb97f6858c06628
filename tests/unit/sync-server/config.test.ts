import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../sync-server/config';

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('server configuration from the environment', () => {
  it('gives the documented defaults on an empty environment', () => {
    const c = readConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.databaseUrl).toBeNull();
    expect(c.demo).toBe(true);
    expect(c.maxFileBytes).toBe(10 * 1024 * 1024);
    expect(c.portalMunicipality).toBe('95200');
    expect(c.trustProxyHops).toBe(0);
    expect(c.publicLimits.lookup.perMinute).toBe(20);
    expect(c.blobDir.endsWith('/data/blobs')).toBe(true);
  });

  it('reads valid values, and treats an empty variable as unset', () => {
    const c = readConfig({ PORT: '9090', MAX_FILE_BYTES: '2097152', GEL_DEMO: '0', RATE_LIMIT_SIGN_IN: '30', DATABASE_URL: '', TRUST_PROXY_HOPS: '1', PUBLIC_MAX_BODY_BYTES: '2048' });
    expect(c.port).toBe(9090);
    expect(c.maxFileBytes).toBe(2_097_152);
    expect(c.demo).toBe(false);
    expect(c.publicLimits['sign-in']).toEqual({ perMinute: 30, maxBodyBytes: 4096 });
    expect(c.publicLimits.pages.maxBodyBytes).toBe(2048);
    expect(c.databaseUrl).toBeNull();
    expect(c.trustProxyHops).toBe(1);
    expect(readConfig({ DATABASE_URL: 'postgres://u:p@db/gel' }).databaseUrl).toBe('postgres://u:p@db/gel');
  });

  it('has no demo accounts by default on a deployment (a shared database or a public address), unless GEL_DEMO=1 asks', () => {
    expect(readConfig({}).demo).toBe(true);
    expect(readConfig({ DATABASE_URL: 'postgres://u:p@db/gel' }).demo).toBe(false);
    expect(readConfig({ PUBLIC_URL: 'https://miraflores-guaviare.gov.co' }).demo).toBe(false);
    expect(readConfig({ PUBLIC_URL: '' }).demo).toBe(true);
    expect(readConfig({ PUBLIC_URL: 'https://miraflores-guaviare.gov.co', GEL_DEMO: '1' }).demo).toBe(true);
    expect(readConfig({ GEL_DEMO: '0' }).demo).toBe(false);
  });

  it('refuses MAX_FILE_BYTES=10MB instead of silently turning the size check off', () => {
    const p = problems({ MAX_FILE_BYTES: '10MB' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^MAX_FILE_BYTES: must be a whole number \(bytes.*got '10MB'/);
  });

  it('names every bad variable at once', () => {
    const p = problems({ PORT: '80a', DATABASE_URL: 'mysql://x', GEL_DEMO: 'yes', TRUST_PROXY_HOPS: '-1', RATE_LIMIT_LOOKUP: '0', PORTAL_MUNICIPALITY: 'Miraflores', PORTAL_PUBLISH_URL: 'ftp://cms' });
    expect(p.map((line) => line.split(':')[0]).sort()).toEqual(
      ['DATABASE_URL', 'GEL_DEMO', 'PORT', 'PORTAL_MUNICIPALITY', 'PORTAL_PUBLISH_URL', 'RATE_LIMIT_LOOKUP', 'TRUST_PROXY_HOPS'].sort(),
    );
  });

  it('refuses out-of-range numbers', () => {
    expect(problems({ PORT: '70000' })[0]).toMatch(/PORT: must be at most 65535/);
    expect(problems({ MAX_FILE_BYTES: '0' })[0]).toMatch(/MAX_FILE_BYTES: must be at least 1024/);
  });
});
