import { bogotaDateOf } from '#shared/calendar';
import { categorySettingId, PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS } from '#shared/portal/portal-schema';
import { GEL_PHASES_SEED, gelPhaseId, PLAN_ACTIONS_SEED, planActionId } from '#shared/plan/plan-seed';
import { ensureProfileRecord } from '../municipality/profile-service';
import type { Store, StoreTx } from '../store/store';

async function ensure(tx: StoreTx, municipality: string, kind: string, id: string, fields: Record<string, unknown>, at: string): Promise<void> {
  if (await tx.getRecord(municipality, kind, id)) return;
  const data = { ...fields, id, municipality };
  await tx.saveRecord({
    municipality,
    kind,
    id,
    rev: 1,
    data,
    fieldRevs: Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: 'server' }])),
    updatedAt: at,
    updatedBy: 'server',
  });
}

/**
 * Records the server itself starts a municipality with (they then sync like any other): its
 * profile and settings from the seed, one
 * publication-frequency setting per portal category, the plan's six actions from the seed and
 * the five Gobierno en Línea phases. The committee edits them afterwards.
 */
export async function ensureMunicipalityRecords(store: Store, municipality: string, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  // Counting starts at installation: a fresh municipality does not open with a year of "missing" periods.
  const trackedSince = bogotaDateOf(at);
  await store.transaction(municipality, async (tx) => {
    await ensureProfileRecord(tx, municipality, at);
    for (const category of PORTAL_CATEGORY_KEYS) {
      await ensure(tx, municipality, 'portal_category', categorySettingId(category), { category, frequencyDays: PORTAL_CATEGORIES[category].defaultFrequencyDays, trackedSince }, at);
    }
    for (const action of PLAN_ACTIONS_SEED) await ensure(tx, municipality, 'plan_action', planActionId(action.number), { ...action, trackedSince }, at);
    for (const phase of GEL_PHASES_SEED) await ensure(tx, municipality, 'gel_phase', gelPhaseId(phase.number), phase, at);
  });
}
