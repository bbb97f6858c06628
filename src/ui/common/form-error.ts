import { AppError } from '../../shared/errors';
import { errorMessage } from '../i18n/es-CO';

/** A readable Spanish message for a failed local action (validation details included). */
export function describeError(err: unknown): string {
  if (!(err instanceof AppError)) return errorMessage('INTERNAL');
  const details = Array.isArray(err.details) ? (err.details as { path?: string; message: string }[]).map((d) => d.message).join(' ') : '';
  const base = err.code === 'VALIDATION_FAILED' || err.code === 'RECORD_NOT_FOUND' || err.code === 'INVALID_TRANSITION' ? err.message : errorMessage(err.code);
  return details ? `${base}: ${details}` : base;
}
