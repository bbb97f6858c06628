import type { Context } from 'hono';
import { AppError, ERROR_STATUS } from '#shared/errors';

/** Every failed request is answered as `{ code, message, details }` with the code's status. */
export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof AppError) {
    const status = ERROR_STATUS[err.code];
    const details = err.details as { retryAfterSeconds?: number } | undefined;
    // A wait the client must honour (sign-in throttle, volume budgets) is also said as Retry-After.
    if ((err.code === 'TOO_MANY_ATTEMPTS' || err.code === 'RATE_LIMITED') && details?.retryAfterSeconds) {
      c.header('Retry-After', String(details.retryAfterSeconds));
    }
    return c.json(err.toJSON(), status as 400);
  }
  console.error('unexpected error on %s %s', c.req.method, c.req.path, err);
  return c.json({ code: 'INTERNAL', message: 'Internal server error' }, 500);
}
