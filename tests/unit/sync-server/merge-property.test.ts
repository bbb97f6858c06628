// Property-based test of the field-by-field merge (DESIGN.md principle 6) against the real
// server: pushMutations / pullChanges on a SqliteStore, with two replicas simulated here.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import type { Conflict } from '#shared/records';
import type { Mutation, MutationResult } from '#shared/sync-protocol';
import type { Actor } from '../../../sync-server/reconcile/reconcile-mutation';
import { SqliteStore } from '../../../sync-server/store/sqlite-store';
import type { StoredRecord } from '../../../sync-server/store/store';
import { pullChanges } from '../../../sync-server/sync/pull';
import { pushMutations } from '../../../sync-server/sync/push';
import { createMutation } from '../../helpers/fixtures';

const MUNICIPALITY = '95200';
const FIELDS = ['subject', 'description'] as const;
type Field = (typeof FIELDS)[number];
/** A small alphabet, so that both replicas often write equal values. The create uses VALUES[0]. */
const VALUES = ['alfa', 'beta', 'gama'] as const;
type Name = 'A' | 'B';
const ACTORS: Record<Name, Actor> = {
  A: { userId: 'user-a', role: 'official', municipality: MUNICIPALITY, deviceId: 'device-A', dependencia: 'Ventanilla única' },
  B: { userId: 'user-b', role: 'official', municipality: MUNICIPALITY, deviceId: 'device-B', dependencia: 'Ventanilla única' },
};

type Cmd =
  | { t: 'edit'; r: Name; field: Field; value: string }
  /**
   * sync = push the whole outbox in order, then pull. The others are what a device does when
   * the link drops half-way: push without pull, pull without push, and a push whose answer is
   * lost ('lost': the server applied it but the entries stay in the outbox and are re-sent).
   */
  | { t: 'sync' | 'push' | 'pull' | 'lost'; r: Name }
  /** Re-send an earlier push batch (its first answer was lost). */
  | { t: 'replay'; pick: number };

const nameArb = fc.constantFrom<Name>('A', 'B');
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('edit' as const), r: nameArb, field: fc.constantFrom(...FIELDS), value: fc.constantFrom(...VALUES) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sync' as const), r: nameArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('push' as const, 'pull' as const, 'lost' as const), r: nameArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('replay' as const), pick: fc.nat(50) }) },
);

/** One edit a replica made: a single-field update based on the revision of its local copy. */
interface Edit {
  replica: Name;
  field: Field;
  value: string;
  mutation: Mutation;
  /** The server's first answer, and what it did, as read from that answer. */
  first?: MutationResult;
  outcome?: { type: 'applied' | 'same'; rev: number } | { type: 'conflict'; conflictId: string };
}

/** A value the server stored in a field (the create, or an applied edit), at revision `rev`. */
interface Write {
  field: Field;
  value: unknown;
  rev: number;
  device: string;
  /** Revision the change was based on (0 for the create). */
  baseRev: number;
}

interface Replica {
  name: Name;
  actor: Actor;
  /** The server's record as last pulled. */
  copy: { data: Record<string, unknown>; rev: number };
  /** Pushed but not yet pulled: still shown on top of the copy (the local row keeps them until a pull). */
  sent: Edit[];
  outbox: Edit[];
  cursor: string | null;
}

/** Local view = server copy with this replica's unsent (and sent-but-unpulled) changes replayed, like `rebase`. */
const viewOf = (r: Replica): Record<string, unknown> =>
  [...r.sent, ...r.outbox].reduce<Record<string, unknown>>((row, e) => ({ ...row, ...e.mutation.data }), { ...r.copy.data });

class World {
  readonly recordId: string;
  serverRev = 1;
  readonly writes: Write[] = [];
  readonly edits: Edit[] = [];
  readonly batches: { actor: Actor; mutations: Mutation[]; results: MutationResult[] }[] = [];
  readonly replicas: Record<Name, Replica>;

  constructor(readonly store: SqliteStore) {
    this.recordId = uuidv7();
    const blank = (name: Name): Replica => ({ name, actor: ACTORS[name], copy: { data: {}, rev: 0 }, sent: [], outbox: [], cursor: null });
    this.replicas = { A: blank('A'), B: blank('B') };
  }

