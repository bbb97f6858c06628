import { z } from 'zod/mini';
import { isIsoDate } from '../calendar';
import { sha256Schema } from '../files/file-schema';

/**
 * Portal categories: the "Transparencia y acceso a la información pública" menu of Ley 1712
 * de 2014 / Resolución MinTIC 1519 de 2020 (DOMAIN.md §5), plus news, events, plans and
 * projects. Each has a default publication frequency the committee may change.
 */
export const PORTAL_CATEGORIES = {
  'informacion-entidad': { label: 'Información de la entidad', menu: 1, defaultFrequencyDays: 180 },
  normativa: { label: 'Normativa', menu: 2, defaultFrequencyDays: 90 },
  contratacion: { label: 'Contratación', menu: 3, defaultFrequencyDays: 30 },
  'planeacion-presupuesto-informes': { label: 'Planeación, presupuesto e informes', menu: 4, defaultFrequencyDays: 90 },
  tramites: { label: 'Trámites', menu: 5, defaultFrequencyDays: 180 },
  participa: { label: 'Participa', menu: 6, defaultFrequencyDays: 90 },
  'datos-abiertos': { label: 'Datos abiertos', menu: 7, defaultFrequencyDays: 180 },
  'grupos-interes': { label: 'Información para grupos de interés', menu: 8, defaultFrequencyDays: 180 },
  'obligacion-reporte': { label: 'Obligación de reporte', menu: 9, defaultFrequencyDays: 180 },
  'informacion-tributaria': { label: 'Información tributaria', menu: 10, defaultFrequencyDays: 365 },
  noticias: { label: 'Noticias', menu: null, defaultFrequencyDays: 7 },
  eventos: { label: 'Eventos', menu: null, defaultFrequencyDays: 30 },
  'planes-proyectos': { label: 'Planes y proyectos', menu: null, defaultFrequencyDays: 90 },
} as const satisfies Record<string, { label: string; menu: number | null; defaultFrequencyDays: number }>;
export type PortalCategory = keyof typeof PORTAL_CATEGORIES;
export const PORTAL_CATEGORY_KEYS = Object.keys(PORTAL_CATEGORIES) as PortalCategory[];
export const portalCategorySchema = z.enum(PORTAL_CATEGORY_KEYS as [PortalCategory, ...PortalCategory[]]);

/** Fixed record ids of the category settings (one record per category and municipality). */
export function categorySettingId(key: PortalCategory): string {
  const n = PORTAL_CATEGORY_KEYS.indexOf(key) + 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const categorySettingSchema = z.object({
  id: z.string(),
  municipality: z.string(),
  category: portalCategorySchema,
  frequencyDays: z.number().check(z.int(), z.gte(1), z.lte(3650)),
  /**
   * The day the server started this municipality's portal (its installation): a section never
   * published is behind only one frequency after it, not from day one. Absent on older records.
   */
  trackedSince: z.optional(z.nullable(z.string().check(z.refine(isIsoDate)))),
});
export type CategorySetting = z.infer<typeof categorySettingSchema>;

export const PORTAL_STATUSES = {
  borrador: 'Borrador',
  en_revision: 'En revisión',
  aprobado: 'Aprobado',
  publicado: 'Publicado',
  retirado: 'Retirado',
} as const;
export type PortalStatus = keyof typeof PORTAL_STATUSES;
export const portalStatusSchema = z.enum(Object.keys(PORTAL_STATUSES) as [PortalStatus, ...PortalStatus[]]);

export const MAX_DRAFT_IMAGES = 6;
export const MAX_IMAGE_DATA_URL_CHARS = 700_000;

/** An image of a draft: a file on the attachments channel (by hash), or, from older drafts, inline. */
export const draftImageSchema = z.object({
    id: z.uuid(),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    alt: z.string().check(z.trim(), z.maxLength(300)),
    hash: z.optional(sha256Schema),
    dataUrl: z.optional(z.string().check(z.maxLength(MAX_IMAGE_DATA_URL_CHARS, 'La imagen es demasiado grande'), z.regex(/^data:image\/(jpeg|webp|png);base64,[A-Za-z0-9+/=]+$/, 'Imagen JPEG, WebP o PNG'))),
  }).check(z.refine((i) => Boolean(i.hash) !== Boolean(i.dataUrl), 'Una imagen es un archivo o un dato en línea'));
export type DraftImage = z.infer<typeof draftImageSchema>;

/** What officials write. Empty text is allowed while drafting; sending to review requires it. */
export const draftClientSchema = z.object({
  title: z._default(z.string().check(z.maxLength(200)), ''),
  summary: z._default(z.string().check(z.maxLength(500)), ''),
  body: z._default(z.string().check(z.maxLength(100_000)), ''),
  category: portalCategorySchema,
  tags: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)), []),
  images: z._default(z.array(draftImageSchema).check(z.maxLength(MAX_DRAFT_IMAGES)), []),
  eventDate: z._default(z.nullable(z.string().check(z.refine(isIsoDate))), null),
});
export type DraftInput = z.input<typeof draftClientSchema>;
export const DRAFT_UPDATABLE_FIELDS = ['title', 'summary', 'body', 'category', 'tags', 'images', 'eventDate'] as const;

