// Indicators of the action plan's six actions: goals and measurements are events (the latest
// wins), values are percentages with one decimal. Pure and deterministic (no Date.now: `today`
// is always passed in) so the device and the server compute the same figures.

import { bogotaDateOf } from '../calendar';
import { categoryCompliance, compliancePct } from '../portal/compliance';
import type { PortalCategory } from '../portal/portal-schema';
import { trainingIndicators, type TrainingIndicatorsInput } from '../training/indicators';
import type { TrainingSettings } from '../training/training-schema';
import { duePeriods, isLate, periodKey, periodRange, periodsBetween, semesterOfPeriod, yearOfPeriod, type DuePeriod } from './periods';
import { ACTION_NUMBERS, MEASURED_BY_ACTION, type ActionNumber, type Computer, type Frequency, type PlanAction, type PlanGoal, type PlanMeasurement } from './plan-schema';
import { PLAN_ACTIONS_SEED } from './plan-seed';

export type PlanData = {
  actions: readonly PlanAction[];
  goals: readonly PlanGoal[];
  measurements: readonly PlanMeasurement[];
  computers: readonly Computer[];
  training: Omit<TrainingIndicatorsInput, 'semester' | 'goals' | 'settings'>;
  /** The municipality's training settings (attendance share, excused absences). */
  trainingSettings: TrainingSettings;
  /** The municipality as documents name it ("Name (Department)"), from its profile. */
  place: string;
  portal: {
    settings: readonly { category: PortalCategory; frequencyDays: number }[];
    published: readonly { category: PortalCategory; publishedAt: string | null }[];
  };
};

export type ActionValueSource = 'measurement' | 'training' | 'portal' | 'none';
export type ActionValue = {
  /** 0–100 (resources may exceed 100 when more is assigned than requested), one decimal. */
  value: number | null;
  /** Action 2 only: % of evaluations passed. */
  secondary: number | null;
  /** The measurement was recorded after the period's end + grace days. */
  late: boolean;
  source: ActionValueSource;
};
export type TrafficLight = 'green' | 'yellow' | 'red' | 'none';

export type SeriesRow = {
  period: string;
  value: number | null;
  secondary: number | null;
  goal: number | null;
  light: TrafficLight;
  late: boolean;
  /** A recorded indicator whose period is due (today ≥ its last day) with no measurement. */
  missing: boolean;
};

export type ActionStatus = {
  number: ActionNumber;
  name: string;
  indicator: string;
  frequency: Frequency;
  /** The period containing today, and its due date (its last day). */
  period: string;
  dueBy: string;
  /** The most recent period (up to the current one) with a value; null when none. */
  latestPeriod: string | null;
  value: number | null;
  secondary: number | null;
  goal: number | null;
  light: TrafficLight;
  late: boolean;
  source: ActionValueSource;
  /** Recorded indicator with nothing recorded yet for the current period. */
  currentMissing: boolean;
  /**
   * Due periods without a measurement (for reminders) since the plan's tracking began: a
   * period stays missing until it is measured, across year boundaries (DOMAIN.md §7).
   */
  missing: DuePeriod[];
};

// ---------------------------------------------------------------------------
// Events: the latest wins

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Later instant first wins; equal instants are broken by the greater id, so every device agrees. */
function isLater(a: { at: string; id: string }, b: { at: string; id: string }): boolean {
  const d = instantMs(a.at) - instantMs(b.at);
  return d > 0 || (d === 0 && a.id > b.id);
}

function latestOf<T extends { id: string }>(items: readonly T[], at: (t: T) => string): T | null {
  let best: T | null = null;
  for (const it of items) if (best === null || isLater({ at: at(it), id: it.id }, { at: at(best), id: best.id })) best = it;
  return best;
}

/**
 * The goal of `action` for `period`: the latest set (setAt; ties by id) for the exact period;
 * when there is none, the one for the semester containing it (months and quarters); then the
 * one for its year. Null when no goal applies.
 */
export function latestGoal(goals: readonly PlanGoal[], action: ActionNumber, period: string): PlanGoal | null {
  const candidates = [period, semesterOfPeriod(period), yearOfPeriod(period)];
  const tried = new Set<string>();
  for (const p of candidates) {
    if (p === null || tried.has(p)) continue;
    tried.add(p);
    const goal = latestOf(
      goals.filter((g) => g.action === action && g.period === p),
      (g) => g.setAt,
    );
    if (goal) return goal;
  }
  return null;
}

