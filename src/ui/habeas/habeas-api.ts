import {
  anonymiseResultSchema,
  redactResultSchema,
  searchResponseSchema,
  type AnonymiseRequest,
  type AnonymiseResult,
  type Dossier,
  type Mention,
  type PersonQuery,
  type RectifyRequest,
  type RectifyResult,
  type RedactRequest,
  type RedactResult,
} from '../../shared/habeas/api';
import { errorMessage, messages as m } from '../i18n/es-CO';
import type { Services } from '../services';

/** The server's own words for the refusals of these routes are written for the officer. */
const SPANISH_FROM_SERVER = new Set(['INVALID_TRANSITION', 'NOT_FOUND']);

/** An answer that is not what this build expects (an older or newer server): said, not guessed at. */
function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(errorMessage('INTERNAL'));
  return r.data;
}

async function post(s: Services, path: string, body: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`/api/habeas/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.session.token}`, 'content-type': 'application/json', 'x-device-id': s.deviceId },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(m.habeas.offline);
  }
  if (res.ok) return res;
  const err = (await res.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown };
  if (err.code && SPANISH_FROM_SERVER.has(err.code) && err.message) throw new Error(err.message);
  const issues = Array.isArray(err.details) ? (err.details as { message?: string }[]).map((d) => d.message).filter(Boolean) : [];
  throw new Error([errorMessage(err.code ?? 'INTERNAL'), ...issues].join(' '));
}

/** Online calls of the data-protection officer's page (the device may not hold everything). */
export function habeasApi(s: Services) {
  return {
    search: async (q: PersonQuery): Promise<{ dossier: Dossier; mentions: Mention[] }> => parsed(searchResponseSchema, await (await post(s, 'search', q)).json()),
    exportFile: async (q: PersonQuery, format: 'json' | 'csv'): Promise<{ name: string; blob: Blob }> => {
      const res = await post(s, 'export', { ...q, format });
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `datos-personales.${format}`;
      return { name, blob: await res.blob() };
    },
    rectify: async (body: RectifyRequest): Promise<RectifyResult> => (await (await post(s, 'rectify', body)).json()) as RectifyResult,
    anonymise: async (body: AnonymiseRequest): Promise<AnonymiseResult> => parsed(anonymiseResultSchema, await (await post(s, 'anonymise', body)).json()),
    redact: async (body: RedactRequest): Promise<RedactResult> => parsed(redactResultSchema, await (await post(s, 'redact', body)).json()),
  };
}
