// Requests and answers of the habeas-data routes (/api/habeas/*), shared by server and app.
import { z } from 'zod/mini';
import { CSV_MIME } from '../export/csv';
import { idTypesBut } from '../identity';
import { normaliseIdForMatch } from './redaction-schema';

export const personQuerySchema = z.object({
  // An anonymous petitioner ("sin documento") cannot be looked up by document.
  idType: z.enum(idTypesBut('SD')),
  idNumber: z.string().check(z.maxLength(40), z.refine((s) => normaliseIdForMatch(s).length >= 3, 'Escriba el número de documento (al menos 3 letras o dígitos)')),
});
export type PersonQuery = z.infer<typeof personQuerySchema>;

export const exportRequestSchema = z.extend(personQuerySchema, { format: z.enum(['json', 'csv']) });

/** Never written to the audit log (it is free text): kept on the records only. */
const reasonSchema = z.string().check(z.trim(), z.minLength(5, 'Escriba el motivo (al menos 5 caracteres)'), z.maxLength(500));
const linkSchema = z.optional(z.nullable(z.string().check(z.maxLength(64))));

export const rectifyChangesSchema = z.partial(z.strictObject({
    name: z.string().check(z.trim(), z.minLength(3, 'Escriba el nombre completo'), z.maxLength(200)),
    address: z.string().check(z.trim(), z.maxLength(300)),
    email: z.union([z.literal(''), z.email('Correo electrónico inválido').check(z.maxLength(200))]),
    phone: z.string().check(z.trim(), z.maxLength(30), z.regex(/^[0-9 +()-]*$/, 'Teléfono: solo números')),
  })).check(z.refine((c) => Object.values(c).some((v) => v !== undefined), 'Indique al menos un dato para corregir'));
export type RectifyChanges = z.infer<typeof rectifyChangesSchema>;

export const rectifyRequestSchema = z.extend(personQuerySchema, {
  changes: rectifyChangesSchema,
  reason: reasonSchema,
  /** The data-subject request this answers, if any (kept in the audit entry). */
  dsrId: linkSchema,
});
export type RectifyRequest = z.infer<typeof rectifyRequestSchema>;

export const anonymiseRequestSchema = z.extend(personQuerySchema, {
  reason: reasonSchema,
  /** Only these records of the person; all of them when left out. */
  recordIds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(500))),
  dsrId: linkSchema,
});
export type AnonymiseRequest = z.infer<typeof anonymiseRequestSchema>;

export const dossierItemSchema = z.object({
  kind: z.string(),
  id: z.string(),
  rev: z.number().check(z.int()),
  updatedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type DossierItem = z.infer<typeof dossierItemSchema>;

/** Everything the municipality holds about one person, as the server has it now. */
export const dossierSchema = z.object({
  person: z.object({ idType: z.string(), idNumber: z.string() }),
  municipality: z.string(),
  generatedAt: z.iso.datetime(),
  requests: z.array(z.object({ request: dossierItemSchema, events: z.array(dossierItemSchema) })),
  officials: z.array(z.object({ official: dossierItemSchema, attendance: z.array(dossierItemSchema), evaluations: z.array(dossierItemSchema) })),
  dataSubjectRequests: z.array(dossierItemSchema),
  /** Name and ID moved out of anonymised records (server only, never synced). */
  sealed: z.array(dossierItemSchema),
});
export type Dossier = z.infer<typeof dossierSchema>;

/** The export's file types: what the server sends and the app accepts (the JSON file is a dossier). */
export const DOSSIER_FILE_TYPES = { json: 'application/json; charset=utf-8', csv: CSV_MIME } as const;

const recordRefSchema = z.object({
  kind: z.string(),
  id: z.string(),
  /** Radicado of a request, for the officer's message. */
  label: z.optional(z.nullable(z.string())),
});
export type RecordRef = z.infer<typeof recordRefSchema>;

export const rectifyResultSchema = z.object({ updated: z.array(recordRefSchema) });
export type RectifyResult = z.infer<typeof rectifyResultSchema>;

/** One free-text field of a record where the person's name or ID number appears. */
export const mentionSchema = z.object({
  kind: z.string(),
  id: z.string(),
  /** Radicado of the request (or of the step's request), when there is one. */
  label: z.nullable(z.string()),
  /** Where in the record, e.g. `description` or `attachments.1`. */
  field: z.string(),
  fieldLabel: z.string(),
  /** Each occurrence with some text around it, for the officer to judge. */
  snippets: z.array(z.string()),
});
export type Mention = z.infer<typeof mentionSchema>;

export const searchResponseSchema = z.object({
  dossier: dossierSchema,
  mentions: z.array(mentionSchema),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const anonymiseResultSchema = z.object({
  /** The records anonymised, by the ids they have now (a roster entry gets a new one). */
  anonymised: z.array(recordRefSchema),
  /** Left as they are, with why (already anonymised, a data-subject request not yet answered). */
  kept: z.array(z.extend(recordRefSchema, { why: z.string() })),
  /** Scans and photos the suppressed records pointed at: deleted, or kept for another record. */
  files: z.object({ deleted: z.number().check(z.int()), kept: z.number().check(z.int()) }),
  /** Free text that still names the person, to redact next. */
  mentions: z.array(mentionSchema),
});
export type AnonymiseResult = z.infer<typeof anonymiseResultSchema>;

/** Replace the person's name and ID number in free text ("[suprimido]"), in one transaction. */
export const redactRequestSchema = z.extend(personQuerySchema, {
  reason: reasonSchema,
  /** Only these fields (as listed by the search); every mention found when left out. */
  fields: z.optional(z.array(z.strictObject({ kind: z.string().check(z.maxLength(40)), id: z.string().check(z.maxLength(64)), field: z.string().check(z.maxLength(200)) })).check(z.maxLength(2000))),
  dsrId: linkSchema,
});
export type RedactRequest = z.infer<typeof redactRequestSchema>;

export const redactResultSchema = z.object({
  redacted: z.array(z.object({ kind: z.string(), id: z.string(), fields: z.array(z.string()) })),
  /** Mentions still there (none, unless some were left out on purpose). */
  mentions: z.array(mentionSchema),
});
export type RedactResult = z.infer<typeof redactResultSchema>;
