import { describe, expect, it } from 'vitest';
import type { MutationResult } from '#shared/sync-protocol';
import { mutationFromWire, mutationIdFor, mutationToWire, pageFromWire, resultsFromWire, resultsToWire } from '#shared/sync-wire';
import type { PullWireResponse } from '#shared/sync-protocol';
import { createMutation, updateMutation } from '../../helpers/fixtures';

const applied = (mutationId: string): MutationResult => ({ status: 'applied', mutationId, rev: 1, serverFields: { radicado: 'R-1' }, settled: true });

describe('push wire form', () => {
  it('a create of a record id made here takes it as change id; a derived record id (two devices make the same) and an update get a fresh one', () => {
    expect(mutationIdFor({ op: 'create', recordId: 'rec', freshRecordId: true }, () => 'fresh')).toBe('rec');
    expect(mutationIdFor({ op: 'create', recordId: 'rec' }, () => 'fresh')).toBe('fresh');
    expect(mutationIdFor({ op: 'create', recordId: 'rec', freshRecordId: false }, () => 'fresh')).toBe('fresh');
    expect(mutationIdFor({ op: 'update', recordId: 'rec', freshRecordId: true }, () => 'fresh')).toBe('fresh');
  });

  it('only a create whose id is its record id goes without it, and comes back whole when the device said create-id', () => {
    const create = { ...createMutation(), id: 'x' };
    create.id = create.recordId;
    const wire = mutationToWire(create);
    expect(wire).not.toHaveProperty('id');
    expect(mutationFromWire(wire, ['create-id'])).toEqual(create);
    // Without the feature (an old build's malformed change) nothing is filled in.
    expect(mutationFromWire(wire, [])).toBe(wire);
    const older = createMutation();
    expect(mutationToWire(older)).toBe(older);
    const update = updateMutation(create.recordId, 1, { subject: 'x' });
    expect(mutationToWire(update)).toBe(update);
    const { id: _id, ...noIdUpdate } = update;
    expect(mutationFromWire(noIdUpdate, ['create-id'])).toBe(noIdUpdate);
    for (const junk of [null, 42, 'x', [1]]) expect(mutationFromWire(junk, ['create-id'])).toBe(junk);
  });

  it('positional answers drop the ids of applied and conflict answers, keep a refusal whole, and get them back by position', () => {
    const sent = [createMutation(), createMutation(), createMutation()];
    const results: MutationResult[] = [
      applied(sent[0]!.id),
      { status: 'conflict', mutationId: sent[1]!.id, rev: 2, serverFields: {}, conflicts: [{ field: 'subject', conflictId: 'c' }] },
      { status: 'rejected', mutationId: sent[2]!.id, error: { code: 'VALIDATION_FAILED', message: 'x' } },
    ];
    const wire = resultsToWire(results, ['positional']);
    expect(wire[0]).not.toHaveProperty('mutationId');
    expect(wire[1]).not.toHaveProperty('mutationId');
    expect(wire[2]).toEqual(results[2]);
    expect(resultsFromWire(sent, wire)).toEqual(results);
    // An old build asked for nothing: the answers as they are.
    expect(resultsToWire(results, [])).toEqual(results);
  });

  it('an answer naming another change stays as it came (the engine keeps that change), and answers past the changes sent are dropped', () => {
    const sent = [createMutation(), createMutation()];
    const other = applied('someone-else');
    expect(resultsFromWire(sent, [other])).toEqual([other]);
    const a = { status: 'applied' as const, rev: 1, serverFields: {} };
    expect(resultsFromWire(sent.slice(0, 1), [a, a])).toEqual([{ ...a, mutationId: sent[0]!.id }]);
  });

  it('a bare page gets each record id back from its change; a removal stays without data, a record with its own id is left as it is', () => {
    const wire: PullWireResponse = {
      changes: [
        { kind: 'pqrsd', id: 'a', rev: 1, data: { subject: 'x' } },
        { kind: 'pqrsd', id: 'b', rev: 1, data: { id: 'b', subject: 'y' } },
        { kind: 'pqrsd', id: 'c', rev: 2, data: {}, removed: true },
      ],
      cursor: '3',
      hasMore: false,
    };
    expect(pageFromWire(wire).changes.map((c) => c.data)).toEqual([{ id: 'a', subject: 'x' }, { id: 'b', subject: 'y' }, {}]);
  });
});
