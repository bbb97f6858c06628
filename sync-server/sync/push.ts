import { AppError, zodIssues, type ApiError } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { mutationSchema, recordsNamedBy, type Mutation, type MutationResult } from '#shared/sync-protocol';
import type { Conflict, RecordKind } from '#shared/records';
import { reconcileMutation, roleRefusal, type Actor, type Decision, type FieldConflict } from '../reconcile/reconcile-mutation';
import { sameValue } from '../reconcile/same-value';
import type { Receipt, Store, StoredRecord, StoredUser, StoreTx } from '../store/store';
import { afterUpdate, beforeUpdate, DEFAULT_KIND_RULES, onCreate, type KindHookTable, type KindRules } from './kind-hooks';
import { accept, type HookContext, type HookResult } from './hooks/types';
import { BatchTx, SetWiseFailed, WriteMeter, WritesOverBudget } from './batch-tx';
import { pushGroupsOf } from './push-groups';
import { createdView, fieldsToSettle, holdsCurrent } from './settle';

const rejected = (mutationId: string | null, error: ApiError): MutationResult => ({
  status: 'rejected',
  mutationId,
  error,
});

function idOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id.length <= 64) return raw.id;
  return null;
}

/** Whom a push acts for: the signed-in user on one of their devices. */
export function actorFor(user: StoredUser, deviceId: string): Actor {
  return {
    userId: user.id,
    displayName: user.displayName,
    role: user.role,
    municipality: user.municipality,
    deviceId,
    dependencia: user.dependencia,
  };
}

/** Records whose change failed in this push, each with the change that failed. */
type Failed = Map<string, string>;

/** What a push runs with; unset, the modules' rules on a server with nothing configured, and the real time. */
export interface PushOptions {
  now?: () => Date;
  /** The kinds' server rules (a test server may be given others). */
  hooks?: KindHookTable;
  /** The settings of the server the rules read (see HookContext). */
  context?: HookContext;
  /** Adds up what the batch writes beyond its records, up to its limit (the volume budget). */
  meter?: WriteMeter;
  /**
   * The device the answers go back to (a push from that device's own session): a change it can
   * hold exactly as stored is answered `settled` and left out of its pulls. Unset (an import, a
   * script): nothing is settled, every device pulls every change.
   */
  answersTo?: string;
  /** Set-wise (the default) or change by change (see BatchTx); withSetWise decides. */
  setWise?: boolean;
}

/**
 * Runs a batch set-wise, and once more change by change if that cannot be undone in memory
 * (SetWiseFailed: the first attempt's transaction rolled back whole, nothing of it kept). `run`
 * opens the transaction, so the rerun is a fresh one.
 */
export async function withSetWise<T>(opts: PushOptions, run: (opts: PushOptions) => Promise<T>): Promise<T> {
  const meter = opts.meter ?? new WriteMeter();
  const bytes = meter.bytes;
  try {
    return await run({ ...opts, meter, setWise: true });
  } catch (err) {
    if (!(err instanceof SetWiseFailed)) throw err;
    console.warn('push: batch applied again change by change:', err.cause);
    meter.bytes = bytes;
    meter.current = null;
    return run({ ...opts, meter, setWise: false });
  }
}

/**
 * Applies a batch in one transaction (shared with other devices' pushes waiting, each in its
 * own savepoint: see PushGroups) and returns one result per mutation, in order. The caller
 * answers only after this resolves, i.e. after the commit is durable.
 */
export function pushMutations(store: Store, actor: Actor, raws: unknown[], opts: PushOptions = {}): Promise<MutationResult[]> {
  const meter = opts.meter ?? new WriteMeter();
  const bytes = meter.bytes;
  // Its turn comes with other devices' pushes, in one transaction (see PushGroups).
  return new Promise((resolve, reject) =>
    pushGroupsOf(store, actor.municipality).submit({
      actor,
      size: raws.length,
      apply: (tx, setWise) => {
        // A second attempt (change by change) counts only what it writes.
        meter.bytes = bytes;
        meter.current = null;
        return applyMutations(tx, actor, raws, { ...opts, meter, setWise });
      },
      resolve,
      reject,
    }),
  );
}