/** The measurement that counts for (action, period): the latest recorded (recordedAt; ties by id), and whether it was late. */
export function latestMeasurement(
  measurements: readonly PlanMeasurement[],
  action: ActionNumber,
  period: string,
  graceDays = 10,
): { measurement: PlanMeasurement; late: boolean } | null {
  const m = latestOf(
    measurements.filter((x) => x.action === action && x.period === period && x.data.kind === MEASURED_BY_ACTION[action]),
    (x) => x.recordedAt,
  );
  return m ? { measurement: m, late: isLate(period, m.recordedOn, graceDays) } : null;
}

// ---------------------------------------------------------------------------
// Values

/** num / den as a percentage with one decimal; null when den is 0. */
function pct1(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num * 1000) / den) / 10;
}

export const MANUAL_MILESTONE_VALUES = { drafted: 33.3, reviewed: 66.7, adopted: 100 } as const;

/**
 * The indicator value of one recorded measurement (0–100, one decimal):
 * - connectivity: % connected among the checked items of active, known computers (one item per
 *   computer, the last listed wins); null when no such item;
 * - budget: GEL line / total municipal budget;
 * - resources: Σ assigned / Σ requested over physical, economic and human (over-assignment is
 *   reported as is, above 100); null when nothing was requested;
 * - manual: highest milestone dated on or before the period's end (adopted 100, reviewed 66.7,
 *   drafted 33.3, none 0).
 */
export function measurementValue(m: PlanMeasurement, computers: readonly Computer[]): number | null {
  const data = m.data;
  switch (data.kind) {
    case 'connectivity': {
      const active = new Set(computers.filter((c) => c.active).map((c) => c.id));
      const byComputer = new Map<string, boolean>();
      for (const item of data.items) if (active.has(item.computerId)) byComputer.set(item.computerId, item.connected);
      const connected = [...byComputer.values()].filter(Boolean).length;
      return pct1(connected, byComputer.size);
    }
    case 'budget':
      return pct1(data.gelLineCop, data.totalBudgetCop);
    case 'resources': {
      const requested = data.physical.requested + data.economic.requested + data.human.requested;
      const assigned = data.physical.assigned + data.economic.assigned + data.human.assigned;
      return pct1(assigned, requested);
    }
    case 'manual': {
      const end = periodRange(m.period).to;
      let best = 0;
      for (const x of data.milestones) if (x.date <= end) best = Math.max(best, MANUAL_MILESTONE_VALUES[x.milestone]);
      return best;
    }
  }
}

/** The action as the municipality edited it, or the seed's text when it has no record. */
export function planActionOf(data: Pick<PlanData, 'actions'>, action: ActionNumber): Omit<PlanAction, 'id' | 'municipality'> {
  const own = data.actions.find((a) => a.number === action);
  const seed = PLAN_ACTIONS_SEED.find((a) => a.number === action);
  if (own) return own;
  if (!seed) throw new RangeError(`Unknown action ${String(action)}`);
  return seed;
}

const NO_VALUE: ActionValue = { value: null, secondary: null, late: false, source: 'none' };

/**
 * The indicator value of `action` for `period`. Recorded actions (1, 4, 5, 6) use the latest
 * measurement. Action 2 uses the training module for the semester containing the period's last
 * day (value: % trained; secondary: % of evaluations passed). Action 3 is the share of portal
 * categories up to date at the period's end, counting publications up to that day. With `today`,
 * a period not yet ended is evaluated on `today`, and a period not yet started has no computed
 * value (training, portal).
 */
export function actionValue(action: ActionNumber, period: string, data: PlanData, today?: string): ActionValue {
  const kind = MEASURED_BY_ACTION[action];
  const { from, to } = periodRange(period);
  if (kind === 'training' || kind === 'portal') {
    if (today !== undefined && today < from) return NO_VALUE;
    if (kind === 'training') {
      const semester = periodKey('semiannual', to);
      const t = trainingIndicators({ ...data.training, semester, settings: data.trainingSettings });
      return { value: t.overall.trainedPct, secondary: t.overall.passedPct, late: false, source: 'training' };
    }
    const asOf = today !== undefined && today < to ? today : to;
    const published = data.portal.published.filter((p) => p.publishedAt !== null && bogotaDateOf(p.publishedAt) <= asOf);
    return { value: compliancePct(categoryCompliance(data.portal.settings, published, asOf)), secondary: null, late: false, source: 'portal' };
  }
  const found = latestMeasurement(data.measurements, action, period);
  if (!found) return NO_VALUE;
  return { value: measurementValue(found.measurement, data.computers), secondary: null, late: found.late, source: 'measurement' };
}

