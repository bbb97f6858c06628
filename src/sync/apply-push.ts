import { APP_VERSION } from '../app-version';
import type { GelDb, OutboxEntry, QuarantineEntry, SetAside, SyncState } from '../db/database';
import { isRecordKind, type RecordKind } from '#shared/records';
import { waitingDetailsSchema, type MutationResult } from '#shared/sync-protocol';
import type { SyncedRecord, SyncEvents } from './sync-events';

/** Times the server may fail applying a change before it is set aside. */
export const MAX_PUSH_ATTEMPTS = 5;

export interface PushPolicy {
  /** The running app's version, recorded on a change set aside (a new one sends it again). */
  appVersion: string;
  maxAttempts: number;
}

/** An answered entry that leaves the outbox (acknowledged, refused, or set aside). */
interface Answered {
  entry: OutboxEntry;
  result: MutationResult;
  setAside?: SetAside;
}

/** What the answers ask for, decided without reading the database (pure). */
interface PushPlan {
  kept: string[];
  /** Entries kept with one more failed attempt counted (INTERNAL below the limit). */
  attempts: { key: number; changes: { attempts: number } }[];
  answered: Answered[];
}

/** `results[i]` undefined: the server did not read that change (it stays, to go again). */
export function planPushResults(sent: readonly OutboxEntry[], results: readonly (MutationResult | undefined)[], policy: PushPolicy): PushPlan {
  const plan: PushPlan = { kept: [], attempts: [], answered: [] };
  for (const [i, entry] of sent.entries()) {
    const r = results[i];
    if (!r || (r.mutationId !== null && r.mutationId !== entry.mutationId)) {
      plan.kept.push(entry.mutationId);
      continue;
    }
    let setAside: SetAside | undefined;
    if (r.status === 'rejected' && r.error.code === 'INTERNAL') {
      // Not attempted, behind a failed change of its record: no attempt of its own.
      if (waitingDetailsSchema.safeParse(r.error.details).success) {
        plan.kept.push(entry.mutationId);
        continue;
      }
      const attempts = (entry.attempts ?? 0) + 1;
      if (attempts < policy.maxAttempts) {
        plan.attempts.push({ key: entry.seq as number, changes: { attempts } });
        plan.kept.push(entry.mutationId);
        continue;
      }
      setAside = { attempts, appVersion: policy.appVersion, seq: entry.seq as number, createdAt: entry.createdAt, ...(entry.imported ? { imported: true as const } : {}) };
    }
    plan.answered.push({ entry, result: r, ...(setAside ? { setAside } : {}) });
  }
  return plan;
}