/** The body of a push, inside a transaction the caller owns (an import decides whether to keep it). */
export async function applyMutations(tx: StoreTx, actor: Actor, raws: unknown[], opts: PushOptions = {}): Promise<MutationResult[]> {
  const now = opts.now ?? (() => new Date());
  const rules: KindRules = { hooks: opts.hooks ?? DEFAULT_KIND_RULES.hooks, context: opts.context ?? DEFAULT_KIND_RULES.context };
  // Only the device that acts gets answers it can settle on.
  const settleFor = opts.answersTo !== undefined && opts.answersTo === actor.deviceId ? actor.deviceId : null;
  const results: MutationResult[] = [];
  const failed: Failed = new Map();
  // Every write of the batch, the kinds' rules' too, goes through the meter; conflicts are written once.
  const meter = opts.meter ?? new WriteMeter();
  const batch = new BatchTx(tx, meter, opts.setWise ?? false);
  // Set-wise: the batch's receipts and current records in one query each.
  const parsed = raws.map((raw) => mutationSchema.safeParse(raw));
  const valid = parsed.flatMap((p) => (p.success ? [p.data] : []));
  const receipts = new Map((await tx.getReceipts(valid.map((m) => m.id))).map((r) => [r.mutationId, r]));
  await batch.prime(actor.municipality, valid.map((m) => ({ kind: m.kind, id: m.recordId })));
  for (const [i, p] of parsed.entries()) results.push(await pushOne(batch, actor, raws[i], p, receipts, now().toISOString(), rules, failed, settleFor));
  await batch.end();
  return results;
}

async function pushOne(
  batch: BatchTx,
  actor: Actor,
  raw: unknown,
  parsed: ReturnType<typeof mutationSchema.safeParse>,
  receipts: Map<string, Receipt>,
  at: string,
  rules: KindRules,
  failed: Failed,
  settleFor: string | null,
): Promise<MutationResult> {
  const { tx, meter } = batch;
  meter.current = null;
  if (!parsed.success) {
    return rejected(idOf(raw), { code: 'VALIDATION_FAILED', message: 'Malformed mutation', details: zodIssues(parsed.error) });
  }
  const m = parsed.data;
  meter.current = { kind: m.kind, id: m.recordId };
  const receipt = receipts.get(m.id);
  if (receipt) {
    // A replay (the first answer was lost): the first result, and nothing changes.
    if (receipt.userId !== actor.userId) {
      return rejected(m.id, { code: 'FORBIDDEN', message: 'This mutation id belongs to another user' });
    }
    return receipt.result;
  }
  // Order per record: behind a change that failed here, later changes of the records it named wait.
  const named = recordsNamedBy(m);
  const waitsFor = [...named].map((id) => failed.get(id)).find((id) => id !== undefined);
  if (waitsFor !== undefined) {
    failed.set(m.recordId.toLowerCase(), m.id);
    return rejected(m.id, { code: 'INTERNAL', message: 'Not attempted: an earlier change of the same record failed', details: { waitsFor } });
  }
  try {
    const result = await tx.savepoint(() => applyNew(batch, actor, m, at, rules, settleFor));
    // Written with the batch's other receipts (one statement); a later copy of the id in this batch answers it.
    const kept: Receipt = { mutationId: m.id, deviceId: actor.deviceId, userId: actor.userId, result, at };
    batch.receiptLater(kept);
    receipts.set(m.id, kept);
    return result;
  } catch (err) {
    // Too much to write for its user's budget: the whole batch is refused (see WriteMeter).
    if (err instanceof WritesOverBudget) throw err;
    // Set-wise, a change that wrote to the database cannot be undone alone: the batch reruns eagerly.
    if (err instanceof SetWiseFailed) throw err;
    // Nothing of this mutation was kept and no receipt written: the device retries it later.
    failed.set(m.recordId.toLowerCase(), m.id);
    const message = err instanceof AppError ? err.message : 'Internal error while applying the change';
    console.error('push: mutation %s failed', m.id, err);
    return rejected(m.id, { code: 'INTERNAL', message });
  }
}

class Rehearsed extends Error {
  constructor(readonly result: HookResult) {
    super('rehearsal');
  }
}