/** none without value or goal; green at or above the goal; yellow at or above 80 % of it; red below. */
export function trafficLight(value: number | null, goal: number | null): TrafficLight {
  if (value === null || goal === null) return 'none';
  if (value >= goal) return 'green';
  // 5·v ≥ 4·g instead of v ≥ 0.8·g: 0.8 has no exact binary form (0.8 × 70 = 56.00000000000001).
  if (value * 5 >= goal * 4) return 'yellow';
  return 'red';
}

function isRecorded(action: ActionNumber): boolean {
  const kind = MEASURED_BY_ACTION[action];
  return kind !== 'training' && kind !== 'portal';
}

function seriesRow(action: ActionNumber, period: string, data: PlanData, today: string): { row: SeriesRow; source: ActionValueSource } {
  const v = actionValue(action, period, data, today);
  const goal = latestGoal(data.goals, action, period)?.value ?? null;
  // A period that ended by the day the plan was loaded (installation) is not missing.
  const since = planActionOf(data, action).trackedSince ?? null;
  const missing = isRecorded(action) && v.source === 'none' && today >= periodRange(period).to && !(since !== null && periodRange(period).to <= since);
  return { row: { period, value: v.value, secondary: v.secondary, goal, light: trafficLight(v.value, goal), late: v.late, missing }, source: v.source };
}

/** One row per period of the action's frequency overlapping [from, to]. */
export function actionSeries(action: ActionNumber, from: string, to: string, data: PlanData, today: string): SeriesRow[] {
  const { frequency } = planActionOf(data, action);
  return periodsBetween(frequency, from, to).map((period) => seriesRow(action, period, data, today).row);
}

/**
 * The first day reminders look back to: the start of the oldest period the plan has a goal or
 * measurement for (when its tracking began), else January 1 of last year; never later than
 * January 1 of this year. So December, Q4 and the year's budget stay missing after New Year.
 */
function remindersSince(data: PlanData, year: number): string {
  let since: string | null = null;
  for (const e of [...data.measurements, ...data.goals]) {
    const from = periodRange(e.period).from;
    if (since === null || from < since) since = from;
  }
  const thisYear = `${String(year).padStart(4, '0')}-01-01`;
  if (since === null) return `${String(year - 1).padStart(4, '0')}-01-01`;
  return since < thisYear ? since : thisYear;
}

/** Where each action stands today: its current period, latest value against its goal, and what is due. */
export function planStatus(data: PlanData, today: string): ActionStatus[] {
  const year = Number(today.slice(0, 4));
  const since = remindersSince(data, year);
  return ACTION_NUMBERS.map((number) => {
    const action = planActionOf(data, number);
    const { frequency } = action;
    const period = periodKey(frequency, today);
    const dueBy = periodRange(period).to;
    // The latest value: from the current period back to the start of last year.
    const back = periodsBetween(frequency, `${String(year - 1).padStart(4, '0')}-01-01`, today).reverse();
    let latest: SeriesRow | null = null;
    let source: ActionValueSource = 'none';
    for (const p of back) {
      const r = seriesRow(number, p, data, today);
      if (r.row.value !== null) {
        latest = r.row;
        source = r.source;
        break;
      }
    }
    const recorded = isRecorded(number);
    const hasMeasurement = (p: string): boolean => latestMeasurement(data.measurements, number, p) !== null;
    // Since the plan's tracking began (across the new year), none that ended by the day the plan was loaded (installation).
    const installed = action.trackedSince ?? null;
    const missing = recorded
      ? duePeriods(frequency, since, today).filter((d) => today >= d.due && !hasMeasurement(d.period) && !(installed !== null && d.due <= installed))
      : [];
    const goal = latest ? latest.goal : (latestGoal(data.goals, number, period)?.value ?? null);
    return {
      number,
      name: action.name,
      indicator: action.indicator,
      frequency,
      period,
      dueBy,
      latestPeriod: latest?.period ?? null,
      value: latest?.value ?? null,
      secondary: latest?.secondary ?? null,
      goal,
      light: trafficLight(latest?.value ?? null, goal),
      late: latest?.late ?? false,
      source,
      currentMissing: recorded && !hasMeasurement(period),
      missing,
    };
  });
}