  current(field: Field): Write {
    const w = this.writes.filter((x) => x.field === field).at(-1);
    if (!w) throw new Error(`no write of ${field}`);
    return w;
  }

  async create(): Promise<void> {
    const m = { ...createMutation({ subject: VALUES[0], description: VALUES[0] }), recordId: this.recordId };
    const results = await pushMutations(this.store, ACTORS.A, [m]);
    expect(results[0]).toMatchObject({ status: 'applied', rev: 1 });
    this.batches.push({ actor: ACTORS.A, mutations: [m], results });
    for (const field of FIELDS) this.writes.push({ field, value: VALUES[0], rev: 1, device: ACTORS.A.deviceId, baseRev: 0 });
  }

  edit(r: Replica, field: Field, value: string): void {
    const mutation: Mutation = {
      id: uuidv7(),
      kind: 'pqrsd',
      recordId: this.recordId,
      op: 'update',
      baseRev: r.copy.rev,
      data: { [field]: value },
      at: '2026-03-11T15:00:00.000Z',
    };
    const e: Edit = { replica: r.name, field, value, mutation };
    r.outbox.push(e);
    this.edits.push(e);
  }

  async push(r: Replica, answerLost = false): Promise<void> {
    if (r.outbox.length === 0) return;
    const mutations = r.outbox.map((e) => e.mutation);
    const results = await pushMutations(this.store, r.actor, mutations);
    this.batches.push({ actor: r.actor, mutations, results });
    for (const [i, e] of r.outbox.entries()) {
      const res = results[i];
      if (!res || res.status === 'rejected') throw new Error(`edit ${JSON.stringify(e.mutation.data)} rejected: ${JSON.stringify(res)}`);
      if (e.first) {
        // Re-sent after a lost answer: the receipt answers, exactly as the first time.
        expect(res).toEqual(e.first);
        continue;
      }
      e.first = res;
      if (res.status === 'conflict') {
        // Only the one field of the edit can conflict, and a conflict alone does not bump the revision.
        expect(res.conflicts.map((c) => c.field)).toEqual([e.field]);
        expect(res.rev).toBe(this.serverRev);
        e.outcome = { type: 'conflict', conflictId: res.conflicts[0]?.conflictId ?? '' };
      } else if (res.rev === this.serverRev + 1) {
        this.serverRev = res.rev;
        this.writes.push({ field: e.field, value: e.value, rev: res.rev, device: r.actor.deviceId, baseRev: e.mutation.baseRev ?? 0 });
        e.outcome = { type: 'applied', rev: res.rev };
      } else {
        // A no-op is only right when the server already holds exactly this value.
        expect(res.rev).toBe(this.serverRev);
        expect(this.current(e.field).value).toBe(e.value);
        e.outcome = { type: 'same', rev: this.current(e.field).rev };
      }
    }
    if (answerLost) return;
    r.sent.push(...r.outbox);
    r.outbox = [];
  }

  async pull(r: Replica): Promise<void> {
    for (;;) {
      const page = await pullChanges(this.store, r.actor, r.cursor, 3); // small pages: the cursor must resume
      for (const ch of page.changes) {
        if (ch.kind === 'pqrsd' && ch.id === this.recordId) r.copy = { data: ch.data, rev: ch.rev };
      }
      r.cursor = page.cursor;
      if (!page.hasMore) break;
    }
    r.sent = [];
  }

  async record(): Promise<StoredRecord> {
    const rec = await this.store.transaction(MUNICIPALITY, (tx) => tx.getRecord(MUNICIPALITY, 'pqrsd', this.recordId));
    if (!rec) throw new Error('record missing');
    return rec;
  }

  async conflicts(): Promise<Conflict[]> {
    const rows = await this.store.changesSince(MUNICIPALITY, ['conflict'], 0, 1_000_000);
    return rows.map((r) => r.data as unknown as Conflict).filter((c) => c.recordId === this.recordId);
  }

  /** Everything the server holds for the municipality, in sequence order (records and conflicts). */
  snapshot(): Promise<StoredRecord[]> {
    return this.store.changesSince(MUNICIPALITY, ['pqrsd', 'conflict'], 0, 1_000_000);
  }