/** Runs a create's rules and undoes whatever they wrote: their answer, without their effects. */
async function rehearse(tx: StoreTx, fn: () => Promise<HookResult>): Promise<HookResult> {
  try {
    await tx.savepoint(async () => {
      throw new Rehearsed(await fn());
    });
  } catch (err) {
    if (err instanceof Rehearsed) return err.result;
    throw err;
  }
  throw new Error('unreachable: a rehearsal always rolls back');
}

/**
 * Permission first, always. The kind's own rules (who may act on this record, in which state)
 * judge every change that meets a stored record before anything that depends on what it holds is
 * answered: a value equal to the stored one, a conflict, a bound on its revision, "it exists".
 * So a probe reads exactly like the change it imitates. Only what the role alone forbids, or the
 * change's own shape, answers earlier: neither says anything about the record.
 */
function judgeFirst(
  tx: StoreTx,
  m: Mutation,
  current: StoredRecord | null,
  decision: Decision,
  actor: Actor,
  at: string,
  rules: KindRules,
): Promise<HookResult> {
  if (!current || roleRefusal(m, actor.role)) return Promise.resolve(accept());
  const kind = m.kind as RecordKind;
  if (m.op === 'update') {
    const next = decision.type === 'update' ? decision.data : current.data;
    return beforeUpdate(tx, kind, current, next, actor, at, rules);
  }
  const proposed = decision.type === 'reject' || decision.type === 'noop' ? decision.proposed : undefined;
  return proposed ? rehearse(tx, () => onCreate(tx, kind, proposed, actor, at, rules)) : Promise.resolve(accept());
}

/**
 * The answer of an applied change, settled when the device can end with exactly the stored
 * state from it (`view`: what it holds; see `settled` in the protocol), else with the rules'
 * server fields only (the pull brings the record).
 */
function appliedAnswer(
  m: Mutation,
  rev: number,
  serverFields: Record<string, unknown>,
  settle: { stored: Record<string, unknown>; view: Record<string, unknown> } | null,
): MutationResult & { status: 'applied' } {
  const fields = settle ? fieldsToSettle(settle.stored, settle.view) : null;
  if (!fields) return { status: 'applied', mutationId: m.id, rev, serverFields };
  return { status: 'applied', mutationId: m.id, rev, serverFields: { ...serverFields, ...fields }, settled: true };
}

async function applyNew(batch: BatchTx, actor: Actor, m: Mutation, at: string, rules: KindRules, settleFor: string | null): Promise<MutationResult> {
  const { tx } = batch;
  const current = await tx.getRecord(actor.municipality, m.kind, m.recordId);
  const decision = reconcileMutation(m, current, actor, new Date(at));
  const judged = await judgeFirst(tx, m, current, decision, actor, at, rules);
  if (!judged.ok) return rejected(m.id, judged.error);
  switch (decision.type) {
    case 'reject':
      return rejected(m.id, decision.error);
    case 'noop':
      return { status: 'applied', mutationId: m.id, rev: current?.rev ?? 1, serverFields: {} };
    case 'create': {
      const hook = await onCreate(tx, decision.kind, decision.data, actor, at, rules);
      if (!hook.ok) return rejected(m.id, hook.error);
      const { serverFields } = hook;
      const data = { ...decision.data, ...serverFields };
      const fieldRevs = Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: actor.deviceId }]));
      const answer = appliedAnswer(m, 1, serverFields, settleFor ? { stored: data, view: createdView(m.data, data) } : null);
      await tx.saveRecord(
        { municipality: actor.municipality, kind: decision.kind, id: m.recordId, rev: 1, data, fieldRevs, updatedAt: at, updatedBy: actor.userId },
        answer.settled ? settleFor : null,
      );
      audit(batch, actor, m, at, 'create', { rev: 1, fields: Object.keys(data).sort() });
      return answer;
    }
    case 'update': {
      if (!current) throw new Error('update without a current record');
      const rev = current.rev + 1;
      const fieldRevs = { ...current.fieldRevs };
      for (const f of decision.changed) fieldRevs[f] = { rev, device: actor.deviceId };
      const changed = decision.changed.length > 0;
      const data = { ...decision.data, ...judged.serverFields };
      const newRev = changed ? rev : current.rev;
      // Settled only when something was written and nothing kept as a conflict (the device holds its own values).
      const settles = settleFor !== null && changed && decision.conflicts.length === 0 && holdsCurrent(current, m.baseRev, settleFor);
      const answer = appliedAnswer(m, newRev, judged.serverFields, settles ? { stored: data, view: { ...current.data, ...m.data } } : null);
      if (changed) {
        await tx.saveRecord({ ...current, rev, data, fieldRevs, updatedAt: at, updatedBy: actor.userId }, answer.settled ? settleFor : null);
        await afterUpdate(tx, decision.kind, current, data, decision.changed, rev, actor, at, rules);
        audit(batch, actor, m, at, 'update', { rev, fields: [...decision.changed].sort() });
      }
      if (decision.conflicts.length === 0) return answer;
      const conflicts = [];
      for (const c of decision.conflicts) {
        conflicts.push({ field: c.field, conflictId: await saveConflict(batch, actor, m, current.rev, c, at) });
      }
      audit(batch, actor, m, at, 'conflict', {
        rev: newRev,
        fields: conflicts.map((c) => c.field),
        conflictIds: conflicts.map((c) => c.conflictId),
      });
      return { status: 'conflict', mutationId: m.id, rev: newRev, serverFields: {}, conflicts };
    }
  }
}
/**
 * One audit entry per applied change: who, from which device, which fields (names, never values).
 * Appended with the batch's other entries in one statement (BatchTx), in the same order.
 */
