import type { Collection } from 'dexie';
import type { GelDb, LocalPqrsd } from '../../db/database';
import { addBusinessDays } from '#shared/calendar';
import { OPEN_STATES, type PqrsdSettings, type PqrsdState } from '#shared/pqrsd/lifecycle-schema';
import { localSettings } from '../municipality/profile';
import { tallyKeys, tallySum } from '../../db/tally/store';
import { PQRSD_DIMS } from '../../db/tally/tallies';
import { queryTokens } from './search-tokens';

export type ListScope = 'all' | 'mine' | 'overdue' | 'due_soon';

export interface ListFilter {
  scope: ListScope;
  state: PqrsdState | '';
  dependencia: string;
  query: string;
}

export interface Me {
  userId: string;
  username: string;
}

/** Business days ahead that count as "falls due soon". */
export const DUE_SOON_DAYS = 3;

/** The last day that counts as "falls due soon", on the municipality's calendar (Saturdays). */
export function dueSoonLimit(today: string, settings: PqrsdSettings): string {
  return addBusinessDays(today, DUE_SOON_DAYS, { saturdayIsBusinessDay: settings.saturdayIsBusinessDay });
}

const isOpen = (r: LocalPqrsd) => OPEN_STATES.includes(r.lifecycle.state);

/**
 * Starts from the most selective index for the filter (search word, state, due date, author)
 * so a phone holding 10,000 requests never scans them all; the rest is checked per row.
 */
function baseCollection(db: GelDb, f: ListFilter, me: Me, today: string, settings: PqrsdSettings): Collection<LocalPqrsd, string> {
  const tokens = queryTokens(f.query);
  if (tokens[0]) return db.pqrsd.where('_search').startsWith(tokens[0]).distinct();
  if (f.scope === 'overdue') return db.pqrsd.where('_openDue').below(today);
  if (f.scope === 'due_soon') return db.pqrsd.where('_openDue').between(today, dueSoonLimit(today, settings), true, true);
  if (f.state) return db.pqrsd.where('lifecycle.state').equals(f.state);
  if (f.dependencia) return db.pqrsd.where('lifecycle.dependencia').equals(f.dependencia);
  if (f.scope === 'mine') return db.pqrsd.where('createdBy').equals(me.userId).or('lifecycle.assignee').equals(me.username);
  return db.pqrsd.orderBy('receivedAt').reverse();
}

export function matches(r: LocalPqrsd, f: ListFilter, me: Me, today: string, settings: PqrsdSettings): boolean {
  const tokens = queryTokens(f.query);
  if (!tokens.every((t) => r._search.some((s) => s.startsWith(t)))) return false;
  if (f.state && r.lifecycle.state !== f.state) return false;
  if (f.dependencia && r.lifecycle.dependencia !== f.dependencia) return false;
  if (f.scope === 'mine' && r.createdBy !== me.userId && r.lifecycle.assignee !== me.username) return false;
  if (f.scope === 'overdue' && !(isOpen(r) && r.lifecycle.dueDate !== null && r.lifecycle.dueDate < today)) return false;
  if (f.scope === 'due_soon') {
    const due = r.lifecycle.dueDate;
    if (!isOpen(r) || due === null || due < today || due > dueSoonLimit(today, settings)) return false;
  }
  return true;
}

/**
 * The requests holding a word that starts with every query token: the keys of each token's
 * index range (keys only, no record read), intersected from the smallest. A common first word
 * ("maría") would otherwise read every request that has it before checking the second.
 */
async function idsMatchingEvery(db: GelDb, tokens: string[]): Promise<string[]> {
  const sets = (await Promise.all(tokens.map((t) => db.pqrsd.where('_search').startsWith(t).primaryKeys()))).map((keys) => new Set(keys));
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  return [...(smallest ?? [])].filter((id) => rest.every((s) => s.has(id)));
}

async function matchingRows(db: GelDb, f: ListFilter, me: Me, today: string, settings: PqrsdSettings, limit: number): Promise<LocalPqrsd[]> {
  const keep = (r: LocalPqrsd | undefined): r is LocalPqrsd => r !== undefined && matches(r, f, me, today, settings);
  if (queryTokens(f.query).length > 1) {
    const rows = (await db.pqrsd.bulkGet(await idsMatchingEvery(db, queryTokens(f.query)))).filter(keep);
    return rows.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, limit);
  }
  return baseCollection(db, f, me, today, settings).filter(keep).limit(limit).toArray();
}

export async function listRequests(db: GelDb, f: ListFilter, me: Me, today: string, limit = 100): Promise<LocalPqrsd[]> {
  const { pqrsd: settings } = await localSettings(db);
  const rows = await matchingRows(db, f, me, today, settings, limit);
  // Index order is by the index key; show the newest first, the overdue lists by due date.
  return f.scope === 'overdue' || f.scope === 'due_soon'
    ? rows.sort((a, b) => (a.lifecycle.dueDate ?? '').localeCompare(b.lifecycle.dueDate ?? ''))
    : rows.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/**
 * How many open requests are overdue and how many fall due within DUE_SOON_DAYS, read from
 * the tallies of open requests per due date and month (kept with every write of a request):
 * the months before this one, the days of this month before today, and the days due soon —
 * a few dozen rows whatever the number of requests.
 */
export async function deadlineCounts(db: GelDb, today: string): Promise<{ overdue: number; dueSoon: number }> {
  const { pqrsd: settings } = await localSettings(db);
  const month = today.slice(0, 7);
  const [pastMonths, thisMonth, dueSoon] = await Promise.all([
    tallySum(db, PQRSD_DIMS.openDueMonth, '', month, false),
    tallySum(db, PQRSD_DIMS.openDue, month, today, false),
    tallySum(db, PQRSD_DIMS.openDue, today, dueSoonLimit(today, settings), true),
  ]);
  return { overdue: pastMonths + thisMonth, dueSoon };
}

/** The dependencias some request on the device is with (the filter's options), from their tally. */
export async function dependencias(db: GelDb): Promise<string[]> {
  return tallyKeys(db, PQRSD_DIMS.dependencia);
}
