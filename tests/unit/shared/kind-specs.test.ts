// Every list about record kinds is derived from their specs (src/shared/records): this ties each
// derived list to the specs, so a new kind is either complete or fails here (or in the compiler).
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { GelDb } from '../../../src/db/database';
import { LOCAL_SCHEMA_VERSION, LOCAL_TABLES, localStores, SCHEMA_HISTORY, schemaFingerprint } from '../../../src/db/local-schema';
import { CLIENT_PROJECTIONS } from '../../../src/modules/sync-wiring';
import { uuidv7 } from '#shared/ids';
import {
  CREATABLE_KINDS,
  isRecordKind,
  PERSONAL_DATA_KINDS,
  RECORD_KIND_NAMES,
  RECORD_KINDS,
  specOf,
  UPDATABLE_KINDS,
  visibilityScope,
} from '#shared/records';
import type { ReferenceField } from '../../../sync-server/store/store';
import { SqliteStore } from '../../../sync-server/store/sqlite-store';
import { KIND_HOOKS } from '../../../sync-server/sync/kind-hooks';
import { pullChanges } from '../../../sync-server/sync/pull';
import { openUpgraded } from '../../helpers/device-db';
import { freshRefs, kindBases, updateTargets, type Refs } from '../../fuzz/payloads';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('the device database is generated from the specs', () => {
  it('has one table per kind, with the spec’s indexes, plus the bookkeeping tables', async () => {
    const db = new GelDb(`kind-specs-${uuidv7()}`);
    opened.push(db);
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual([...RECORD_KIND_NAMES, ...Object.keys(LOCAL_TABLES)].sort());
    for (const kind of RECORD_KIND_NAMES) {
      const table = db.table(kind);
      expect(table.schema.primKey.name, kind).toBe('id');
      expect(table.schema.indexes.map((i) => i.src).sort(), kind).toEqual([...specOf(kind).localIndexes].sort());
    }
  });

  it('bumps the version whenever the generated tables change', () => {
    const now = schemaFingerprint(localStores());
    // A kind added or its localIndexes changed: devices upgrade only if the number grows.
    expect(now, `the local schema changed: set LOCAL_SCHEMA_VERSION to { number: ${LOCAL_SCHEMA_VERSION.number + 1}, fingerprint: '${now}' } in src/db/local-schema.ts`).toBe(
      LOCAL_SCHEMA_VERSION.fingerprint,
    );
    expect(LOCAL_SCHEMA_VERSION.number).toBeGreaterThan(SCHEMA_HISTORY.length);
  });

  it('upgrades a database of an early version in place, keeping its records', async () => {
    const name = `kind-specs-old-${uuidv7()}`;
    // The app as it shipped with version 2: requests and their steps only.
    const old = new Dexie(name);
    SCHEMA_HISTORY.slice(0, 2).forEach((stores, i) => old.version(i + 1).stores(stores));
    await old.open();
    await old.table('pqrsd').put({ id: 'r1', radicado: null, _search: ['alumbrado'] });
    await old.table('outbox').add({ mutationId: 'm1', kind: 'pqrsd', recordId: 'r1' });
    old.close();

    const db = await openUpgraded(name, opened);
    expect(await db.pqrsd.where('_search').startsWith('alum').primaryKeys()).toEqual(['r1']);
    expect(await db.outbox.where('mutationId').equals('m1').count()).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(localStores()).sort());
  });
});

describe('links between kinds', () => {
  it('a parent is a kind, named by a field both the device and the server look up', () => {
    // recordsReferencing on the server has an index per field (both stores' migrations).
    const serverIndexed = ['requestId', 'recordId'] as const satisfies readonly ReferenceField[];
    for (const kind of RECORD_KIND_NAMES) {
      const link = specOf(kind).parent;
      if (!link) continue;
      if ('kind' in link) expect(isRecordKind(link.kind), kind).toBe(true);
      expect(specOf(kind).localIndexes, kind).toContain(link.idField);
      expect(serverIndexed as readonly string[], kind).toContain(link.idField);
    }
  });
});

describe('server hooks and client projections are keyed by kind', () => {
  it('name only known kinds', () => {
    for (const k of Object.keys(KIND_HOOKS)) expect(isRecordKind(k), k).toBe(true);
    for (const k of Object.keys(CLIENT_PROJECTIONS)) expect(isRecordKind(k), k).toBe(true);
  });

  it('the sync layer imports no module or screen (modules subscribe to its events)', () => {
    const dir = new URL('../../../src/sync/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect([...text.matchAll(/from '(\.\.\/(?:modules|ui)\/[^']*)'/g)].map((m) => m[1]), file).toEqual([]);
    }
  });
});

describe('fuzz bases', () => {
  const refs: Refs = freshRefs({ deviceId: 'fuzz-device-0001', userId: 'user-1', exportDevice: { id: 'fuzz-device-0001', key: 'a'.repeat(43) } });

  it.each(CREATABLE_KINDS)('%s: the base is a valid create', (kind) => {
    const schema = RECORD_KINDS[kind].createSchema;
    const parsed = schema.safeParse(kindBases(refs)[kind]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(UPDATABLE_KINDS)('%s: the update target’s patch is a valid change', (kind) => {
    const parsed = RECORD_KINDS[kind].updateSchema.safeParse(updateTargets(refs)[kind].patch);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});

describe('personal data', () => {
  it('a pull is audited as a view of exactly the records of personal kinds, a conflict as a view of its record', async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    try {
      const save = (kind: string, id: string, data: Record<string, unknown> = {}) =>
        store.transaction('95200', (tx) =>
          tx.saveRecord({ municipality: '95200', kind, id, rev: 1, data: { id, ...data }, fieldRevs: {}, updatedAt: '2026-03-10T15:00:00.000Z', updatedBy: 'u' }),
        );
      for (const kind of RECORD_KIND_NAMES) if (kind !== 'conflict') await save(kind, `${kind}-1`);
      for (const kind of RECORD_KIND_NAMES) await save('conflict', `conflict-of-${kind}`, { kind, recordId: `${kind}-1` });
      await pullChanges(store, { role: 'admin', municipality: '95200', id: 'admin-1' }, null, 1000);
      const [entry] = (await store.auditEntries('95200', 0, 100)).filter((e) => e.action === 'view-personal-data');
      expect(new Set(entry?.detail.recordIds as string[])).toEqual(new Set(PERSONAL_DATA_KINDS.map((k) => `${k}-1`)));
      expect(PERSONAL_DATA_KINDS).toEqual(RECORD_KIND_NAMES.filter((k) => specOf(k).personalData === true));
    } finally {
      await store.close();
    }
  });
});

describe('visibility', () => {
  it('keeps the pull cursor’s scope of earlier versions, so no device starts over on upgrade', () => {
    // Values the scope had before the rule moved into the spec (src/shared/pqrsd/visibility.ts).
    expect(visibilityScope({ role: 'official', dependencia: 'Secretaría de Gobierno' })).toBe('nz7afb');
    expect(visibilityScope({ role: 'official', dependencia: null })).toBe('22ur2s');
    expect(visibilityScope({ role: 'admin', dependencia: 'X' })).toBe('zacjw8');
    expect(visibilityScope({ role: 'trainer' })).toBe('17q8qgq');
  });

});
