import { z } from 'zod';
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
  frequencyDays: z.number().int().min(1).max(3650),
  /**
   * The day the server started this municipality's portal (its installation): a section never
   * published is behind only one frequency after it, not from day one. Absent on older records.
   */
  trackedSince: z.string().refine(isIsoDate).nullable().optional(),
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
export const draftImageSchema = z
  .object({
    id: z.uuid(),
    name: z.string().trim().min(1).max(200),
    alt: z.string().trim().max(300),
    hash: sha256Schema.optional(),
    dataUrl: z
      .string()
      .max(MAX_IMAGE_DATA_URL_CHARS, 'La imagen es demasiado grande')
      .regex(/^data:image\/(jpeg|webp|png);base64,[A-Za-z0-9+/=]+$/, 'Imagen JPEG, WebP o PNG')
      .optional(),
  })
  .refine((i) => Boolean(i.hash) !== Boolean(i.dataUrl), 'Una imagen es un archivo o un dato en línea');
export type DraftImage = z.infer<typeof draftImageSchema>;

/** What officials write. Empty text is allowed while drafting; sending to review requires it. */
export const draftClientSchema = z.object({
  title: z.string().max(200).default(''),
  summary: z.string().max(500).default(''),
  body: z.string().max(100_000).default(''),
  category: portalCategorySchema,
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  images: z.array(draftImageSchema).max(MAX_DRAFT_IMAGES).default([]),
  eventDate: z.string().refine(isIsoDate).nullable().default(null),
});
export type DraftInput = z.input<typeof draftClientSchema>;
export const DRAFT_UPDATABLE_FIELDS = ['title', 'summary', 'body', 'category', 'tags', 'images', 'eventDate'] as const;

/** The text of a draft as it was when approved, and as the portal shows it once published. */
export const draftSnapshotSchema = z.object({
  /** The draft's revision this text is. */
  rev: z.number().int().positive(),
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
  count: z.number().int().nonnegative(),
  /** The draft revision, author and start time of the latest entry, which later edits may join. */
  rev: z.number().int().positive(),
  by: z.string(),
  since: z.string(),
});
export type RevisionLog = z.infer<typeof revisionLogSchema>;

export const draftSchema = draftClientSchema.extend({
  id: z.string(),
  municipality: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
  /** Server-derived from the workflow steps. */
  status: portalStatusSchema,
  /** Public address, given by the server on first publication and kept after. */
  slug: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** What the committee approved (server-set; absent on items from before approvals named a revision). */
  approval: draftSnapshotSchema.nullable().optional(),
  /** What the public portal shows: the approved text, copied when published; null once withdrawn. */
  publication: draftSnapshotSchema.nullable().optional(),
  revisionLog: revisionLogSchema.optional(),
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
  note: z.string().trim().max(2000).default(''),
  at: z.iso.datetime({ offset: true }),
  /** The draft's revision as the committee read it on their device: an approval names it. */
  rev: z.number().int().positive().optional(),
});
export const portalStepSchema = portalStepClientSchema.extend({
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
  head: z.number().int().positive().optional(),
  tail: z.number().int().positive().optional(),
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
  rev: z.number().int().positive(),
  by: z.string(),
  at: z.string(),
  /** When the entry's first edit was made, if it joins several. */
  since: z.string().optional(),
  changes: z.array(revisionChangeSchema),
});
export type PortalRevision = z.infer<typeof portalRevisionSchema>;
