import type Dexie from 'dexie';
import type { Transaction } from 'dexie';
import { rebuildTallies } from './store';
import { TALLIES, TALLY_TABLE } from './tallies';

/**
 * The build that last counted the tallies, kept in `meta`. Another build may count differently
 * (a rollback, a fix), and a build from before the tallies writes without counting: a device
 * that opens with another stamp recounts once (see ensureTalliesOf).
 */
export const TALLY_STAMP_KEY = 'tallyBuild';

/** Counts the tallies from scratch and stamps them with `build` (in the caller's transaction). */
export async function rebuildAndStamp(tx: Transaction, build: string): Promise<void> {
  await rebuildTallies(tx);
  await tx.table('meta').put({ key: TALLY_STAMP_KEY, value: build });
}

/**
 * On every open: when the tallies were last counted by another build, recount them in one
 * transaction (the reading of every request it costs is measured in tests/unit/db/tally-stamp.test.ts).
 */
export async function ensureTalliesOf(db: Dexie, build: string): Promise<void> {
  const stamp = (await db.table('meta').get(TALLY_STAMP_KEY)) as { value?: unknown } | undefined;
  if (stamp?.value === build) return;
  await db.transaction('rw', [...Object.keys(TALLIES), TALLY_TABLE, 'meta'], async (tx) => {
    // Checked again inside: another tab of this build may have recounted meanwhile.
    const again = (await tx.table('meta').get(TALLY_STAMP_KEY)) as { value?: unknown } | undefined;
    if (again?.value !== build) await rebuildAndStamp(tx, build);
  });
}
