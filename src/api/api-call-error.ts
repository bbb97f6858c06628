import type { ApiError } from '#shared/errors';
import { apiErrorText, messages as m } from '../ui/i18n/es-CO';
import { fieldLabel } from '../ui/i18n/field-labels';

/** What whoever made the call should do about a failure (the sync engine retries, asks to sign in …). */
export type FailureKind = 'retryable' | 'auth' | 'too-large' | 'fatal';

/** Why the call failed, as far as the app can tell. */
export type FailureCause =
  /** No answer: no connection, a cut connection, a timeout. */
  | 'offline'
  /** The server answered with an error (`{ code, message, details }`, or a proxy's page). */
  | 'refused'
  /** An answer the app cannot read: not its schema (an older or newer server, a captive portal). */
  | 'unreadable';

interface Issue {
  path?: unknown;
  message?: unknown;
}

/** The validation issues of `details` (`[{ path, message }]`, written in Spanish by the shared schemas). */
function issuesOf(details: unknown): Issue[] {
  return (Array.isArray(details) ? (details as unknown[]) : []).filter((d): d is Issue => typeof d === 'object' && d !== null);
}

/** The Spanish text of an error answer, with the validation reasons when there are some. */
export function refusalText(error: ApiError): string {
  // Each reason names its field by label, as the person knows it (never the schema's path).
  const reasons = issuesOf(error.details)
    .filter((d): d is { path?: unknown; message: string } => typeof d.message === 'string')
    .map((d) => {
      const label = typeof d.path === 'string' && d.path ? fieldLabel(d.path) : null;
      return label ? `${label}: ${d.message}` : d.message;
    });
  const text = apiErrorText(error);
  return reasons.length > 0 ? `${text} ${reasons.join(' ')}` : text;
}

/**
 * Every failed call to the server, from any screen or the sync engine. `message` is the Spanish
 * text to show as is; `apiError` what the server said (or what stands for it), kept for the
 * engine's status and the quarantine; `fields` the Spanish reason per input the server named,
 * for a form to show next to that input.
 */
export class ApiCallError extends Error {
  readonly code: ApiError['code'];
  readonly details: unknown;
  readonly fields: Readonly<Record<string, string>>;
  readonly failure: FailureCause;

  constructor(
    readonly kind: FailureKind,
    readonly apiError: ApiError,
    /** The HTTP status; null when no answer came. */
    readonly status: number | null,
    /** How long the server asked to wait before trying again (Retry-After), if it said. */
    readonly retryAfterMs: number | null = null,
    opts: { text?: string; cause?: FailureCause } = {},
  ) {
    const cause = opts.cause ?? (status === null ? 'offline' : 'refused');
    super(opts.text ?? (cause === 'offline' ? m.api.offline : cause === 'unreadable' ? m.api.unreadableAnswer : refusalText(apiError)));
    this.name = 'ApiCallError';
    this.failure = cause;
    this.code = apiError.code;
    this.details = apiError.details;
    this.fields = Object.fromEntries(
      issuesOf(apiError.details)
        .filter((d) => typeof d.path === 'string' && typeof d.message === 'string')
        .map((d) => [d.path as string, d.message as string]),
    );
  }

  /** No answer came: a screen may say what needs a connection. */
  get offline(): boolean {
    return this.failure === 'offline';
  }
}

/** What a screen shows for a failed call: the Spanish text; anything else is a bug, logged. */
export function errorText(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  console.error('[api] unexpected failure', err);
  return m.errors.INTERNAL;
}
