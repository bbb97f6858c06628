import type { GelDb, LocalConflict } from '../../db/database';
import { AppError } from '#shared/errors';
import { isRecordKind } from '#shared/records';
import { updateLocal } from '../local-records';

/**
 * A person decides a conflict: the chosen value becomes an ordinary change of the record
 * (so it syncs and merges like any other), and the conflict is marked decided.
 */
export async function resolveConflict(db: GelDb, c: LocalConflict, choice: 'server' | 'client' | 'custom', custom?: string | null): Promise<void> {
  if (!isRecordKind(c.kind)) throw new AppError('UNKNOWN_KIND', 'Tipo de registro desconocido');
  const record = (await db.table(c.kind).get(c.recordId)) as Record<string, unknown> | undefined;
  if (!record) throw new AppError('RECORD_NOT_FOUND', 'El registro no está en este dispositivo');
  const value = choice === 'server' ? c.serverValue : choice === 'client' ? c.clientValue : custom;
  if (choice === 'custom' && typeof value !== 'string') throw new AppError('VALIDATION_FAILED', 'Escriba el valor combinado');
  // Keeping the server's value needs no change when the record already holds it.
  if (JSON.stringify(record[c.field]) !== JSON.stringify(value)) {
    await updateLocal(db, c.kind, c.recordId, { [c.field]: value });
  }
  await updateLocal(db, 'conflict', c.id, { resolved: true, resolution: choice });
}
