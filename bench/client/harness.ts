// Bundled (IIFE) and evaluated in a Chromium page of the app's origin: the app's own Dexie
// schema, its filing command and its list queries, timed on the browser's real IndexedDB.
import './zod-jitless';
import { GelDb } from '../../src/db/database';
import { fileRequest } from '../../src/modules/pqrsd/file-request';
import { deadlineCounts, dependencias, listRequests, type ListFilter } from '../../src/modules/pqrsd/queries';
import { addBusinessDays, todayInBogota } from '#shared/calendar';
import { pqrsdCreateSchema } from '#shared/records';
import { createRng } from '../lib/rng';
import { filingInput, seedRequests } from '../lib/workload';

const ME = { userId: 'bench-user', username: 'funcionario' };
const CTX = { deviceId: '01890000-0000-7000-8000-0000000b3ec0', userId: ME.userId, municipality: '95200' };

const base: ListFilter = { scope: 'all', state: '', dependencia: '', query: '' };
/** The list screen's filters, as a person uses them. */
export const FILTERS: Record<string, ListFilter> = {
  'all, newest first': base,
  'search "puente"': { ...base, query: 'puente' },
  'search "maría rojas"': { ...base, query: 'maría rojas' },
  'search "tucunaré" + state respondida': { ...base, query: 'tucunaré', state: 'respondida' },
  'state en_tramite': { ...base, state: 'en_tramite' },
  'dependencia Secretaría de Planeación': { ...base, dependencia: 'Secretaría de Planeación' },
  'mine (created or assigned)': { ...base, scope: 'mine' },
  'overdue (vencidas)': { ...base, scope: 'overdue' },
  'due soon (3 business days)': { ...base, scope: 'due_soon' },
};

async function open(name: string): Promise<GelDb> {
  const db = new GelDb(name);
  await db.open();
  return db;
}

const api = {
  /** Times `n` filings one after another (each the real fileRequest transaction). */
  async saves(dbName: string, n: number, seed: number): Promise<number[]> {
    const db = await open(dbName);
    const rng = createRng(seed);
    const out: number[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const input = filingInput(rng, i);
        const t0 = performance.now();
        await fileRequest(db, CTX, input);
        out.push(performance.now() - t0);
      }
    } finally {
      db.close();
    }
    return out;
  },

  /** Puts `n` requests on the device as months of work would (bulk, in chunks). */
  async seed(dbName: string, n: number, me: { userId: string; username: string } = ME): Promise<{ ms: number; count: number }> {
    const db = await open(dbName);
    try {
      const rows = seedRequests(n, me);
      const t0 = performance.now();
      // One transaction: an open app sees one change (its live queries re-run once), not ten.
      await db.transaction('rw', db.pqrsd, async () => {
        for (let i = 0; i < rows.length; i += 1000) await db.pqrsd.bulkAdd(rows.slice(i, i + 1000));
      });
      return { ms: performance.now() - t0, count: await db.pqrsd.count() };
    } finally {
      db.close();
    }
  },

  /** Each filter `reps` times (the app's listRequests), plus what the list screen runs on opening. */
  async filters(dbName: string, reps: number, me: { userId: string; username: string } = ME): Promise<Record<string, { ms: number[]; rows: number }>> {
    const db = await open(dbName);
    const today = todayInBogota();
    const out: Record<string, { ms: number[]; rows: number }> = {};
    try {
      const time = async (name: string, fn: () => Promise<number>) => {
        const entry = { ms: [] as number[], rows: 0 };
        for (let r = 0; r < reps; r++) {
          const t0 = performance.now();
          entry.rows = await fn();
          entry.ms.push(performance.now() - t0);
        }
        out[name] = entry;
      };
      for (const [name, f] of Object.entries(FILTERS)) await time(name, async () => (await listRequests(db, f, me, today)).length);
      await time('deadline counts (overdue / due soon)', async () => {
        const c = await deadlineCounts(db, today);
        return c.overdue + c.dueSoon;
      });
      await time('dependencias (filter options)', async () => (await dependencias(db)).length);
      await time('list screen on open (list + counts + dependencias)', async () => {
        const [rows] = await Promise.all([listRequests(db, base, me, today), deadlineCounts(db, today), dependencias(db)]);
        return rows.length;
      });
    } finally {
      db.close();
    }
    return out;
  },

  /** What a save is made of: the schema check alone, and a bare read-write transaction (the commit floor). */
  async saveBreakdown(dbName: string, n: number): Promise<{ validate: number[]; bareTx: number[] }> {
    const db = await open(dbName);
    const rng = createRng(99);
    const out = { validate: [] as number[], bareTx: [] as number[] };
    try {
      for (let i = 0; i < n; i++) {
        const input = filingInput(rng, i);
        let t0 = performance.now();
        pqrsdCreateSchema.safeParse({ ...input, provisionalNumber: 'P-0000-0000', verificationCode: 'AAAAAAAA' });
        out.validate.push(performance.now() - t0);
        t0 = performance.now();
        await db.transaction('rw', db.meta, () => db.meta.put({ key: 'bench-probe', value: i }));
        out.bareTx.push(performance.now() - t0);
      }
    } finally {
      db.close();
    }
    return out;
  },

  /** How many records the list's index ranges hold (what a count with a filter must read). */
  async scanSizes(dbName: string): Promise<Record<string, number>> {
    const db = await open(dbName);
    const today = todayInBogota();
    try {
      return {
        total: await db.pqrsd.count(),
        'open and overdue (the overdue index range)': await db.pqrsd.where('_openDue').below(today).count(),
        'open, due within 3 business days': await db.pqrsd.where('_openDue').between(today, addBusinessDays(today, 3), true, true).count(),
        'state en_tramite': await db.pqrsd.where('lifecycle.state').equals('en_tramite').count(),
        'tally rows (the counts and the dependencias read a few dozen of them)': await db.tally.count(),
      };
    } finally {
      db.close();
    }
  },

  async wipe(dbName: string): Promise<void> {
    await new GelDb(dbName).delete();
  },

  /** A fixed amount of JavaScript work, to check that the CPU throttle is in force. */
  calibrate(): number {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 3_000_000; i++) x = (x + Math.sqrt(i)) % 1e9;
    return performance.now() - t0 + (x < 0 ? 1 : 0);
  },
};

export type Harness = typeof api;
(globalThis as unknown as { __gelBench: Harness }).__gelBench = api;
