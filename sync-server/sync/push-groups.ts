import type { MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { Store, StoreTx } from '../store/store';
import { SetWiseFailed } from './batch-tx';

/**
 * The most mutations one transaction applies (issue 16, fairness): whole pushes are grouped up
 * to this many, so a transaction's work stays bounded (a push is at most
 * SYNC_LIMITS.maxMutationsPerPush, 500: the largest goes alone) while the cost of a commit (the
 * disk flush of SQLite's synchronous=FULL, a PostgreSQL commit) is shared by the pushes waiting.
 */
export const GROUP_MUTATIONS = 500;

/** One push waiting for its turn. */
export interface PushJob {
  actor: Actor;
  size: number;
  /** Applies the push inside the group's transaction (set-wise, or change by change). */
  apply(tx: StoreTx, setWise: boolean): Promise<MutationResult[]>;
  resolve(results: MutationResult[]): void;
  reject(err: unknown): void;
}

/**
 * The pushes of one municipality waiting for its writer, taken in groups: each group is one
 * transaction of at most GROUP_MUTATIONS mutations, at most one push per device, oldest first.
 * So a device that queued many pushes (or one of 500) takes one turn at a time and the others'
 * pushes go in between; nobody waits behind more than one group per device ahead of them.
 * Each push keeps its own result: it runs in its own savepoint, a push that fails (over its
 * write budget: 413) is undone alone, and the others of the group commit. A push is answered
 * only after its group committed, so a replay meets its receipt.
 */
export class PushGroups {
  private waiting: PushJob[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly municipality: string,
    private readonly limit = GROUP_MUTATIONS,
  ) {}

  submit(job: PushJob): void {
    this.waiting.push(job);
    if (!this.running) void this.drain();
  }

  /** The next group: oldest first, one push per device, up to the limit (the first push always). */
  take(): PushJob[] {
    const group: PushJob[] = [];
    const devices = new Set<string>();
    let size = 0;
    this.waiting = this.waiting.filter((job) => {
      const fits = group.length === 0 || (size + job.size <= this.limit && !devices.has(job.actor.deviceId));
      if (!fits) return true;
      group.push(job);
      devices.add(job.actor.deviceId);
      size += job.size;
      return false;
    });
    return group;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.run(this.take());
    } finally {
      this.running = false;
    }
  }

  private async run(group: PushJob[]): Promise<void> {
    const outcomes: ({ ok: true; results: MutationResult[] } | { ok: false; err: unknown })[] = [];
    try {
      await this.store.transaction(this.municipality, async (tx) => {
        for (const job of group) {
          try {
            outcomes.push({ ok: true, results: await applyOne(tx, job) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // Nothing of the group was kept (the commit, or the lock, failed): every push hears why.
      for (const job of group) job.reject(err);
      return;
    }
    group.forEach((job, i) => {
      const o = outcomes[i];
      if (o?.ok) job.resolve(o.results);
      else job.reject(o ? o.err : new Error('push not applied'));
    });
  }
}

/**
 * One push in its own savepoint: set-wise, and once more change by change (a fresh savepoint)
 * when that cannot be undone in memory (SetWiseFailed).
 */
async function applyOne(tx: StoreTx, job: PushJob): Promise<MutationResult[]> {
  try {
    return await tx.savepoint(() => job.apply(tx, true));
  } catch (err) {
    if (!(err instanceof SetWiseFailed)) throw err;
    console.warn('push: batch applied again change by change:', err.cause);
    return tx.savepoint(() => job.apply(tx, false));
  }
}

const groups = new WeakMap<Store, Map<string, PushGroups>>();

/** The queue of `municipality`'s pushes on this store (one per process and municipality). */
export function pushGroupsOf(store: Store, municipality: string): PushGroups {
  let byTown = groups.get(store);
  if (!byTown) groups.set(store, (byTown = new Map()));
  let g = byTown.get(municipality);
  if (!g) byTown.set(municipality, (g = new PushGroups(store, municipality)));
  return g;
}
