import type { GelDb, LocalRecord } from '../../db/database';
import { AppError } from '#shared/errors';
import { checkDsrChange, type DataSubjectRequest, type DsrInput } from '#shared/habeas/data-subject-request';
import { createLocal, updateLocal, type DeviceContext } from '../local-records';

/** Files a consulta or reclamo on the device (offline too); the server keeps it like any record. */
export function fileDataSubjectRequest(db: GelDb, ctx: DeviceContext, input: DsrInput, now: Date = new Date()): Promise<LocalRecord<DataSubjectRequest>> {
  return createLocal(db, ctx, 'data_subject_request', { ...input, extension: null, answer: null }, { now });
}

/** Records the extension notice or the answer, checked here with the rule the server applies. */
export async function updateDataSubjectRequest(
  db: GelDb,
  id: string,
  patch: Partial<Pick<DataSubjectRequest, 'extension' | 'answer'>>,
  now: Date = new Date(),
): Promise<void> {
  const current = await db.data_subject_request.get(id);
  if (!current) throw new AppError('RECORD_NOT_FOUND', 'La solicitud no está en este dispositivo');
  const check = checkDsrChange(current, { ...current, ...patch });
  if (!check.ok) throw new AppError('INVALID_TRANSITION', check.message);
  await updateLocal(db, 'data_subject_request', id, patch, now);
}