  /** Property 4: re-sending a batch returns its first answers and changes nothing. */
  async replay(pick: number): Promise<void> {
    const batch = this.batches[pick % this.batches.length];
    if (!batch) return;
    const before = await this.snapshot();
    const again = await pushMutations(this.store, batch.actor, batch.mutations);
    expect(again).toEqual(batch.results);
    expect(await this.snapshot()).toEqual(before);
  }

  async run(cmd: Cmd): Promise<void> {
    if (cmd.t === 'replay') return this.replay(cmd.pick);
    const r = this.replicas[cmd.r];
    if (cmd.t === 'edit') return this.edit(r, cmd.field, cmd.value);
    if (cmd.t === 'lost') return this.push(r, true);
    if (cmd.t !== 'pull') await this.push(r);
    if (cmd.t !== 'push') await this.pull(r);
  }
}

async function checkProperties(w: World): Promise<void> {
  const { A, B } = w.replicas;
  const rec = await w.record();
  const conflicts = await w.conflicts();

  // 1. Convergence: both views equal each other and the server's record; the simulation's
  //    account of who wrote what agrees with the server's own field stamps.
  expect(A.outbox.length + B.outbox.length).toBe(0);
  expect(viewOf(A)).toEqual(rec.data);
  expect(viewOf(B)).toEqual(rec.data);
  expect(A.copy.rev).toBe(rec.rev);
  expect(B.copy.rev).toBe(rec.rev);
  expect(rec.rev).toBe(w.serverRev);
  for (const f of FIELDS) {
    const cur = w.current(f);
    expect(rec.data[f]).toBe(cur.value);
    expect(rec.fieldRevs[f]).toEqual({ rev: cur.rev, device: cur.device });
  }

  // 2. Nothing lost. The rule checked, for every edit E (replica R, field F, value V):
  //    a) if the server did not apply E (conflict), a conflict record of F holds it: same
  //       mutation id, clientValue V, clientDevice R; otherwise
  //    b) V reached the server through a write W of F (E itself, or, when the server already
  //       held V, the earlier write that put it there), and W is accounted for: either
  //       - W's value is the final value of F, or
  //       - the next write N of F was made by the same device as W (its own later change:
  //         "own history"; for an applied E that device is R), or
  //       - N was based on a revision that already contained V (N.baseRev >= W.rev), i.e.
  //         the other replica had seen V before replacing it.
  //    The alternative "V appears in some conflict record" is deliberately NOT accepted for
  //    a replaced write: with a 3-value alphabet it would hide silent overwrites by coincidence.
  const writesOf = (f: Field) => w.writes.filter((x) => x.field === f);
  const accounted = (wr: Write): string | null => {
    const next = writesOf(wr.field).find((x) => x.rev > wr.rev);
    if (!next) return isDeepStrictEqual(rec.data[wr.field], wr.value) ? null : 'is neither final nor replaced';
    if (next.device === wr.device || next.baseRev >= wr.rev) return null;
    return `was overwritten silently by ${next.device} at rev ${next.rev} (based on rev ${next.baseRev})`;
  };
  for (const wr of w.writes) expect(accounted(wr), `${wr.field}=${String(wr.value)} written at rev ${wr.rev} by ${wr.device}`).toBeNull();
  for (const e of w.edits) {
    const o = e.outcome;
    if (!o) throw new Error('an edit was never pushed');
    if (o.type === 'conflict') {
      // The conflict holds E's value, or a later edit of the same field by the same device: a
      // device's newer value replaces the one it sent before in its open conflict ("own history").
      const c = conflicts.find((x) => x.id === o.conflictId);
      expect(c).toMatchObject({ field: e.field, clientDevice: ACTORS[e.replica].deviceId });
      const holder = w.edits.find((x) => x.mutation.id === c?.mutationId);
      expect(c?.clientValue).toBe(holder?.value);
      const own = w.edits.filter((x) => x.replica === e.replica && x.field === e.field);
      const later = holder !== undefined && own.indexOf(holder) > own.indexOf(e);
      expect(c?.clientValue === e.value || later, `conflict ${c?.id} holds ${String(c?.clientValue)}: neither ${e.value} nor a later value of ${e.replica}`).toBe(true);
    } else {
      const wr = writesOf(e.field).find((x) => x.rev === o.rev);
      expect(wr?.value).toBe(e.value);
    }
  }

  // 3. Conflicts only for concurrent changes of the same field: each conflict record belongs
  //    to one of our edits, baseRev < serverRev, the two values differ, and the value the
  //    server kept was written by the OTHER device after the client's base revision.
  //    One open conflict per field and device: as many as the distinct ones the answers named.
  const named = new Set(w.edits.flatMap((e) => (e.outcome?.type === 'conflict' ? [e.outcome.conflictId] : [])));
  expect(conflicts.length).toBe(named.size);
  for (const c of conflicts) {
    const e = w.edits.find((x) => x.mutation.id === c.mutationId);
    expect(e, `conflict ${c.id} matches an edit`).toBeDefined();
    expect(c.baseRev).toBe(e?.mutation.baseRev);
    expect(c.baseRev).toBeLessThan(c.serverRev);
    expect(isDeepStrictEqual(c.serverValue, c.clientValue)).toBe(false);
    const holder = writesOf(c.field as Field).filter((x) => x.rev <= c.serverRev).at(-1);
    expect(holder?.value).toEqual(c.serverValue);
    expect(holder?.device).not.toBe(c.clientDevice);
    expect(holder?.rev ?? 0).toBeGreaterThan(c.baseRev);
  }

  // 4. Replaying every earlier push (receipts) returns the first answers and changes nothing.
  for (let i = 0; i < w.batches.length; i++) await w.replay(i);
  expect((await w.conflicts()).length).toBe(conflicts.length);
  expect(await w.record()).toEqual(rec);
}