const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`;

/** Groups values by a key (insertion order kept). */
function groupBy<T, K>(items: Iterable<T>, key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/**
 * Applies a push's answers in one transaction: acknowledged entries leave the outbox,
 * refused ones move to quarantine with the server's reason, the rest stay to be retried.
 * A change the server fails on (INTERNAL) counts an attempt; after `maxAttempts` it is set
 * aside in the quarantine, with the reason, so that one server bug never stops the outbox.
 * Answers the ids of the entries kept for a retry.
 *
 * Set-wise: a push answers hundreds of changes on a rural link, so the database is read once
 * per table (the records per kind, the outbox entries and quarantine of those records) and
 * written once per table; the answers are then replayed in memory in their order, exactly as
 * if each were applied alone (a record's state after answer i sees what answer i left).
 */
export async function applyPushResults(
  db: GelDb,
  events: SyncEvents,
  sent: readonly OutboxEntry[],
  results: readonly (MutationResult | undefined)[],
  now: Date = new Date(),
  policy: PushPolicy = { appVersion: APP_VERSION, maxAttempts: MAX_PUSH_ATTEMPTS },
): Promise<{ retry: number; kept: string[] }> {
  const plan = planPushResults(sent, results, policy);
  await db.transaction('rw', db.tables, async () => {
    const ofRecords = plan.answered.filter((a) => isRecordKind(a.entry.kind));
    const keys = [...new Map(ofRecords.map((a) => [keyOf(a.entry.kind, a.entry.recordId), [a.entry.kind, a.entry.recordId]])).values()];
    // The outbox entries of those records (the answered ones included: they leave in the replay below).
    const waiting = keys.length ? await db.outbox.where('[kind+recordId]').anyOf(keys).toArray() : [];
    const quarantined = new Set(
      (keys.length ? ((await db.quarantine.where('[kind+recordId]').anyOf(keys).keys()) as unknown as [string, string][]) : []).map(([k, id]) => keyOf(k, id)),
    );
    const remaining = new Map<string, Map<number, OutboxEntry>>();
    for (const [k, list] of groupBy(waiting, (e) => keyOf(e.kind, e.recordId))) remaining.set(k, new Map(list.map((e) => [e.seq as number, e])));
    const records = new Map<string, Record<string, unknown>>();
    for (const [kind, list] of groupBy(ofRecords, (a) => a.entry.kind)) {
      const ids = [...new Set(list.map((a) => a.entry.recordId))];
      const rows = (await db.table(kind).bulkGet(ids)) as (Record<string, unknown> | undefined)[];
      ids.forEach((id, i) => rows[i] && records.set(keyOf(kind, id), rows[i]));
    }

    const quarantine: QuarantineEntry[] = [];
    const changed = new Map<string, { kind: string; row: Record<string, unknown> }>();
    const applied: SyncedRecord[] = [];
    for (const { entry, result: r, setAside } of plan.answered) {
      const key = keyOf(entry.kind, entry.recordId);
      remaining.get(key)?.delete(entry.seq as number);
      if (r.status === 'rejected') {
        quarantine.push({ mutationId: entry.mutationId, kind: entry.kind, recordId: entry.recordId, mutation: entry.mutation, error: r.error, at: now.toISOString(), ...(setAside ? { setAside } : {}) });
        quarantined.add(key);
      }
      if (!isRecordKind(entry.kind)) continue;
      const synced: SyncedRecord = { kind: entry.kind as RecordKind, id: entry.recordId, data: entry.mutation.data };
      applied.push(synced);
      const local = records.get(key);
      if (!local) continue;
      const later = [...(remaining.get(key)?.values() ?? [])];
      const state: SyncState = later.length > 0 ? 'pending' : quarantined.has(key) ? 'rejected' : 'synced';
      const update: Record<string, unknown> = { _sync: state };
      // A late answer (a replay) must not undo a newer version this device already pulled.
      if (r.status !== 'rejected' && Number(local._rev ?? 0) < r.rev) {
        // Server-assigned facts show at once, under what this device changed since (still to send, or typed).
        const mine = new Set([...later.flatMap((e) => Object.keys(e.mutation.data)), ...((local._dirty as string[] | undefined) ?? [])]);
        const fields = Object.fromEntries(Object.entries(r.serverFields).filter(([f]) => !mine.has(f)));
        Object.assign(update, fields);
        synced.fromServer = fields;
        // Settled: the server's state at r.rev is this record as it stands here (see the protocol),
        // so the revision moves now and the pull leaves the record out. Otherwise the revision
        // moves only with the pull, which brings what others changed too.
        if (r.status === 'applied' && r.settled) update._rev = r.rev;
      }
      Object.assign(local, update);
      changed.set(key, { kind: entry.kind, row: local });
    }

    if (plan.answered.length) await db.outbox.bulkDelete(plan.answered.map((a) => a.entry.seq as number));
    if (plan.attempts.length) await db.outbox.bulkUpdate(plan.attempts);
    if (quarantine.length) await db.quarantine.bulkPut(quarantine);
    for (const [kind, list] of groupBy(changed.values(), (c) => c.kind)) await db.table(kind).bulkPut(list.map((c) => c.row));
    await events.emit('applied', db, applied);
  });
  return { retry: plan.kept.length, kept: plan.kept };
}

/**
 * Whether this device holds the record of every change in a batch: only then may the server
 * answer them settled (the device ends with the stored state from the answer alone). Changes
 * imported from another device's export were never applied here (a create names a record this
 * device never held, an update fields its copy lacks): the pull must bring those.
 */
export async function holdsEveryRecord(db: GelDb, batch: readonly OutboxEntry[]): Promise<boolean> {
  const byKind = new Map<string, string[]>();
  for (const e of batch) {
    if (e.imported || !isRecordKind(e.kind)) return false;
    byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e.recordId]);
  }
  for (const [kind, ids] of byKind) {
    const held = await db.table(kind).bulkGet(ids);
    if (held.some((r) => r === undefined)) return false;
  }
  return true;
}
