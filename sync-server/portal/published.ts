import { todayInBogota } from '#shared/calendar';
import { categoryCompliance, type CategoryCompliance } from '#shared/portal/compliance';
import { markdownToPlainText } from '#shared/portal/markdown';
import { publicView } from '#shared/portal/publication';
import type { PortalCategory, PortalDraft } from '#shared/portal/portal-schema';
import type { BlobFiles } from '../blobs/blob-files';
import type { FileMeta } from '../blobs/blob-meta';
import { fileForPortal } from '../blobs/file-access';
import type { Store } from '../store/store';

/** An item as the portal shows it: its approved text, with where and when it was published. */
export type Published = PortalDraft & { slug: string; publishedAt: string };

/** The municipality's published items, newest first. */
export async function publishedItems(store: Store, municipality: string): Promise<Published[]> {
  const rows = await store.recordsOfKind(municipality, 'portal_draft');
  // The published text, never what was typed after it (that waits for a new approval).
  return rows
    .map((r) => publicView(r.data as PortalDraft))
    .filter((d): d is Published => d !== null && d.slug !== null && d.publishedAt !== null)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

const folded = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** Items holding every word of the query (any case, accents or not) in their text or tags. */
export async function searchPublished(store: Store, municipality: string, q: string): Promise<Published[]> {
  const words = folded(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return (await publishedItems(store, municipality)).filter((d) => {
    const text = folded(`${d.title} ${d.summary} ${markdownToPlainText(d.body)} ${d.tags.join(' ')}`);
    return words.every((w) => text.includes(w));
  });
}

/** Each section against its publication frequency, today (Ley 1712: sections kept up to date). */
export async function sectionsUpToDate(store: Store, municipality: string): Promise<CategoryCompliance[]> {
  const items = await publishedItems(store, municipality);
  const settings = (await store.recordsOfKind(municipality, 'portal_category')).map((r) => r.data as { category: PortalCategory; frequencyDays: number });
  return categoryCompliance(settings, items, todayInBogota());
}

/**
 * A file the portal may serve, or null: only an image of the published (approved) text of an
 * item, not one added to the draft since, and only a photo.
 */
export async function publishedImage(store: Store, files: BlobFiles | null, municipality: string, hash: string): Promise<FileMeta | null> {
  if (!files || !/^[0-9a-f]{64}$/.test(hash)) return null;
  const shown = new Set((await publishedItems(store, municipality)).filter((d) => d.images.some((i) => i.hash === hash)).map((d) => d.id));
  return fileForPortal(store, files, municipality, hash, (d) => shown.has(String(d.id)));
}
