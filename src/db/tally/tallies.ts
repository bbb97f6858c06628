/**
 * Tallies: counts the device keeps as data, so a screen reads a few dozen rows instead of
 * walking an index over every record (the deadline counts, the dependencias a filter offers).
 * Declared here per table; kept by the tally middleware (./middleware.ts) in the same
 * transaction as every write of that table, whoever writes it.
 */

/** The local table that holds every tally: one row per (dimension, key) with a count above zero. */
export const TALLY_TABLE = 'tally';

export interface TallyRow {
  /** `<table>.<what>`, e.g. `pqrsd.openDue`. */
  dim: string;
  key: string;
  n: number;
}

/** One thing counted: the key a row is counted under, or undefined when the row is not counted. */
export interface TallyDim {
  dim: string;
  keyOf(row: Record<string, unknown>): string | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lifecycleOf = (row: Record<string, unknown>) => row.lifecycle as Record<string, unknown> | undefined;

/** Open requests per due date (the open-due index), per due month, and requests per dependencia. */
export const PQRSD_DIMS = {
  openDue: 'pqrsd.openDue',
  openDueMonth: 'pqrsd.openDueMonth',
  dependencia: 'pqrsd.dependencia',
} as const;

/**
 * What is tallied, per table. The month tally bounds the overdue count: the months before
 * this one plus the days of this month, whatever the number of past due dates.
 */
export const TALLIES: Readonly<Record<string, readonly TallyDim[]>> = {
  pqrsd: [
    { dim: PQRSD_DIMS.openDue, keyOf: (r) => text(r._openDue) },
    { dim: PQRSD_DIMS.openDueMonth, keyOf: (r) => text(r._openDue)?.slice(0, 7) },
    { dim: PQRSD_DIMS.dependencia, keyOf: (r) => text(lifecycleOf(r)?.dependencia) },
  ],
};

const SEP = '\u0000';

/** Net changes of tallies, accumulated over rows leaving and entering a table (pure). */
export class TallyDelta {
  private readonly deltas = new Map<string, number>();

  constructor(private readonly dims: readonly TallyDim[]) {}

  /** A row as it was (removed from the counts) or as it is now (added): undefined is no row. */
  count(row: unknown, sign: 1 | -1): void {
    if (row === undefined || row === null) return;
    for (const d of this.dims) {
      const key = d.keyOf(row as Record<string, unknown>);
      if (key === undefined) continue;
      const id = d.dim + SEP + key;
      this.deltas.set(id, (this.deltas.get(id) ?? 0) + sign);
    }
  }

  /** The tallies these rows are counted under (distinct): what a write of them may change. */
  touched(rows: Iterable<unknown>): [string, string][] {
    const out = new Map<string, [string, string]>();
    for (const row of rows) {
      if (row === undefined || row === null) continue;
      for (const d of this.dims) {
        const key = d.keyOf(row as Record<string, unknown>);
        if (key !== undefined) out.set(d.dim + SEP + key, [d.dim, key]);
      }
    }
    return [...out.values()];
  }

  /** The non-zero changes, as [dim, key] with their change. */
  changes(): { dim: string; key: string; delta: number }[] {
    return [...this.deltas].flatMap(([id, delta]) => {
      if (delta === 0) return [];
      const at = id.indexOf(SEP);
      return [{ dim: id.slice(0, at), key: id.slice(at + 1), delta }];
    });
  }
}

/** The tallies of a set of rows counted from scratch (the upgrade, and the tests' reference). */
export function recount(dims: readonly TallyDim[], rows: Iterable<unknown>): TallyRow[] {
  const delta = new TallyDelta(dims);
  for (const r of rows) delta.count(r, 1);
  return delta.changes().map(({ dim, key, delta: n }) => ({ dim, key, n }));
}
