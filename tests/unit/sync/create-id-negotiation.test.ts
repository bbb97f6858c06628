// `create-id` is negotiated (issue 17 review): the device sends a create without its change id
// only to a server that said it reads it so, learns that from every answer (kept across reloads,
// per server origin), and a stripped create an older server refused as nameless is not
// quarantined: it stays in the outbox and goes again in full.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import type { ApiClient } from '../../../src/api/client';
import type { OutboxEntry } from '../../../src/db/database';
import { planPushResults } from '../../../src/sync/apply-push';
import { serverFeatures } from '../../../src/sync/server-features';
import { syncTransport } from '../../../src/sync/transport';
import { uuidv7 } from '#shared/ids';
import { mutationSchema, type Mutation, type MutationResult } from '#shared/sync-protocol';
import { mutationToWire, resultsFromWire } from '#shared/sync-wire';
import { createMutation, updateMutation } from '../../helpers/fixtures';

const policy = { appVersion: 'test', maxAttempts: 5 };
const entryOf = (m: Mutation, seq: number): OutboxEntry => ({ seq, mutationId: m.id, kind: m.kind, recordId: m.recordId, mutation: m, createdAt: m.at });
/** A create of a record whose id was made here (change id = record id: sent stripped when allowed). */
const freshCreate = (): Mutation => {
  const id = uuidv7();
  return { ...createMutation(), id, recordId: id };
};

/**
 * A server of the build before `create-id` (what push.ts did then): each change parsed on its own,
 * one without an id refused as malformed with `mutationId: null`; answers with ids, no `features`.
 */
function oldServer() {
  const bodies: { mutations: Record<string, unknown>[]; features?: string[] }[] = [];
  const applied = new Map<string, MutationResult>();
  const client = {
    post: async <T>(path: string, body: unknown, schema: z.ZodMiniType<T>): Promise<T> => {
      const b = body as (typeof bodies)[number];
      bodies.push(structuredClone(b));
      if (path !== '/api/sync/push') return schema.parse({ changes: [], cursor: '0.x', hasMore: false });
      const results = b.mutations.map((raw): MutationResult => {
        const parsed = mutationSchema.safeParse(raw);
        if (!parsed.success) {
          const id = typeof raw.id === 'string' ? raw.id : null;
          return { status: 'rejected', mutationId: id, error: { code: 'VALIDATION_FAILED', message: 'Malformed mutation' } };
        }
        // The receipt: a change applied once answers its replay the same (exactly once).
        const r = applied.get(parsed.data.id) ?? { status: 'applied', mutationId: parsed.data.id, rev: applied.size + 1, serverFields: {} };
        applied.set(parsed.data.id, r);
        return r;
      });
      return schema.parse({ results });
    },
  } as unknown as ApiClient;
  return { client, bodies, applied };
}

describe('create-id negotiation', () => {
  it("the reviewer's case: a stripped create refused as nameless by a server that did not say create-id is kept, not quarantined", () => {
    const m = freshCreate();
    const wire = mutationToWire(m);
    expect(mutationSchema.safeParse(wire).success).toBe(false);
    const oldAnswer: MutationResult = { status: 'rejected', mutationId: null, error: { code: 'VALIDATION_FAILED', message: 'Malformed mutation' } };
    const plan = planPushResults([entryOf(m, 1)], resultsFromWire([m], [oldAnswer]), policy);
    expect(plan.kept).toEqual([m.id]);
    expect(plan.answered).toEqual([]);
    // Once the server said create-id, such a refusal is its judgement of the change: filed as one.
    const understood = planPushResults([entryOf(m, 1)], resultsFromWire([m], [oldAnswer], { stripped: true, features: ['positional', 'create-id'] }), policy);
    expect(understood.answered.map((a) => a.result.status)).toEqual(['rejected']);
    // A create sent whole is never excused so (its id was on the wire).
    expect(planPushResults([entryOf(m, 1)], resultsFromWire([m], [oldAnswer], { stripped: false }), policy).answered).toHaveLength(1);
  });

  it('through the transport: an old instance mid rolling deploy keeps the create (and its record\'s later change); the next push sends it in full, applied once', async () => {
    const server = oldServer();
    const origin = `https://campo.example ${uuidv7()}`;
    const memory = serverFeatures(origin);
    // Learned from a new instance behind the same address.
    await memory.heard(['positional', 'create-id']);
    const transport = syncTransport(server.client, memory);
    const create = freshCreate();
    const edit = updateMutation(create.recordId, 1, { subject: 'Corregida' });
    const other = createMutation({ subject: 'Con id propio' });
    const batch = [create, edit, other];
    const first = await transport.push({ deviceId: 'device-0001', mutations: batch });
    expect(server.bodies[0]?.mutations[0]).not.toHaveProperty('id');
    const plan = planPushResults(batch.map(entryOf), first.results, policy);
    // Neither the unread create nor the edit judged without it is filed; the other create is answered.
    expect(plan.kept).toEqual([create.id, edit.id]);
    expect(plan.answered.map((a) => [a.entry.mutationId, a.result.status])).toEqual([[other.id, 'applied']]);
    // The answer said no features: forgotten, and kept so across a reload (a new memory, same store).
    expect(await memory.knows('create-id')).toBe(false);
    expect(await serverFeatures(origin).knows('create-id')).toBe(false);

    // The next push: what stayed goes again, in full, and is applied; the same change id as before.
    const second = await transport.push({ deviceId: 'device-0001', mutations: [create, edit] });
    expect(server.bodies[1]?.mutations[0]).toMatchObject({ id: create.id });
    const again = planPushResults([entryOf(create, 1), entryOf(edit, 2)], second.results, policy);
    expect(again.kept).toEqual([]);
    expect(again.answered.map((a) => a.result.status)).toEqual(['applied', 'applied']);
    // Exactly once: had the first instance applied it, the resend (same id) is answered from the receipt.
    const replay = await transport.push({ deviceId: 'device-0001', mutations: [create] });
    expect(replay.results).toEqual([second.results[0]]);
    expect([...server.applied.keys()].filter((id) => id === create.id)).toHaveLength(1);
  });

  it('the memory is kept per server origin across reloads, and an answer without create-id forgets it', async () => {
    const origin = `https://campo.example ${uuidv7()}`;
    await serverFeatures(origin).heard(['removals', 'bare-id', 'create-id']);
    // A reload: a new memory reads the device settings.
    const reloaded = serverFeatures(origin);
    expect(await reloaded.knows('create-id')).toBe(true);
    expect(await serverFeatures(`https://otro.example ${uuidv7()}`).knows('create-id')).toBe(false);
    await reloaded.heard(undefined);
    expect(await serverFeatures(origin).knows('create-id')).toBe(false);
  });
});
