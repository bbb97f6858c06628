import type { ApiError } from '#shared/errors';
import type { CreatableKind, CreateOf, RecordKind, RecordOf } from '#shared/records';
import type { Actor } from '../../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../../store/store';

export type HookResult = { ok: true; serverFields: Record<string, unknown> } | { ok: false; error: ApiError };

export const accept = (serverFields: Record<string, unknown> = {}): HookResult => ({ ok: true, serverFields });
export const refuse = (code: ApiError['code'], message: string): HookResult => ({ ok: false, error: { code, message } });

/**
 * The settings of the server a push runs on that the kinds' rules read, handed to every hook
 * call: never a module variable, so two servers in one process (tests, a tool next to the
 * server) keep their own. The time of the change is the hook's `at`, read once per change.
 */
export interface HookContext {
  /** Published portal items are also queued for the external CMS (PORTAL_PUBLISH_URL is set). */
  outboundEnabled: boolean;
}

/** A server with nothing configured: no external CMS. */
export const DEFAULT_HOOK_CONTEXT: HookContext = Object.freeze({ outboundEnabled: false });

/** A stored record whose data has its kind's type. */
export type StoredOf<K extends RecordKind> = Omit<StoredRecord, 'data'> & { data: RecordOf<K> };

/** What `onCreate` gets: the device's fields, checked by the kind's create schema, and what the server adds. */
export type CreatedOf<K extends RecordKind> = (K extends CreatableKind ? CreateOf<K> : never) & {
  id: string;
  municipality: string;
  createdBy: string;
  deviceId: string;
};

/** What a module decides on the server beyond the generic merge, inside the push transaction. */
export interface KindHooks<K extends RecordKind> {
  /** Facts only the server may set on a new record, or a refusal. */
  onCreate?(tx: StoreTx, data: CreatedOf<K>, actor: Actor, at: string, ctx: HookContext): Promise<HookResult>;
  /** Whether this change may happen now (workflow state, role), and fields the server sets with it. */
  beforeUpdate?(tx: StoreTx, current: StoredOf<K>, next: RecordOf<K>, actor: Actor, at: string, ctx: HookContext): Promise<HookResult>;
  /** Records derived from a stored change (revision history). */
  afterUpdate?(tx: StoreTx, before: StoredOf<K>, after: RecordOf<K>, changed: string[], rev: number, actor: Actor, at: string, ctx: HookContext): Promise<void>;
}

/** Which rules apply to which kind: each kind's hooks typed by its own records. */
export type KindHookTable = { [K in RecordKind]?: KindHooks<K> };

/**
 * A record read inside a hook, typed by its kind. Records are validated by their kind's schema
 * when devices write them and built by the server's own code otherwise.
 */
export async function recordOf<K extends RecordKind>(tx: StoreTx, municipality: string, kind: K, id: string): Promise<StoredOf<K> | null> {
  return (await tx.getRecord(municipality, kind, id)) as StoredOf<K> | null;
}

/** Saves a record the server derives (not from a device), as revision 1 or the next revision. */
export async function saveDerived(
  tx: StoreTx,
  current: StoredRecord,
  data: Record<string, unknown>,
  fields: string[],
  actor: Actor,
  at: string,
): Promise<void> {
  const rev = current.rev + 1;
  const fieldRevs = { ...current.fieldRevs };
  for (const f of fields) fieldRevs[f] = { rev, device: actor.deviceId };
  await tx.saveRecord({ ...current, rev, data, fieldRevs, updatedAt: at, updatedBy: actor.userId });
}
