// What an anonymised ("suprimido") record looks like once the law lets the entity delete a
// person's data but archival retention (Ley 594 de 2000) keeps the record itself. Kept free of
// other shared imports (but identity) so the record schemas can import it without a cycle.
import { z } from 'zod/mini';
import { ID_TYPES } from '../identity';

/** Shown in every view of a record whose personal data was deleted (Ley 1581 de 2012). */
export const REDACTED_LABEL = 'Datos suprimidos (Ley 1581)';

/** Placeholder of a roster entry's ID number once sealed (the roster schema needs a value). */
export const REDACTED_ID_NUMBER = 'SUPRIMIDO';

/** When and why a record's personal data was deleted; set by the server only. */
export const redactionSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(500)),
});
export type Redaction = z.infer<typeof redactionSchema>;

/**
 * A request's petitioner after anonymisation: same fields as a citizen (so every screen keeps
 * working), all emptied but the document type, which identifies nobody and keeps the rule
 * "only a denuncia may be anonymous" checkable.
 */
export const redactedCitizenSchema = z.strictObject({
    idType: z.enum(ID_TYPES),
    idNumber: z.literal(''),
    name: z.literal(''),
    address: z.literal(''),
    email: z.literal(''),
    phone: z.literal(''),
    redacted: z.literal(true),
  });
export type RedactedCitizen = z.infer<typeof redactedCitizenSchema>;

export function redactedCitizen(idType: (typeof ID_TYPES)[number]): RedactedCitizen {
  return { idType, idNumber: '', name: '', address: '', email: '', phone: '', redacted: true };
}

export function isRedactedCitizen(c: unknown): c is RedactedCitizen {
  return typeof c === 'object' && c !== null && (c as { redacted?: unknown }).redacted === true;
}

/** ID numbers compared the way people write them: letters and digits only, upper case. */
export function normaliseIdForMatch(idNumber: string): string {
  return idNumber.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}
