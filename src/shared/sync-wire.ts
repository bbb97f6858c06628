// The push as it crosses a rural link (256 kbit/s: every kilobyte is 32 ms). A device says what
// it understands in the push's `features`; the server answers an older build exactly as before.
// Pure functions, used by the device's transport and the server's push route.
import type { Mutation, MutationResult, PullWireResponse, PushResponse, PushWireResponse } from './sync-protocol';

/**
 * `positional`: the answers come in the order of the changes, one each, and leave out the ids the
 * device sent (a UUID each, the largest part of an answer once compressed).
 * `create-id`: a create whose id is its record's id is sent without it (see `mutationIdFor`).
 */
export const PUSH_FEATURES = ['positional', 'create-id'] as const;
export type PushFeature = (typeof PUSH_FEATURES)[number];

/**
 * The id of a new change. A create of a record whose id was just made on this device (a fresh
 * UUIDv7) takes that id: no other change can ever carry it, the receipt that makes a replay
 * harmless is keyed by it as before, and the wire need not carry two UUIDs for one create. A
 * record whose id is derived (an official's, from the ID document: two devices create the same
 * one) and every update get their own (`fresh`).
 */
export function mutationIdFor(draft: { op: Mutation['op']; recordId: string; freshRecordId?: boolean }, fresh: () => string): string {
  return draft.op === 'create' && draft.freshRecordId === true ? draft.recordId : fresh();
}

/** A change as sent: a create whose id is its record's id goes without it. */
export function mutationToWire(m: Mutation): Omit<Mutation, 'id'> & { id?: string } {
  if (m.op !== 'create' || m.id !== m.recordId) return m;
  const { id: _id, ...rest } = m;
  return rest;
}

/**
 * A change as received from a device that sent `create-id`: a create without an id takes its
 * record's. Anything else is left as it came, for the schema to judge (an old build's change
 * without an id is still refused as malformed).
 */
export function mutationFromWire(raw: unknown, features: readonly string[]): unknown {
  if (!features.includes('create-id') || !raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const m = raw as Record<string, unknown>;
  if ('id' in m || m.op !== 'create' || typeof m.recordId !== 'string') return raw;
  return { ...m, id: m.recordId };
}

/** The answers for a device that asked for `positional` ones: no id on what it can place. */
export function resultsToWire(results: readonly MutationResult[], features: readonly string[]): PushWireResponse['results'] {
  if (!features.includes('positional')) return [...results];
  return results.map((r) => {
    if (r.status === 'rejected') return r;
    const { mutationId: _id, ...rest } = r;
    return rest;
  });
}

/**
 * The answers with their ids back, each from the change at its position. An answer that names
 * another change than the one at its place is kept as it came: the engine then keeps that change
 * to send again (it never applies an answer to the wrong change).
 */
export function resultsFromWire(sent: readonly Pick<Mutation, 'id'>[], results: PushWireResponse['results']): PushResponse['results'] {
  return results.flatMap((r, i): MutationResult[] => {
    if (r.status === 'rejected' || r.mutationId !== undefined) return [r as MutationResult];
    const m = sent[i];
    return m ? [{ ...r, mutationId: m.id }] : [];
  });
}

/**
 * `bare-id` (a pull feature): the page may leave out each change's sequence number (the device
 * moves by the page's cursor; the server does, see pull.ts) and a record's `id` where its change
 * carries it (the device puts it back here).
 */
/** The page's records as the server holds them: every record's data with its id (a removal has no data). */
export function pageFromWire(page: PullWireResponse): PullWireResponse {
  return { ...page, changes: page.changes.map((c) => (c.removed || 'id' in c.data ? c : { ...c, data: { id: c.id, ...c.data } })) };
}
