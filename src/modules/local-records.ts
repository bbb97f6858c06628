import type { z } from 'zod/mini';
import type { GelDb, LocalRow } from '../db/database';
import { commitLocalChange } from '../db/outbox';
import { AppError, zodIssues } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { specOf, type CreatableKind, type RecordKind } from '#shared/records';

/** Who writes on this device, as module commands need it: ids and municipality. */
export interface DeviceContext {
  deviceId: string;
  userId: string;
  municipality: string;
  /** The municipality's key for officials' ids, from the server (null until the device got it). */
  officialIdKey?: string | null;
}

/**
 * Creates a record of any kind on the device: validated with the kind's own schema, stored
 * with its outbox entry in one transaction. `id` is for kinds whose id derives from content.
 */
export async function createLocal<K extends CreatableKind>(
  db: GelDb,
  ctx: DeviceContext,
  kind: K,
  input: unknown,
  opts: { id?: string; now?: Date } = {},
): Promise<LocalRow<K>> {
  const schema = specOf(kind).createSchema;
  if (!schema) throw new AppError('FORBIDDEN', 'Este tipo de registro lo crea el servidor');
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Revise los datos', zodIssues(parsed.error));
  const now = opts.now ?? new Date();
  const id = opts.id ?? uuidv7(now.getTime());
  const record = {
    ...parsed.data,
    id,
    municipality: ctx.municipality,
    createdBy: ctx.userId,
    deviceId: ctx.deviceId,
    _rev: 0,
    _sync: 'pending',
  } as unknown as LocalRow<K>;
  await commitLocalChange(
    db,
    { kind, recordId: id, op: 'create', baseRev: null, freshRecordId: opts.id === undefined },
    async () => {
      await db.table(kind).add(record);
      return parsed.data;
    },
    now,
  );
  return record;
}

/** Changes fields of a record on the device; the change carries the revision it was based on. */
export async function updateLocal(db: GelDb, kind: RecordKind, id: string, patch: Record<string, unknown>, now = new Date()): Promise<void> {
  const schema: z.ZodMiniObject | null = specOf(kind).updateSchema;
  if (!schema) throw new AppError('FORBIDDEN', 'Este tipo de registro no se modifica');
  const parsed = schema.safeParse(patch);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Revise los datos', zodIssues(parsed.error));
  const current = (await db.table(kind).get(id)) as { _rev: number } | undefined;
  if (!current) throw new AppError('RECORD_NOT_FOUND', 'El registro no está en este dispositivo');
  await commitLocalChange(
    db,
    { kind, recordId: id, op: 'update', baseRev: current._rev },
    async () => {
      await db.table(kind).update(id, { ...parsed.data, _sync: 'pending' });
      return parsed.data as Record<string, unknown>;
    },
    now,
  );
}
