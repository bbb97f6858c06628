import { apiErrorSchema } from '../../shared/errors';
import { apiErrorText, messages as m } from '../i18n/es-CO';

/**
 * A refused or failed call to the server, with the code and a message to show as is; `fields`:
 * the Spanish reason per input the server named, for a form to show next to that input.
 */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly fields: Readonly<Record<string, string>> = {},
    /** The server's `details`, for a screen that explains a refusal further. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/**
 * A call to the server's JSON API for screens that need the server (admin lists, password):
 * errors come back in Spanish, with the validation messages when there are some.
 */
export async function apiCall<T>(token: string, deviceId: string, path: string, opts: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${token}`,
        'x-device-id': deviceId,
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiCallError('OFFLINE', m.errors.INTERNAL, null);
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return json as T;
  const parsed = apiErrorSchema.safeParse(json);
  if (!parsed.success) throw new ApiCallError('INTERNAL', m.errors.INTERNAL, res.status);
  const { code, details } = parsed.data;
  // Validation messages are written in Spanish in the shared schemas; the rest maps by code.
  const issues = (Array.isArray(details) ? (details as unknown[]) : []).filter(
    (d): d is { path?: unknown; message?: unknown } => typeof d === 'object' && d !== null,
  );
  const reasons = issues.map((d) => d.message).filter((x) => typeof x === 'string');
  const fields = Object.fromEntries(issues.filter((d) => typeof d.path === 'string' && typeof d.message === 'string').map((d) => [d.path, d.message]));
  const text = apiErrorText(parsed.data);
  throw new ApiCallError(code, reasons.length > 0 ? `${text} ${reasons.join(' ')}` : text, res.status, fields, details);
}
