import { RECORD_KIND_NAMES, specOf } from '#shared/records';

/** The device's own bookkeeping, beside one table per record kind. */
export const LOCAL_TABLES = {
  outbox: '++seq, &mutationId, [kind+recordId]',
  quarantine: 'mutationId, [kind+recordId], at',
  meta: 'key',
  file: 'hash, state, createdAt',
  /** Counts kept in the same transaction as the records they count (src/db/tally). */
  tally: '[dim+key]',
} as const;

/**
 * The versions shipped before the tables were generated from the kind specs, as they were
 * declared. Never edit or remove one: a device still on one of them upgrades through them.
 */
export const SCHEMA_HISTORY: readonly Readonly<Record<string, string>>[] = [
  {
    pqrsd: 'id, radicado, provisionalNumber, type, _sync, receivedAt',
    conflict: 'id, recordId, resolved',
    outbox: '++seq, &mutationId, [kind+recordId]',
    quarantine: 'mutationId, [kind+recordId], at',
    meta: 'key',
  },
  {
    pqrsd:
      'id, radicado, provisionalNumber, receivedAt, createdBy, citizen.idNumber, lifecycle.state, lifecycle.dueDate, lifecycle.dependencia, lifecycle.assignee, *_search',
    pqrsd_event: 'id, requestId',
  },
  {
    official: 'id, idNumber, fullName, dependencia, active',
    course: 'id, semester',
    training_session: 'id, courseId, date',
    attendance_mark: 'id, sessionId, officialId',
    evaluation: 'id, courseId, officialId',
  },
  {
    portal_category: 'id, category',
    portal_draft: 'id, status, category, createdBy, publishedAt',
    portal_step: 'id, draftId',
    portal_revision: 'id, draftId',
  },
  {
    plan_action: 'id, number',
    plan_goal: 'id, action, period',
    computer: 'id, dependencia, code',
    plan_measurement: 'id, action, period',
    gel_phase: 'id, number',
    plan_report: 'id, semester',
    plan_signoff: 'id, reportId',
  },
  { file: 'hash, state, createdAt' },
];

/**
 * The current version, whose tables are all generated (`localStores`). Dexie changes an
 * installed database only when this number grows: adding a kind or changing a kind's
 * `localIndexes` means the next number, and the fingerprint the test then prints
 * (tests/unit/db/local-schema.test.ts). Version 7 shipped adding `data_subject_request`, 8 the open-due index of requests,
 * 9 `municipality_profile`, 10 the tally table.
 */
export const LOCAL_SCHEMA_VERSION = { number: 10, fingerprint: '9v1smr' } as const;

/** Every table of the device's database with its indexes: one per record kind, plus bookkeeping. */
export function localStores(): Record<string, string> {
  const kinds = RECORD_KIND_NAMES.map((k) => [k, ['id', ...specOf(k).localIndexes].join(', ')]);
  return { ...Object.fromEntries(kinds), ...LOCAL_TABLES };
}

/** A short digest of a schema (FNV-1a over its sorted tables): what the version bump test compares. */
export function schemaFingerprint(stores: Readonly<Record<string, string>>): string {
  const text = Object.keys(stores)
    .sort()
    .map((t) => `${t}:${stores[t]}`)
    .join('\n');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}
