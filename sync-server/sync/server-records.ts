import { categorySettingId, PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS } from '../../src/shared/portal/portal-schema';
import type { Store } from '../store/store';

/**
 * Records the server itself starts a municipality with (they then sync like any other):
 * one publication-frequency setting per portal category.
 */
export async function ensureMunicipalityRecords(store: Store, municipality: string, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  await store.transaction(async (tx) => {
    for (const category of PORTAL_CATEGORY_KEYS) {
      const id = categorySettingId(category);
      if (await tx.getRecord(municipality, 'portal_category', id)) continue;
      const data = { id, municipality, category, frequencyDays: PORTAL_CATEGORIES[category].defaultFrequencyDays };
      await tx.saveRecord({
        municipality,
        kind: 'portal_category',
        id,
        rev: 1,
        data,
        fieldRevs: Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: 'server' }])),
        updatedAt: at,
        updatedBy: 'server',
      });
    }
  });
}
