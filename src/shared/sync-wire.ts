// The push as it crosses a rural link (256 kbit/s: every kilobyte is 32 ms). A device says what
// it understands in the push's `features`; the server answers an older build exactly as before.
// Pure functions, used by the device's transport and the server's push route.
import { PULL_FEATURES, type Mutation, type MutationResult, type PullWireResponse, type PushWireResponse } from './sync-protocol';

/**
 * `positional`: the answers come in the order of the changes, one each, and leave out the ids the
 * device sent (a UUID each, the largest part of an answer once compressed).
 * `create-id`: a create whose id is its record's id is sent without it (see `mutationIdFor`).
 */
export const PUSH_FEATURES = ['positional', 'create-id'] as const;
export type PushFeature = (typeof PUSH_FEATURES)[number];

/** Every wire feature this server understands, of a push or a pull. */
const SERVER_FEATURES: readonly string[] = [...PUSH_FEATURES, ...PULL_FEATURES];

/**
 * What the server says back it understood of the features a request declared (answers carry it
 * as `features`). A request that declared none (an older build) gets no such field: the old body.
 * The device strips create ids only while the server it talks to says `create-id` (an instance of
 * an older build behind the same address, mid rolling deploy, would read such a create as malformed).
 */
export function honouredFeatures(declared: readonly string[] | undefined): string[] | undefined {
  return declared?.filter((f) => SERVER_FEATURES.includes(f));
}

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

/** How a push went out: whether its creates went without ids, and the `features` its answer said. */
export interface PushAnswered {
  stripped: boolean;
  features?: readonly string[];
}

/**
 * The answers with their ids back, each from the change at its position. An answer that names
 * another change than the one at its place is kept as it came: the engine then keeps that change
 * to send again (it never applies an answer to the wrong change).
 *
 * A create sent without its id to a server that did not say `create-id` and refused as nameless
 * (`mutationId: null`) was not read, not judged: its answer is `undefined` (the engine keeps it,
 * to go again in full), and so is every later answer of that record in the batch (judged without
 * the create). Safe to send again: its change id is the same, and a server that did apply it
 * answers the replay from its receipt.
 */
export function resultsFromWire(
  sent: readonly Pick<Mutation, 'id' | 'op' | 'kind' | 'recordId'>[],
  results: PushWireResponse['results'],
  answered: PushAnswered = { stripped: true },
): (MutationResult | undefined)[] {
  const understood = answered.features?.includes('create-id') === true;
  const unread = new Set<string>();
  return results.flatMap((r, i): (MutationResult | undefined)[] => {
    const m = sent[i];
    if (!m) return [];
    const record = `${m.kind}\u0000${m.recordId}`;
    const withoutId = answered.stripped && m.op === 'create' && m.id === m.recordId;
    if (unread.has(record) || (withoutId && !understood && r.status === 'rejected' && r.mutationId === null)) {
      unread.add(record);
      return [undefined];
    }
    if (r.status === 'rejected' || r.mutationId !== undefined) return [r as MutationResult];
    return [{ ...r, mutationId: m.id }];
  });
}

/**
 * A pulled page as the engine reads it, without the answer's `features`. Under `bare-id` (a pull
 * feature) the page may leave out each change's sequence number (the device moves by the page's
 * cursor; pull.ts does so) and a record's `id` where its change carries it (today's server sends
 * the stored data whole; the device accepts both): every record's data gets its id back here.
 */
export function pageFromWire({ features: _features, ...page }: PullWireResponse): PullWireResponse {
  return { ...page, changes: page.changes.map((c) => (c.removed || 'id' in c.data ? c : { ...c, data: { id: c.id, ...c.data } })) };
}
