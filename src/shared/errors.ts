import { z } from 'zod/mini';

/**
 * The registry of problems the API can answer with. The server serialises them as
 * `{ code, message, details }`; the PWA maps each code to a Spanish message.
 */
export const ERROR_CODES = [
  'MALFORMED_REQUEST',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_MUTATIONS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'NOT_FOUND',
  'UNKNOWN_KIND',
  'RECORD_EXISTS',
  'RECORD_NOT_FOUND',
  'READ_ONLY_FIELD',
  'INVALID_TRANSITION',
  'STALE_REVISION',
  'RATE_LIMITED',
  'FILE_TOO_LARGE',
  'HASH_MISMATCH',
  'OFFSET_MISMATCH',
  'UNSUPPORTED_FILE_TYPE',
  /** A request body in a content-encoding the server does not take (it takes gzip and identity). */
  'UNSUPPORTED_ENCODING',
  'STORAGE_FULL',
  'USERNAME_TAKEN',
  'PASSWORD_CHANGE_REQUIRED',
  'WRONG_PASSWORD',
  'CANNOT_LOCK_OUT_SELF',
  'SEAL_INVALID',
  'IMPORT_REFUSED',
  'DEVICE_TAKEN',
  'DEVICE_MISMATCH',
  /** On the device: a key the server hands at sign-in has not arrived yet. */
  'KEY_MISSING',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.optional(z.unknown()),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** HTTP status for each code when it is the answer of a whole request. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  MALFORMED_REQUEST: 400,
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_MUTATIONS: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  NOT_FOUND: 404,
  UNKNOWN_KIND: 400,
  RECORD_EXISTS: 409,
  RECORD_NOT_FOUND: 404,
  READ_ONLY_FIELD: 400,
  INVALID_TRANSITION: 409,
  STALE_REVISION: 409,
  RATE_LIMITED: 429,
  FILE_TOO_LARGE: 413,
  HASH_MISMATCH: 422,
  OFFSET_MISMATCH: 409,
  UNSUPPORTED_FILE_TYPE: 415,
  UNSUPPORTED_ENCODING: 415,
  STORAGE_FULL: 507,
  USERNAME_TAKEN: 409,
  PASSWORD_CHANGE_REQUIRED: 403,
  WRONG_PASSWORD: 403,
  CANNOT_LOCK_OUT_SELF: 409,
  SEAL_INVALID: 422,
  IMPORT_REFUSED: 403,
  DEVICE_TAKEN: 409,
  DEVICE_MISMATCH: 403,
  KEY_MISSING: 409,
  INTERNAL: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toJSON(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Flattens zod issues into a serialisable list for `details`. */
export function zodIssues(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}
