import { AppError } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import type { Mutation } from '#shared/sync-protocol';
import { mutationIdFor } from '#shared/sync-wire';
import type { GelDb, OutboxEntry } from './database';

export type MutationDraft = Pick<Mutation, 'kind' | 'recordId' | 'op' | 'baseRev'> & {
  /** A create of a record whose id was made here and now (a fresh UUIDv7): see mutationIdFor. */
  freshRecordId?: boolean;
};

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
  return guardStorage(() => db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
    const data = await write();
    const { freshRecordId: _fresh, ...fields } = draft;
    const mutation: Mutation = { ...fields, data, id: mutationIdFor(draft, () => uuidv7(now.getTime())), at: now.toISOString() };
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
  }));
}

/** A full device is said plainly; the transaction was rolled back, so nothing is half-written. */
export async function guardStorage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const names = [(err as { name?: string }).name, (err as { inner?: { name?: string } }).inner?.name];
    if (names.includes('QuotaExceededError')) {
      throw new AppError('STORAGE_FULL', 'No hay espacio en este dispositivo: no se guardó nada. Libere espacio o exporte lo pendiente.');
    }
    throw err;
  }
}

export function pendingFor(db: GelDb, kind: string, recordId: string): Promise<OutboxEntry[]> {
  return db.outbox.where('[kind+recordId]').equals([kind, recordId]).sortBy('seq');
}
