import {
  anonymiseResultSchema,
  DOSSIER_FILE_TYPES,
  dossierSchema,
  rectifyResultSchema,
  redactResultSchema,
  searchResponseSchema,
  type AnonymiseRequest,
  type AnonymiseResult,
  type PersonQuery,
  type RectifyRequest,
  type RectifyResult,
  type RedactRequest,
  type RedactResult,
  type SearchResponse,
} from '#shared/habeas/api';
import type { ApiClient, CallOptions } from '../../api/client';
import { messages as m } from '../i18n/es-CO';

/** The server's own words for the refusals of these routes are written for the officer. */
const CALL: CallOptions = { offline: m.habeas.offline, serverWords: ['INVALID_TRANSITION', 'NOT_FOUND'] };

/** The JSON export is a dossier: checked like any other answer before it is saved. */
function isDossier(bytes: Uint8Array): boolean {
  try {
    return dossierSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes))).success;
  } catch {
    return false;
  }
}

/** Online calls of the data-protection officer's page (the device may not hold everything). */
export function habeasApi(api: ApiClient) {
  return {
    search: (q: PersonQuery): Promise<SearchResponse> => api.post('/api/habeas/search', q, searchResponseSchema, CALL),
    exportFile: async (q: PersonQuery, format: 'json' | 'csv'): Promise<{ name: string; blob: Blob }> => {
      const f = await api.file('/api/habeas/export', {
        ...CALL,
        body: { ...q, format },
        accept: [DOSSIER_FILE_TYPES[format]],
        verify: format === 'json' ? isDossier : undefined,
      });
      return { name: f.name ?? `datos-personales.${format}`, blob: new Blob([f.bytes as BlobPart], { type: DOSSIER_FILE_TYPES[format] }) };
    },
    rectify: (body: RectifyRequest): Promise<RectifyResult> => api.post('/api/habeas/rectify', body, rectifyResultSchema, CALL),
    anonymise: (body: AnonymiseRequest): Promise<AnonymiseResult> => api.post('/api/habeas/anonymise', body, anonymiseResultSchema, CALL),
    redact: (body: RedactRequest): Promise<RedactResult> => api.post('/api/habeas/redact', body, redactResultSchema, CALL),
  };
}
