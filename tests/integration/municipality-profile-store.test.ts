// The profile on both stores (SQLite and a throwaway PostgreSQL): made once per municipality
// from the seed, changed from the console as the next revision (devices pull it after their
// cursor), audited, validated by the shared schema, and never shared between municipalities.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { KNOWN_MUNICIPALITIES } from '#shared/municipality/municipality-seed';
import { DEFAULT_MUNICIPALITY_SETTINGS } from '#shared/municipality/municipality-schema';
import { municipalityProfile, municipalitySettings, updateProfileFromConsole } from '../../sync-server/municipality/profile-service';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { ensureMunicipalityRecords } from '../../sync-server/sync/server-records';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let cluster: TestPostgres | null = null;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const STORES: [Store['dialect'], () => Promise<Store>][] = [
  ['sqlite', async () => new SqliteStore(':memory:')],
  ['postgres', async () => new PostgresStore(await (cluster as TestPostgres).newDatabase())],
];

describe.each(STORES)('%s store', (_dialect, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.migrate();
    for (const code of ['95200', '95001']) {
      await store.ensureMunicipality(code, KNOWN_MUNICIPALITIES[code]!.name);
      await ensureMunicipalityRecords(store, code);
      await ensureMunicipalityRecords(store, code); // a second start changes nothing
    }
  });
  afterEach(async () => {
    await store.close();
  });

  it('each municipality starts with its seed profile and the default settings, once', async () => {
    for (const code of ['95200', '95001']) {
      const p = await municipalityProfile(store, code);
      expect(p).toMatchObject({ municipality: code, name: KNOWN_MUNICIPALITIES[code]!.name, department: 'Guaviare', settings: DEFAULT_MUNICIPALITY_SETTINGS });
      expect(await store.countRecords(code, 'municipality_profile')).toBe(1);
    }
  });

  it('a console change is the next revision, after every device cursor, audited, and only for that municipality', async () => {
    const [before] = await store.changesSince('95001', ['municipality_profile'], 0, 10);
    await updateProfileFromConsole(store, '95001', {
      phone: '608 584 0000',
      settings: { ...DEFAULT_MUNICIPALITY_SETTINGS, pqrsd: { ...DEFAULT_MUNICIPALITY_SETTINGS.pqrsd, saturdayIsBusinessDay: true } },
    });
    const changed = await store.changesSince('95001', ['municipality_profile'], before!.seq, 10);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ rev: 2, fieldRevs: { phone: { rev: 2 }, settings: { rev: 2 }, name: { rev: 1 } } });
    expect((await municipalitySettings(store, '95001')).pqrsd.saturdayIsBusinessDay).toBe(true);
    expect((await municipalitySettings(store, '95200')).pqrsd.saturdayIsBusinessDay).toBe(false);
    expect((await municipalityProfile(store, '95200')).phone).toBe('');
    const audit = await store.auditEntries('95001', 0, 100);
    expect(audit.at(-1)).toMatchObject({ municipality: '95001', action: 'municipality_profile_console_update', detail: { fields: ['phone', 'settings'] } });
  });

  it('refuses what the shared schema refuses, and a municipality the server does not hold', async () => {
    const refused = (patch: Record<string, unknown>, code = '95001') => updateProfileFromConsole(store, code, patch).then(() => null, (e: unknown) => e);
    expect(await refused({ email: 'no-es-correo' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused({ policyUrl: 'javascript:alert(1)' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused({ logo: 'data:image/png;base64,PHN2Zz4=' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused({ settings: { ...DEFAULT_MUNICIPALITY_SETTINGS, training: { minAttendanceShare: 2, excusedCountAsAttended: false } } })).toBeInstanceOf(AppError);
    expect(await refused({ municipality: '95200' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused({ phone: '1' }, '95015')).toMatchObject({ code: 'RECORD_NOT_FOUND' });
    expect((await municipalityProfile(store, '95001')).email).toBe('');
  });
});