function audit(batch: BatchTx, actor: Actor, m: Mutation, at: string, action: 'create' | 'update' | 'conflict', detail: Record<string, unknown>) {
  batch.auditLater({
    at,
    municipality: actor.municipality,
    userId: actor.userId,
    deviceId: actor.deviceId,
    action,
    kind: m.kind,
    recordId: m.recordId,
    detail: { mutationId: m.id, ...(actor.importedBy ? { importedBy: actor.importedBy } : {}), ...detail },
  });
}

/**
 * Keeps the incoming value of a conflicting field until a person decides. One open conflict per
 * record, field and device that sent the value: a newer value from that device replaces the one
 * it sent before, as a new revision of the same conflict (a decision made on the older revision
 * is refused as stale, see the conflict kind's `decidesOn`), so a push of many conflicting
 * changes leaves one conflict to store, pull and decide, not one per change. A decided conflict
 * is never reopened: the next conflicting value is a new conflict.
 */
async function saveConflict(
  batch: BatchTx,
  actor: Actor,
  m: Mutation,
  serverRev: number,
  c: FieldConflict,
  at: string,
): Promise<string> {
  const facts = {
    baseRev: m.baseRev ?? 0,
    serverRev,
    serverValue: c.serverValue,
    clientValue: c.clientValue,
    clientUser: actor.userId,
    clientUserName: actor.displayName ?? null,
    mutationId: m.id,
    at,
  } satisfies Partial<Conflict>;
  const open = await batch.openConflict({ municipality: actor.municipality, kind: m.kind, recordId: m.recordId, field: c.field, device: actor.deviceId });
  if (open) {
    const { state, held } = open;
    const prior = state.data as Conflict;
    // The same two values again: nothing new to decide, nothing written.
    if (sameValue(prior.clientValue, c.clientValue) && sameValue(prior.serverValue, c.serverValue)) return state.id;
    // One new revision per batch, however many values it sends.
    const rev = held ? state.rev : state.rev + 1;
    const fieldRevs = { ...state.fieldRevs };
    if (rev > 1) for (const [f, v] of Object.entries(facts)) if (!sameValue(prior[f as keyof Conflict], v)) fieldRevs[f] = { rev, device: actor.deviceId };
    batch.holdConflict({ ...state, rev, data: { ...prior, ...facts }, fieldRevs, updatedAt: at, updatedBy: actor.userId });
    return state.id;
  }
  const id = uuidv7();
  const data: Conflict = {
    id,
    municipality: actor.municipality,
    kind: m.kind,
    recordId: m.recordId,
    field: c.field,
    ...facts,
    clientDevice: actor.deviceId,
    resolved: false,
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
  };
  batch.holdConflict({ municipality: actor.municipality, kind: 'conflict', id, rev: 1, data, fieldRevs: {}, updatedAt: at, updatedBy: actor.userId });
  return id;
}
