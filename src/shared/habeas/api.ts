// Requests and answers of the habeas-data routes (/api/habeas/*), shared by server and app.
import { z } from 'zod';
import { ID_TYPES } from '../identity';
import { normaliseIdForMatch } from './redaction-schema';

export const personQuerySchema = z.object({
  // An anonymous petitioner ("sin documento") cannot be looked up by document.
  idType: z.enum(ID_TYPES).exclude(['SD']),
  idNumber: z
    .string()
    .max(40)
    .refine((s) => normaliseIdForMatch(s).length >= 3, 'Escriba el número de documento (al menos 3 letras o dígitos)'),
});
export type PersonQuery = z.infer<typeof personQuerySchema>;

export const exportRequestSchema = personQuerySchema.extend({ format: z.enum(['json', 'csv']) });

/** Never written to the audit log (it is free text): kept on the records only. */
const reasonSchema = z.string().trim().min(5, 'Escriba el motivo (al menos 5 caracteres)').max(500);
const linkSchema = z.string().max(64).nullable().optional();

export const rectifyChangesSchema = z
  .object({
    name: z.string().trim().min(3, 'Escriba el nombre completo').max(200),
    address: z.string().trim().max(300),
    email: z.union([z.literal(''), z.email('Correo electrónico inválido').max(200)]),
    phone: z.string().trim().max(30).regex(/^[0-9 +()-]*$/, 'Teléfono: solo números'),
  })
  .partial()
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'Indique al menos un dato para corregir');
export type RectifyChanges = z.infer<typeof rectifyChangesSchema>;

export const rectifyRequestSchema = personQuerySchema.extend({
  changes: rectifyChangesSchema,
  reason: reasonSchema,
  /** The data-subject request this answers, if any (kept in the audit entry). */
  dsrId: linkSchema,
});
export type RectifyRequest = z.infer<typeof rectifyRequestSchema>;

export const anonymiseRequestSchema = personQuerySchema.extend({
  reason: reasonSchema,
  /** Only these records of the person; all of them when left out. */
  recordIds: z.array(z.string().max(64)).max(500).optional(),
  dsrId: linkSchema,
});
export type AnonymiseRequest = z.infer<typeof anonymiseRequestSchema>;

export interface DossierItem {
  kind: string;
  id: string;
  rev: number;
  updatedAt: string;
  data: Record<string, unknown>;
}

/** Everything the municipality holds about one person, as the server has it now. */
export interface Dossier {
  person: { idType: string; idNumber: string };
  municipality: string;
  generatedAt: string;
  requests: { request: DossierItem; events: DossierItem[] }[];
  officials: { official: DossierItem; attendance: DossierItem[]; evaluations: DossierItem[] }[];
  dataSubjectRequests: DossierItem[];
  /** Name and ID moved out of anonymised records (server only, never synced). */
  sealed: DossierItem[];
}

export interface RecordRef {
  kind: string;
  id: string;
  /** Radicado of a request, for the officer's message. */
  label?: string | null;
}

export interface RectifyResult {
  updated: RecordRef[];
}

export interface AnonymiseResult {
  anonymised: RecordRef[];
  /** Left as they are, with why (already anonymised, a data-subject request not yet answered). */
  kept: (RecordRef & { why: string })[];
}
