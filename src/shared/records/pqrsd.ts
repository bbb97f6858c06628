import { z } from 'zod/mini';
import { bogotaDateOf, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../calendar';
import { ID_TYPES, validateIdNumber } from '../identity';
import { municipalityCodeSchema } from '../roles';
import { lifecycleSchema } from '../pqrsd/lifecycle-schema';
import { fileRefSchema } from '../files/file-schema';
import { redactedCitizenSchema, redactionSchema } from '../habeas/redaction-schema';

/** Request types of Ley 1755 de 2015 with their response term in business days (DOMAIN.md §2). */
export const PQRSD_TYPES = {
  peticion_general: { label: 'Petición de interés general', termDays: 15 },
  peticion_particular: { label: 'Petición de interés particular', termDays: 15 },
  peticion_documentos: { label: 'Petición de documentos o información', termDays: 10 },
  consulta: { label: 'Consulta', termDays: 30 },
  queja: { label: 'Queja', termDays: 15 },
  reclamo: { label: 'Reclamo', termDays: 15 },
  sugerencia: { label: 'Sugerencia', termDays: 15 },
  denuncia: { label: 'Denuncia', termDays: 15 },
  felicitacion: { label: 'Felicitación', termDays: null },
} as const satisfies Record<string, { label: string; termDays: number | null }>;

export type PqrsdType = keyof typeof PQRSD_TYPES;
export const pqrsdTypeSchema = z.enum(Object.keys(PQRSD_TYPES) as [PqrsdType, ...PqrsdType[]]);

export const PQRSD_CHANNELS = {
  presencial: 'Presencial',
  telefonico: 'Telefónico',
  escrito: 'Escrito',
  correo: 'Correo electrónico',
  web: 'Web',
} as const;
export type PqrsdChannel = keyof typeof PQRSD_CHANNELS;
export const pqrsdChannelSchema = z.enum(
  Object.keys(PQRSD_CHANNELS) as [PqrsdChannel, ...PqrsdChannel[]],
);

/**
 * The petitioner. Ley 1755 art. 16 and Decreto 1166 ask for name, ID and an address (physical
 * or e-mail), but a request is never refused for missing them (art. 15 par. 2, CPACA art. 9,
 * DOMAIN.md §7): it is filed and `filingGaps` flags it "incompleta — requerir". What is
 * written must still be well formed (an ID number must match its type).
 */
export const citizenSchema = z.object({
    idType: z.enum(ID_TYPES),
    idNumber: z.string().check(z.trim(), z.maxLength(30)),
    name: z.string().check(z.trim(), z.maxLength(200)),
    address: z._default(z.string().check(z.trim(), z.maxLength(300)), ''),
    email: z._default(z.union([z.literal(''), z.email('Correo electrónico inválido').check(z.maxLength(200))]), ''),
    phone: z._default(z.string().check(z.trim(), z.maxLength(30), z.regex(/^[0-9 +()-]*$/, 'Teléfono: solo números')), ''),
    // Only the server seals a petitioner (habeas data): with every field now optional, the
    // sealed shape must still be refused from a device.
    redacted: z.optional(z.never()),
  }).check(z.superRefine((c, ctx) => {
    if (c.idType !== 'SD' && c.idNumber === '') return; // ID not given: filed and flagged
    const id = validateIdNumber(c.idType, c.idNumber);
    if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: id.message });
  }));
export type Citizen = z.infer<typeof citizenSchema>;

export const FILING_GAP_LABELS = {
  name: 'nombre',
  id: 'documento de identidad',
  address: 'dirección o correo para la respuesta',
} as const;
export type FilingGap = keyof typeof FILING_GAP_LABELS;

/**
 * What the petitioner did not give (art. 16), so the request is flagged "incompleta — requerir"
 * and art. 17's requirement follows. An anonymous request (queja or denuncia) has no gaps: it is
 * answered by public notice when there is no address. A redacted petitioner has none either.
 */
export function filingGaps(citizen: Pick<Citizen, 'idType' | 'idNumber' | 'name' | 'address' | 'email'> | { redacted: unknown }): FilingGap[] {
  if ('redacted' in citizen || citizen.idType === 'SD') return [];
  const gaps: FilingGap[] = [];
  if (citizen.name.trim().length < 3) gaps.push('name');
  if (citizen.idNumber.trim() === '') gaps.push('id');
  if (!citizen.address.trim() && !citizen.email.trim()) gaps.push('address');
  return gaps;
}

/** Types that may be filed anonymously (DOMAIN.md §7: anonymous complaints with evidence are admissible). */
export const ANONYMOUS_TYPES: readonly PqrsdType[] = ['queja', 'denuncia'];

/** Version of the template of the aviso de privacidad (Ley 1581 de 2012); 2026-2 names the controller's contacts and the policy. */
export const PRIVACY_NOTICE_VERSION = '2026-2';

