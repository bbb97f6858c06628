// A fresh installation opens calm: nothing is behind or missing for the time before it existed.
import { describe, expect, it } from 'vitest';
import { categoryCompliance } from '#shared/portal/compliance';
import { PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS } from '#shared/portal/portal-schema';
import { planStatus, type PlanData } from '#shared/plan/plan-indicators';
import { PLAN_ACTIONS_SEED } from '#shared/plan/plan-seed';
import { DEFAULT_TRAINING_SETTINGS } from '#shared/training/training-schema';

const INSTALLED = '2026-11-30';
const settings = (trackedSince: string | null) =>
  PORTAL_CATEGORY_KEYS.map((category) => ({ category, frequencyDays: PORTAL_CATEGORIES[category].defaultFrequencyDays, trackedSince }));

describe('portal sections on day one', () => {
  it('none is behind on the day of installation; a never-published one falls behind one frequency later', () => {
    expect(categoryCompliance(settings(INSTALLED), [], INSTALLED).filter((r) => r.overdue)).toEqual([]);
    const shortest = Math.min(...PORTAL_CATEGORY_KEYS.map((k) => PORTAL_CATEGORIES[k].defaultFrequencyDays));
    const later = categoryCompliance(settings(INSTALLED), [], '2027-12-31');
    expect(later.every((r) => r.overdue)).toBe(true);
    const first = categoryCompliance(settings(INSTALLED), [], addDays(INSTALLED, shortest + 1));
    expect(first.some((r) => r.overdue)).toBe(true);
    expect(first.every((r) => r.dueBy === addDays(INSTALLED, r.frequencyDays))).toBe(true);
  });

  it('a record from before (no start date) keeps counting a never-published section as behind', () => {
    expect(categoryCompliance(settings(null), [], INSTALLED).every((r) => r.overdue)).toBe(true);
  });
});

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('plan measurements on day one', () => {
  const data = (trackedSince: string | null): PlanData =>
    ({
      actions: PLAN_ACTIONS_SEED.map((a) => ({ ...a, id: `a${a.number}`, municipality: '95200', trackedSince })),
      goals: [],
      measurements: [],
      computers: [],
      training: { officials: [], courses: [], sessions: [], marks: [], evaluations: [] },
      trainingSettings: DEFAULT_TRAINING_SETTINGS,
      portal: { settings: settings(trackedSince), published: [] },
    }) as unknown as PlanData;

  it('no period that ended by the installation day is missing, that day or the next', () => {
    expect(planStatus(data(INSTALLED), INSTALLED).flatMap((s) => s.missing)).toEqual([]);
    expect(planStatus(data(INSTALLED), '2026-12-01').flatMap((s) => s.missing)).toEqual([]);
  });

  it('periods after the installation do go missing when not measured', () => {
    const missing = planStatus(data('2026-05-10'), '2026-08-15').flatMap((s) => s.missing.map((p) => p.period));
    expect(missing).toEqual(expect.arrayContaining(['2026-05', '2026-06', '2026-07']));
    expect(missing).not.toContain('2026-04');
  });

  it('without a start date (older records) the whole year counts, as before', () => {
    expect(planStatus(data(null), INSTALLED).flatMap((s) => s.missing).length).toBeGreaterThan(10);
  });
});