/** The text of a draft as it was when approved, and as the portal shows it once published. */
export const draftSnapshotSchema = z.object({
  /** The draft's revision this text is. */
  rev: z.number().check(z.int(), z.positive()),
  /** Who approved it, and when. */
  by: z.string(),
  at: z.string(),
  content: draftClientSchema,
});
export type DraftSnapshot = z.infer<typeof draftSnapshotSchema>;
export type DraftContent = z.infer<typeof draftClientSchema>;

/** Where the draft's revision history writes next (see sync-server/sync/hooks/portal-revisions.ts). */
export const revisionLogSchema = z.object({
  /** Entries written so far; entry n lives in slot n mod MAX_REVISIONS_PER_DRAFT. */
  count: z.number().check(z.int(), z.nonnegative()),
  /** The draft revision, author and start time of the latest entry, which later edits may join. */
  rev: z.number().check(z.int(), z.positive()),
  by: z.string(),
  since: z.string(),
});
export type RevisionLog = z.infer<typeof revisionLogSchema>;

export const draftSchema = z.extend(draftClientSchema, {
  id: z.string(),
  municipality: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
  /** Server-derived from the workflow steps. */
  status: portalStatusSchema,
  /** Public address, given by the server on first publication and kept after. */
  slug: z.nullable(z.string()),
  publishedAt: z.nullable(z.string()),
  /** What the committee approved (server-set; absent on items from before approvals named a revision). */
  approval: z.optional(z.nullable(draftSnapshotSchema)),
  /** What the public portal shows: the approved text, copied when published; null once withdrawn. */
  publication: z.optional(z.nullable(draftSnapshotSchema)),
  revisionLog: z.optional(revisionLogSchema),
});
export type PortalDraft = z.infer<typeof draftSchema>;

export const PORTAL_ACTIONS = {
  enviar_revision: 'Enviar a revisión',
  devolver: 'Devolver al autor',
  aprobar: 'Aprobar',
  publicar: 'Publicar',
  retirar: 'Retirar del portal',
} as const;
export type PortalAction = keyof typeof PORTAL_ACTIONS;

/** A workflow step: append-only, with who and when. */
export const portalStepClientSchema = z.object({
  draftId: z.uuid(),
  action: z.enum(Object.keys(PORTAL_ACTIONS) as [PortalAction, ...PortalAction[]]),
  note: z._default(z.string().check(z.trim(), z.maxLength(2000)), ''),
  at: z.iso.datetime({ offset: true }),
  /** The draft's revision as the committee read it on their device: an approval names it. */
  rev: z.optional(z.number().check(z.int(), z.positive())),
});
export const portalStepSchema = z.extend(portalStepClientSchema, {
  id: z.string(),
  municipality: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
});
export type PortalStep = z.infer<typeof portalStepSchema>;

/** Entries of history kept per draft: older ones are overwritten, so one draft's history stays bounded. */
export const MAX_REVISIONS_PER_DRAFT = 20;
/** Edits by the same person within this time of the entry's first one join that entry. */
export const REVISION_COALESCE_MS = 10 * 60_000;

/**
 * One field's change. Long texts keep only the changed part with some context around it:
 * `head`/`tail` characters, the same before and after, are left out at each end.
 */
export const revisionChangeSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  head: z.optional(z.number().check(z.int(), z.positive())),
  tail: z.optional(z.number().check(z.int(), z.positive())),
});
export type RevisionChange = z.infer<typeof revisionChangeSchema>;

/**
 * An entry of a draft's history: what changed, from what, by whom. Written by the server;
 * consecutive edits by one person join one entry, and a draft keeps its latest entries only.
 */
export const portalRevisionSchema = z.object({
  id: z.string(),
  municipality: z.string(),
  draftId: z.string(),
  /** The draft revision this entry reaches (its last edit). */
  rev: z.number().check(z.int(), z.positive()),
  by: z.string(),
  at: z.string(),
  /** When the entry's first edit was made, if it joins several. */
  since: z.optional(z.string()),
  changes: z.array(revisionChangeSchema),
});
export type PortalRevision = z.infer<typeof portalRevisionSchema>;
