import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { TALLIES, TALLY_TABLE, TallyDelta, type TallyDim, type TallyRow } from './tallies';

/**
 * Keeps the tallies (./tallies.ts) at the lowest level every write goes through: each mutation
 * of a tallied table (add, put, delete, a range deleted; single or bulk, from a screen, a
 * pulled page or a push answer) adjusts them in its own IndexedDB transaction, which is
 * widened to include the tally table. No caller can forget, and none can commit one without
 * the other.
 */
export function tallyMiddleware(tallies: Readonly<Record<string, readonly TallyDim[]>> = TALLIES): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Tallies',
    create(down) {
      const hasTallyTable = down.schema.tables.some((t) => t.name === TALLY_TABLE);
      if (!hasTallyTable) return {};
      return {
        transaction(stores, mode, options) {
          const widen = mode === 'readwrite' && !stores.includes(TALLY_TABLE) && stores.some((s) => Object.hasOwn(tallies, s));
          return down.transaction(widen ? [...stores, TALLY_TABLE] : stores, mode, options);
        },
        table(name) {
          const table = down.table(name);
          const dims = Object.hasOwn(tallies, name) ? tallies[name] : undefined;
          if (!dims) return table;
          const tally = down.table(TALLY_TABLE);
          return {
            ...table,
            mutate(req) {
              // An upgrade rebuilds the tallies from scratch (see rebuildTallies).
              if ((req.trans as unknown as IDBTransaction).mode === 'versionchange') return table.mutate(req);
              return inTurn(req.trans, () => countedMutate(table, tally, dims, req));
            },
          };
        },
      };
    },
  };
}

/**
 * Mutations of tallied tables run one after another within a transaction: each reads the rows
 * it replaces and the tallies it changes, then writes, and two interleaved would lose a count.
 */
const turns = new WeakMap<DBCoreTransaction, Promise<unknown>>();

function inTurn<T>(trans: DBCoreTransaction, run: () => Promise<T>): Promise<T> {
  const mine = (turns.get(trans) ?? Promise.resolve()).then(run);
  // The queue only waits for the turn to end; the outcome, an error too, goes to this caller.
  turns.set(
    trans,
    mine.then(
      () => undefined,
      () => undefined,
    ),
  );
  return mine;
}

/** A key usable in a Map (primary keys may be arrays). */
const mapKey = (k: unknown): unknown => (Array.isArray(k) ? JSON.stringify(k) : k);

/** The counts stored for some tallies, by `dim\0key` (absent: zero). */
type Stored = Map<string, number>;
const idOf = (dim: string, key: string) => `${dim}\u0000${key}`;

/**
 * Reads the tallies `ids` while `write` runs: IndexedDB runs a transaction's requests in
 * order, so the read sees the tallies as the previous turn left them, one round trip saved.
 */
async function withTallies<T>(tally: DBCoreTable, trans: DBCoreTransaction, ids: [string, string][], write: Promise<T>): Promise<[T, Stored]> {
  const [res, rows] = await Promise.all([write, ids.length ? (tally.getMany({ trans, keys: ids }) as Promise<(TallyRow | undefined)[]>) : []]);
  return [res, new Map(rows.flatMap((r) => (r ? [[idOf(r.dim, r.key), r.n] as const] : [])))];
}

async function countedMutate(table: DBCoreTable, tally: DBCoreTable, dims: readonly TallyDim[], req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const { trans } = req;
  const pk = table.schema.primaryKey;
  const keyOfValue = (v: unknown) => (pk.extractKey ? pk.extractKey(v) : undefined);
  const delta = new TallyDelta(dims);

  if (req.type === 'deleteRange') {
    // All or nothing: the rows in the range leave the counts once the range is gone.
    const { result } = await table.query({ trans, values: true, query: { index: pk, range: req.range } });
    const [res, stored] = await withTallies(tally, trans, delta.touched(result), allOrNothing(trans, table.mutate(req)));
    for (const row of result) delta.count(row, -1);
    await writeDelta(tally, trans, delta, stored);
    return res;
  }

  const keys: unknown[] = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map(keyOfValue));
  // What each item replaces, read in this transaction before the write (an add replaces nothing).
  const before: unknown[] = req.type === 'add' ? [] : await table.getMany({ trans, keys });
  const after: readonly unknown[] = req.type === 'delete' ? [] : req.values;
  const [res, stored] = await withTallies(tally, trans, delta.touched([...before, ...after]), allOrNothing(trans, table.mutate(req)));
  // In request order: a key met twice replaces what the earlier item left.
  const current = new Map<unknown, unknown>();
  for (let i = 0; i < keys.length; i++) {
    if (res.failures[i] !== undefined) continue;
    const key = mapKey(req.type === 'add' ? (res.results?.[i] ?? keys[i]) : keys[i]);
    const old = current.has(key) ? current.get(key) : before[i];
    const next = after[i];
    delta.count(old, -1);
    delta.count(next, 1);
    current.set(key, next);
  }
  await writeDelta(tally, trans, delta, stored);
  return res;
}

/**
 * A write IndexedDB refused outright (a DataCloneError on a later item of a bulk) may leave the
 * earlier items written; a caller catching it inside its transaction would commit them uncounted.
 * The transaction is aborted instead: the write is all or nothing, and the error goes on.
 */
function allOrNothing<T>(trans: DBCoreTransaction, write: Promise<T>): Promise<T> {
  return write.catch((err: unknown) => {
    abort(trans);
    throw err;
  });
}

/** Aborts unless IndexedDB already ended the transaction (it throws then: nothing left to undo). */
function abort(trans: DBCoreTransaction): void {
  try {
    trans.abort();
  } catch (err) {
    if (!(err instanceof DOMException && err.name === 'InvalidStateError')) throw err;
  }
}

async function writeDelta(tally: DBCoreTable, trans: DBCoreTransaction, delta: TallyDelta, stored: Stored): Promise<void> {
  const puts: TallyRow[] = [];
  const gone: [string, string][] = [];
  for (const c of delta.changes()) {
    const was = stored.get(idOf(c.dim, c.key));
    const n = (was ?? 0) + c.delta;
    // A count at zero leaves no row: the dependencias offered are the rows there are.
    if (n > 0) puts.push({ dim: c.dim, key: c.key, n });
    else if (was !== undefined) gone.push([c.dim, c.key]);
  }
  await Promise.all([
    puts.length ? tally.mutate({ type: 'put', trans, values: puts }).then((res) => failed(trans, res)) : undefined,
    gone.length ? tally.mutate({ type: 'delete', trans, keys: gone }).then((res) => failed(trans, res)) : undefined,
  ]);
}

/** A tally that could not be written takes the whole transaction with it (the record write too). */
function failed(trans: DBCoreTransaction, res: DBCoreMutateResponse): void {
  if (res.numFailures === 0) return;
  const err = Object.values(res.failures)[0];
  abort(trans);
  throw err;
}
