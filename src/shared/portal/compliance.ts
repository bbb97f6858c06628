import { addCalendarDays, bogotaDateOf } from '../calendar';
import { PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS, type PortalCategory } from './portal-schema';

export interface CategoryCompliance {
  category: PortalCategory;
  label: string;
  frequencyDays: number;
  lastPublished: string | null;
  /** The date by which the next publication is due (null: never published and no start known, so due now). */
  dueBy: string | null;
  overdue: boolean;
}

/**
 * Which categories are behind their publication frequency on `today`: a category is overdue
 * when its last publication is older than its frequency, or when it was never published and a
 * whole frequency has passed since the portal started (`trackedSince`; unknown: overdue at once).
 */
export function categoryCompliance(
  settings: readonly { category: PortalCategory; frequencyDays: number; trackedSince?: string | null }[],
  published: readonly { category: PortalCategory; publishedAt: string | null }[],
  today: string,
): CategoryCompliance[] {
  const byCategory = new Map(settings.map((s) => [s.category, s]));
  return PORTAL_CATEGORY_KEYS.map((category) => {
    const setting = byCategory.get(category);
    const frequencyDays = setting?.frequencyDays ?? PORTAL_CATEGORIES[category].defaultFrequencyDays;
    const since = setting?.trackedSince ?? null;
    const dates = published
      .filter((p) => p.category === category && p.publishedAt)
      .map((p) => bogotaDateOf(p.publishedAt as string))
      .sort();
    const lastPublished = dates.at(-1) ?? null;
    const from = lastPublished ?? since;
    const dueBy = from ? addCalendarDays(from, frequencyDays) : null;
    return { category, label: PORTAL_CATEGORIES[category].label, frequencyDays, lastPublished, dueBy, overdue: dueBy === null || today > dueBy };
  });
}

/** Share of categories up to date, 0–100 with one decimal: the portal indicator of the plan. */
export function compliancePct(rows: readonly CategoryCompliance[]): number | null {
  if (rows.length === 0) return null;
  return Math.round((rows.filter((r) => !r.overdue).length / rows.length) * 1000) / 10;
}
