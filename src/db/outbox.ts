import { uuidv7 } from '../shared/ids';
import type { Mutation } from '../shared/sync-protocol';
import type { GelDb, OutboxEntry } from './database';

export type MutationDraft = Pick<Mutation, 'kind' | 'recordId' | 'op' | 'baseRev'>;

/**
 * Records a user action: `write` stores the record and returns the change's data, and the
 * outbox entry is appended in the same Dexie transaction, so a record is never saved
 * without its change to send (or the reverse).
 */
export async function commitLocalChange(
  db: GelDb,
  draft: MutationDraft,
  write: () => Promise<Mutation['data']>,
  now: Date = new Date(),
  alsoWrites: string[] = [],
  /** Derived local state to update once the outbox entry exists, in the same transaction. */
  after?: () => Promise<void>,
): Promise<Mutation> {
  const tables = [draft.kind, ...alsoWrites].map((t) => db.table(t));
  return db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
    const data = await write();
    const mutation: Mutation = { ...draft, data, id: uuidv7(now.getTime()), at: now.toISOString() };
    const entry: OutboxEntry = {
      mutationId: mutation.id,
      kind: mutation.kind,
      recordId: mutation.recordId,
      mutation,
      createdAt: now.toISOString(),
    };
    await db.outbox.add(entry);
    await after?.();
    return mutation;
  });
}

export function pendingFor(db: GelDb, kind: string, recordId: string): Promise<OutboxEntry[]> {
  return db.outbox.where('[kind+recordId]').equals([kind, recordId]).sortBy('seq');
}
