import { AppError } from '#shared/errors';
import { errorMessage, messages } from '../i18n/es-CO';
import { isSuperseded } from '../../db/superseded';
import { ApiCallError } from '../../api/client';
import { issuesOf, labelledIssue } from './field-issues';

/** A readable Spanish message for a failed action (validation details included). */
export function describeError(err: unknown): string {
  // The server's refusal, already in Spanish (with its validation messages).
  if (err instanceof ApiCallError) return err.message;
  // The database this tab had open was closed for a newer build (src/db/superseded.ts).
  if (err instanceof Error && err.name === 'DatabaseClosedError' && isSuperseded()) return messages.update.supersededWrite;
  if (!(err instanceof AppError)) return errorMessage('INTERNAL');
  // Said away from the form: each reason names its field by label («Nombre: Escriba al menos 3 caracteres.»).
  const details = issuesOf(err).map((i) => labelledIssue(i)).join(' ');
  // These carry a Spanish message written on the device (naming the record or the file).
  const own = ['VALIDATION_FAILED', 'RECORD_NOT_FOUND', 'INVALID_TRANSITION', 'UNSUPPORTED_FILE_TYPE'];
  const base = own.includes(err.code) ? err.message : errorMessage(err.code);
  return details ? `${base}: ${details}` : base;
}
