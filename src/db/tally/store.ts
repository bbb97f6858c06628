import Dexie, { type Transaction } from 'dexie';
import { recount, TALLIES, TALLY_TABLE, type TallyDim, type TallyRow } from './tallies';

/**
 * Counts every tallied table from scratch into the tally table: run by each schema upgrade
 * (devices already hold records; the middleware stands aside during an upgrade).
 */
export async function rebuildTallies(tx: Transaction, tallies: Readonly<Record<string, readonly TallyDim[]>> = TALLIES): Promise<void> {
  const out = tx.table<TallyRow>(TALLY_TABLE);
  await out.clear();
  for (const [name, dims] of Object.entries(tallies)) await out.bulkPut(recount(dims, await tx.table(name).toArray()));
}

/** The sum of a tally's counts for keys from `from` (included) to `to` (included when `includeTo`). */
export async function tallySum(db: Dexie, dim: string, from: string, to: string, includeTo: boolean): Promise<number> {
  if (from > to || (from === to && !includeTo)) return 0;
  const rows = await db.table<TallyRow>(TALLY_TABLE).where(':id').between([dim, from], [dim, to], true, includeTo).toArray();
  return rows.reduce((sum, r) => sum + r.n, 0);
}

/** The keys a tally counts something under, in index order (what `uniqueKeys` of an index gave). */
export async function tallyKeys(db: Dexie, dim: string): Promise<string[]> {
  const keys = await db.table<TallyRow>(TALLY_TABLE).where(':id').between([dim, Dexie.minKey], [dim, Dexie.maxKey]).primaryKeys();
  return (keys as unknown as [string, string][]).map((k) => k[1]);
}
