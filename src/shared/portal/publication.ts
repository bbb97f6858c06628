import { DRAFT_UPDATABLE_FIELDS, type DraftContent, type DraftSnapshot, type PortalStatus } from './portal-schema';

/** The text fields of a draft, as an approval or publication keeps them. */
export function contentOf(d: DraftContent): DraftContent {
  return Object.fromEntries(DRAFT_UPDATABLE_FIELDS.map((f) => [f, d[f]])) as DraftContent;
}

/**
 * Whether an item is on the public portal: it has a published text. Items published before
 * publications were kept apart have none; for them the status says it.
 */
export function isLive(d: { status: PortalStatus; publication?: DraftSnapshot | null }): boolean {
  return d.publication ? true : d.publication === undefined && d.status === 'publicado';
}

/** An item as the public sees it: its published text, never what was typed after; null when not on the portal. */
export function publicView<T extends DraftContent & { status: PortalStatus; publication?: DraftSnapshot | null }>(d: T): T | null {
  if (!isLive(d)) return null;
  return d.publication ? { ...d, ...d.publication.content } : d;
}
