import type { GelDb, LocalRecord } from '../../db/database';
import { AppError, zodIssues } from '#shared/errors';
import { RECORD_KINDS } from '#shared/records';
import { checkDsrChange, type DataSubjectRequest, type DsrInput } from '#shared/habeas/data-subject-request';
import { createLocal, updateLocal, type DeviceContext } from '../local-records';
import { localSettings } from '../municipality/profile';

/** What a step of a request changes: the extension, the answer, or a reclamo's art. 15 steps. */
export type DsrPatch = Partial<Pick<DataSubjectRequest, 'extension' | 'answer' | 'incomplete' | 'transfer' | 'legendOn'>>;

/** Files a consulta or reclamo on the device (offline too); the server keeps it like any record. */
export function fileDataSubjectRequest(db: GelDb, ctx: DeviceContext, input: DsrInput, now: Date = new Date()): Promise<LocalRecord<DataSubjectRequest>> {
  return createLocal(db, ctx, 'data_subject_request', { ...input, extension: null, answer: null }, { now });
}

/**
 * Records a step (extension notice, answer, requirement, completion, transfer, legend), checked
 * here with the rule and the municipality's settings the server applies; a refusal about one
 * field names it, so the form shows it under that field.
 */
export async function updateDataSubjectRequest(db: GelDb, id: string, patch: DsrPatch, now: Date = new Date()): Promise<void> {
  const current = await db.data_subject_request.get(id);
  if (!current) throw new AppError('RECORD_NOT_FOUND', 'La solicitud no está en este dispositivo');
  // The fields first (every one at once), then the rule.
  const parsed = RECORD_KINDS.data_subject_request.updateSchema.safeParse(patch);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Revise los datos', zodIssues(parsed.error));
  const { pqrsd: settings } = await localSettings(db);
  const check = checkDsrChange(current, { ...current, ...patch }, settings);
  if (!check.ok) throw new AppError('INVALID_TRANSITION', check.message, check.path ? [{ path: check.path, message: check.message }] : undefined);
  await updateLocal(db, 'data_subject_request', id, patch, now);
}