let dir: string;
let runs = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gel-merge-property-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** One run on a fresh server, so every run (and every shrink step) starts from nothing. */
async function simulate(cmds: readonly Cmd[], inspect?: (w: World, rec: StoredRecord, conflicts: Conflict[]) => void): Promise<void> {
  const store = new SqliteStore(join(dir, `run-${++runs}.sqlite`));
  try {
    await store.migrate();
    await store.ensureMunicipality(MUNICIPALITY, 'Miraflores');
    const w = new World(store);
    await w.create();
    await w.pull(w.replicas.A);
    await w.pull(w.replicas.B);
    for (const cmd of cmds) await w.run(cmd);
    for (const name of ['A', 'B', 'A', 'B'] as const) await w.run({ t: 'sync', r: name });
    await checkProperties(w);
    inspect?.(w, await w.record(), await w.conflicts());
  } finally {
    await store.close();
  }
}

describe('field-by-field merge of two replicas (property)', () => {
  it('converges, loses nothing, conflicts only on concurrent changes, and replays change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { maxLength: 40 }), (cmds) => simulate(cmds)),
      { numRuns: 200, seed: 0x6e1c4a90 },
    );
    // 200 runs over a real SQLite store: seconds alone, a minute on a loaded 2-core machine.
  }, 180_000);

  it('a known interleaving: concurrent edits of one field give one conflict, other fields merge', async () => {
    await simulate(
      [
        { t: 'edit', r: 'A', field: 'subject', value: 'beta' },
        { t: 'edit', r: 'B', field: 'subject', value: 'gama' },
        { t: 'edit', r: 'B', field: 'description', value: 'beta' },
        { t: 'edit', r: 'A', field: 'subject', value: 'gama' }, // A's own later change: no conflict
        { t: 'sync', r: 'A' },
        { t: 'sync', r: 'B' },
      ],
      (w, rec, conflicts) => {
        expect(rec.data).toMatchObject({ subject: 'gama', description: 'beta' });
        expect(rec.rev).toBe(4);
        // B wrote the same subject A already had: merged, not a conflict; nothing to keep.
        expect(conflicts).toEqual([]);
      },
    );
    await simulate(
      [
        { t: 'edit', r: 'A', field: 'subject', value: 'beta' },
        { t: 'edit', r: 'B', field: 'subject', value: 'gama' },
        { t: 'sync', r: 'B' },
        { t: 'sync', r: 'A' },
      ],
      (w, rec, conflicts) => {
        expect(rec.data.subject).toBe('gama');
        expect(conflicts).toMatchObject([{ field: 'subject', baseRev: 1, serverRev: 2, serverValue: 'gama', clientValue: 'beta', clientDevice: 'device-A' }]);
      },
    );
  });
});