/** Code printed on the acknowledgement; with the radicado it opens the public lookup. */
export const VERIFICATION_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const verificationCodeSchema = z.string().check(z.regex(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/));

/** Provisional filing number a device issues offline: P-<device tag>-<counter>. */
export const provisionalNumberSchema = z.string().check(z.regex(/^P-[A-Z0-9]{4}-\d{4,}$/));

/**
 * An instant whose Bogotá date the business-day calendar can place: the server numbers the
 * radicado by that year and counts the terms from it, so anything else must be refused here
 * (a zod datetime alone lets through e.g. year 0001 or ten fraction digits, which
 * bogotaDateOf refuses; the server then failed with INTERNAL and the device retried forever).
 * The last calendar year is left out because a term counted from it runs past the calendar.
 */
const receivedAtSchema = z.iso.datetime({ offset: true }).check(z.refine((s) => {
  try {
    const year = Number(bogotaDateOf(s).slice(0, 4));
    return year >= MIN_CALENDAR_YEAR && year < MAX_CALENDAR_YEAR;
  } catch {
    return false;
  }
}, `La fecha de recepción debe estar entre ${MIN_CALENDAR_YEAR} y ${MAX_CALENDAR_YEAR - 1}`));

/** Fields the device writes. */
export const pqrsdClientFieldsSchema = z.object({
  type: pqrsdTypeSchema,
  channel: pqrsdChannelSchema,
  receivedAt: receivedAtSchema,
  citizen: citizenSchema,
  subject: z.string().check(z.trim(), z.minLength(3, 'Escriba el asunto'), z.maxLength(200)),
  description: z.string().check(z.trim(), z.minLength(1, 'Describa la solicitud'), z.maxLength(20000)),
  /** Documents the citizen handed in, listed by name (art. 16). */
  attachments: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).check(z.maxLength(50)), []),
  /** Photos and scans of those documents, sent on the attachments channel. */
  files: z._default(z.array(fileRefSchema).check(z.maxLength(20)), []),
  privacyNotice: z.object({ version: z.string().check(z.minLength(1), z.maxLength(20)), shownAt: z.iso.datetime({ offset: true }) }),
  verificationCode: verificationCodeSchema,
  provisionalNumber: provisionalNumberSchema,
});

const anonymousOnlyForDenuncia = (r: { type: PqrsdType; citizen: { idType: string } }) =>
  r.citizen.idType !== 'SD' || ANONYMOUS_TYPES.includes(r.type);
const anonymousRule = {
  message: 'Solo una queja o una denuncia pueden ser anónimas',
  path: ['citizen', 'idType'],
};

export const pqrsdCreateSchema = pqrsdClientFieldsSchema.check(z.refine(anonymousOnlyForDenuncia, anonymousRule));

/** The request as stored on the server and pulled by devices. */
export const pqrsdSchema = z.extend(pqrsdClientFieldsSchema, {
    // After anonymisation (habeas data) the petitioner is emptied; devices never send that shape.
    citizen: z.union([redactedCitizenSchema, citizenSchema]),
    /** Set by the server when the personal data was deleted under Ley 1581; absent or null otherwise. */
    redacted: z.optional(z.nullable(redactionSchema)),
    id: z.string(),
    municipality: municipalityCodeSchema,
    /** Official filing number, assigned by the server on the first sync. */
    radicado: z.nullable(z.string()),
    /** The office of the official who filed it: who shares it until it is assigned. */
    intakeDependencia: z._default(z.nullable(z.string()), null),
    /** Every office (normalised) the request has belonged to: who must drop it when it moves on. */
    heldBy: z._default(z.array(z.string()), []),
    createdBy: z.string(),
    deviceId: z.string(),
    /** Derived from the request's events by the shared rules; the server's version wins. */
    lifecycle: lifecycleSchema,
  }).check(z.refine(anonymousOnlyForDenuncia, anonymousRule), z.refine((r) => Boolean(r.redacted) === ('redacted' in r.citizen), {
    message: 'Solo una solicitud con datos suprimidos lleva el peticionario suprimido',
    path: ['citizen'],
  }));
export type Pqrsd = z.infer<typeof pqrsdSchema>;
export type PqrsdClientFields = z.infer<typeof pqrsdClientFieldsSchema>;
/** What a form hands in: fields with defaults may be left out. */
export type PqrsdClientInput = z.input<typeof pqrsdClientFieldsSchema>;

// The type is not editable: it fixes the legal term the citizen was told on the acknowledgement.
export const PQRSD_UPDATABLE_FIELDS = ['channel', 'citizen', 'subject', 'description', 'attachments', 'files'] as const;

/** Official radicado: <DIVIPOLA>-<year>-<6-digit sequence>, e.g. 95200-2026-000123. */
export function formatRadicado(municipality: string, year: number, sequence: number): string {
  return `${municipality}-${year}-${String(sequence).padStart(6, '0')}`;
}
