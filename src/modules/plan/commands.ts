import type { GelDb, LocalRecord } from '../../db/database';
import { todayInBogota } from '#shared/calendar';
import type { ActionNumber, MeasurementData, PlanReport } from '#shared/plan/plan-schema';
import { createLocal, type DeviceContext } from '../local-records';

/** A measurement of an action for a period, recorded as an event (the latest for a period counts). */
export function recordMeasurement(db: GelDb, ctx: DeviceContext, m: { action: ActionNumber; period: string; data: MeasurementData }, now = new Date()) {
  return createLocal(db, ctx, 'plan_measurement', { ...m, recordedOn: todayInBogota(now), recordedAt: now.toISOString() }, { now });
}

/** The committee's goal for an action and period (the latest set wins). */
export function setGoal(db: GelDb, ctx: DeviceContext, action: ActionNumber, period: string, value: number, now = new Date()) {
  return createLocal(db, ctx, 'plan_goal', { action, period, value, setAt: now.toISOString() }, { now });
}

export function addComputer(db: GelDb, ctx: DeviceContext, c: { code: string; dependencia: string; description?: string }) {
  return createLocal(db, ctx, 'computer', { ...c, active: true });
}

/** The semester's report on this device, started when Control Interno first writes in it. */
export async function startReport(db: GelDb, ctx: DeviceContext, semester: string): Promise<LocalRecord<PlanReport>> {
  const existing = await db.plan_report.where('semester').equals(semester).first();
  return existing ?? createLocal(db, ctx, 'plan_report', { semester, observations: {}, summary: '' });
}

export function signOffReport(db: GelDb, ctx: DeviceContext, reportId: string, now = new Date()) {
  return createLocal(db, ctx, 'plan_signoff', { reportId, at: now.toISOString() }, { now });
}
