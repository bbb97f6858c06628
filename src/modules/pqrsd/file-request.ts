import type { GelDb, LocalPqrsd } from '../../db/database';
import { commitLocalChange } from '../../db/outbox';
import { AppError, zodIssues } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { pqrsdCreateSchema, type PqrsdClientFields } from '../../shared/records';

export interface DeviceContext {
  deviceId: string;
  userId: string;
  municipality: string;
}

export type FilingInput = Omit<PqrsdClientFields, 'provisionalNumber'>;

/** Four characters that tell this device's provisional numbers apart from another's. */
export function deviceTag(deviceId: string): string {
  return deviceId.replace(/[^0-9a-f]/gi, '').slice(-4).toUpperCase().padStart(4, '0');
}

export function formatProvisional(deviceId: string, n: number): string {
  return `P-${deviceTag(deviceId)}-${String(n).padStart(4, '0')}`;
}

/**
 * Files a request on the device: validates it, gives it a provisional number and stores it
 * with its outbox entry in one transaction. Works with no connection.
 */
export async function fileRequest(db: GelDb, ctx: DeviceContext, input: FilingInput, now: Date = new Date()): Promise<LocalPqrsd> {
  const check = pqrsdCreateSchema.safeParse({ ...input, provisionalNumber: 'P-0000-0000' });
  if (!check.success) throw new AppError('VALIDATION_FAILED', 'La solicitud tiene datos inválidos', zodIssues(check.error));
  const id = uuidv7(now.getTime());
  let record: LocalPqrsd | undefined;
  await commitLocalChange(
    db,
    { kind: 'pqrsd', recordId: id, op: 'create', baseRev: null },
    async () => {
      const counter = (((await db.meta.get('provisionalCounter'))?.value as number | undefined) ?? 0) + 1;
      await db.meta.put({ key: 'provisionalCounter', value: counter });
      const fields: PqrsdClientFields = { ...check.data, provisionalNumber: formatProvisional(ctx.deviceId, counter) };
      record = {
        ...fields,
        id,
        municipality: ctx.municipality,
        radicado: null,
        createdBy: ctx.userId,
        deviceId: ctx.deviceId,
        _rev: 0,
        _sync: 'pending',
      };
      await db.pqrsd.add(record);
      return fields;
    },
    now,
  );
  return record as LocalPqrsd;
}
