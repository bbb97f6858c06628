import type { RecordKind } from '#shared/records';
import type { Store, StoreTx } from '../store/store';

/**
 * How devices forget a record the server deleted for good (a suppressed official's entry under
 * its old id): a removal notice would have to name the old id, and keeping that id anywhere
 * defeats giving the person a new one. Instead a counter per kind goes up, it is part of the
 * pull's scope tag, and every device that reads the kind sees its scope change: it drops its
 * server copies (keeping its unsent work) and pulls again from the start, as after a role change.
 * Suppressions are rare; only roles that read the kind start over.
 *
 * Kept in the records table as a server-only kind (never in RECORD_KINDS, so never pulled).
 */
export const RESYNC_KIND = 'sync_resync';
const RESYNC_ID = 'resync';

type Counters = Partial<Record<RecordKind, number>>;

/** After records of these kinds were deleted for good: their readers start their pull over. */
export async function restartReadersOf(tx: StoreTx, municipality: string, kinds: readonly RecordKind[], at: string, by: string): Promise<void> {
  const current = await tx.getRecord(municipality, RESYNC_KIND, RESYNC_ID);
  const counters = { ...((current?.data.counters as Counters | undefined) ?? {}) };
  for (const kind of kinds) counters[kind] = (counters[kind] ?? 0) + 1;
  await tx.saveRecord({
    municipality,
    kind: RESYNC_KIND,
    id: RESYNC_ID,
    rev: (current?.rev ?? 0) + 1,
    data: { counters },
    fieldRevs: {},
    updatedAt: at,
    updatedBy: by,
  });
}

/**
 * What a pull appends to its scope tag: '' until some kind the person reads was restarted, so
 * cursors from before stay valid. The sum only grows, so a device never sees an old tag again.
 * Kept within the cursor's tag alphabet and length (`z` + up to 4 base-36 digits).
 */
export async function resyncTag(store: Store, municipality: string, kinds: readonly string[]): Promise<string> {
  const row = await store.getRecord(municipality, RESYNC_KIND, RESYNC_ID);
  const counters = (row?.data.counters as Record<string, number> | undefined) ?? {};
  const sum = kinds.reduce((n, k) => n + (counters[k] ?? 0), 0);
  return sum === 0 ? '' : `z${(sum % 36 ** 4).toString(36)}`;
}
