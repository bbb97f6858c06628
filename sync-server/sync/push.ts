import { AppError, zodIssues, type ApiError } from '../../src/shared/errors';
import { uuidv7 } from '../../src/shared/ids';
import { mutationSchema, recordsNamedBy, type Mutation, type MutationResult } from '../../src/shared/sync-protocol';
import type { Conflict, RecordKind } from '../../src/shared/records';
import { reconcileMutation, roleRefusal, type Actor, type Decision, type FieldConflict } from '../reconcile/reconcile-mutation';
import type { Store, StoredRecord, StoredUser, StoreTx } from '../store/store';
import { afterUpdate, beforeUpdate, KIND_HOOKS, onCreate, type KindHookTable } from './kind-hooks';
import { accept, type HookResult } from './hooks/types';

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

/**
 * Applies a batch in one transaction and returns one result per mutation, in order. The
 * caller answers only after this resolves, i.e. after the commit is durable. `hooks` are the
 * kinds' server rules (a test server may be given others).
 */
export function pushMutations(
  store: Store,
  actor: Actor,
  raws: unknown[],
  now: () => Date = () => new Date(),
  hooks: KindHookTable = KIND_HOOKS,
): Promise<MutationResult[]> {
  return store.transaction((tx) => applyMutations(tx, actor, raws, now, hooks));
}

/** The body of a push, inside a transaction the caller owns (an import decides whether to keep it). */
export async function applyMutations(
  tx: StoreTx,
  actor: Actor,
  raws: unknown[],
  now: () => Date = () => new Date(),
  hooks: KindHookTable = KIND_HOOKS,
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  const failed: Failed = new Map();
  for (const raw of raws) results.push(await pushOne(tx, actor, raw, now().toISOString(), hooks, failed));
  return results;
}

async function pushOne(tx: StoreTx, actor: Actor, raw: unknown, at: string, hooks: KindHookTable, failed: Failed): Promise<MutationResult> {
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) {
    return rejected(idOf(raw), { code: 'VALIDATION_FAILED', message: 'Malformed mutation', details: zodIssues(parsed.error) });
  }
  const m = parsed.data;
  const receipt = await tx.getReceipt(m.id);
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
    return await tx.savepoint(async () => {
      const result = await applyNew(tx, actor, m, at, hooks);
      await tx.putReceipt({ mutationId: m.id, deviceId: actor.deviceId, userId: actor.userId, result, at });
      return result;
    });
  } catch (err) {
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
  hooks: KindHookTable,
): Promise<HookResult> {
  if (!current || roleRefusal(m, actor.role)) return Promise.resolve(accept());
  const kind = m.kind as RecordKind;
  if (m.op === 'update') {
    const next = decision.type === 'update' ? decision.data : current.data;
    return beforeUpdate(tx, kind, current, next, actor, at, hooks);
  }
  const proposed = decision.type === 'reject' || decision.type === 'noop' ? decision.proposed : undefined;
  return proposed ? rehearse(tx, () => onCreate(tx, kind, proposed, actor, at, hooks)) : Promise.resolve(accept());
}

async function applyNew(tx: StoreTx, actor: Actor, m: Mutation, at: string, hooks: KindHookTable): Promise<MutationResult> {
  const current = await tx.getRecord(actor.municipality, m.kind, m.recordId);
  const decision = reconcileMutation(m, current, actor, new Date(at));
  const judged = await judgeFirst(tx, m, current, decision, actor, at, hooks);
  if (!judged.ok) return rejected(m.id, judged.error);
  switch (decision.type) {
    case 'reject':
      return rejected(m.id, decision.error);
    case 'noop':
      return { status: 'applied', mutationId: m.id, rev: current?.rev ?? 1, serverFields: {} };
    case 'create': {
      const hook = await onCreate(tx, decision.kind, decision.data, actor, at, hooks);
      if (!hook.ok) return rejected(m.id, hook.error);
      const { serverFields } = hook;
      const data = { ...decision.data, ...serverFields };
      const fieldRevs = Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: actor.deviceId }]));
      await tx.saveRecord({
        municipality: actor.municipality,
        kind: decision.kind,
        id: m.recordId,
        rev: 1,
        data,
        fieldRevs,
        updatedAt: at,
        updatedBy: actor.userId,
      });
      await audit(tx, actor, m, at, 'create', { rev: 1, fields: Object.keys(data).sort() });
      return { status: 'applied', mutationId: m.id, rev: 1, serverFields };
    }
    case 'update': {
      if (!current) throw new Error('update without a current record');
      const rev = current.rev + 1;
      const fieldRevs = { ...current.fieldRevs };
      for (const f of decision.changed) fieldRevs[f] = { rev, device: actor.deviceId };
      if (decision.changed.length > 0) {
        const data = { ...decision.data, ...judged.serverFields };
        await tx.saveRecord({ ...current, rev, data, fieldRevs, updatedAt: at, updatedBy: actor.userId });
        await afterUpdate(tx, decision.kind, current, data, decision.changed, rev, actor, at, hooks);
        await audit(tx, actor, m, at, 'update', { rev, fields: [...decision.changed].sort() });
      }
      const newRev = decision.changed.length > 0 ? rev : current.rev;
      if (decision.conflicts.length === 0) {
        return { status: 'applied', mutationId: m.id, rev: newRev, serverFields: {} };
      }
      const conflicts = [];
      for (const c of decision.conflicts) {
        conflicts.push({ field: c.field, conflictId: await saveConflict(tx, actor, m, current.rev, c, at) });
      }
      await audit(tx, actor, m, at, 'conflict', {
        rev: newRev,
        fields: conflicts.map((c) => c.field),
        conflictIds: conflicts.map((c) => c.conflictId),
      });
      return { status: 'conflict', mutationId: m.id, rev: newRev, serverFields: {}, conflicts };
    }
  }
}
/** One audit entry per applied change: who, from which device, which fields (names, never values). */
function audit(tx: StoreTx, actor: Actor, m: Mutation, at: string, action: 'create' | 'update' | 'conflict', detail: Record<string, unknown>) {
  return tx.appendAudit({
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

async function saveConflict(
  tx: StoreTx,
  actor: Actor,
  m: Mutation,
  serverRev: number,
  c: FieldConflict,
  at: string,
): Promise<string> {
  const id = uuidv7();
  const data: Conflict = {
    id,
    municipality: actor.municipality,
    kind: m.kind,
    recordId: m.recordId,
    field: c.field,
    baseRev: m.baseRev ?? 0,
    serverRev,
    serverValue: c.serverValue,
    clientValue: c.clientValue,
    clientUser: actor.userId,
    clientUserName: actor.displayName ?? null,
    clientDevice: actor.deviceId,
    mutationId: m.id,
    at,
    resolved: false,
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
  };
  await tx.saveRecord({
    municipality: actor.municipality,
    kind: 'conflict',
    id,
    rev: 1,
    data,
    fieldRevs: {},
    updatedAt: at,
    updatedBy: actor.userId,
  });
  return id;
}
