import type { GelDb } from '../../db/database';
import type { PlanData } from '#shared/plan/plan-indicators';
import { localProfile } from '../../modules/municipality/profile';
import { placeLabel } from '#shared/municipality/municipality-schema';
import { publicView } from '#shared/portal/publication';

/** Everything the plan's figures are computed from, as this device holds it. */
export async function loadPlanData(db: GelDb, municipality: string): Promise<PlanData> {
  const [profile, actions, goals, measurements, computers, officials, courses, sessions, marks, evaluations, settings, published] = await Promise.all([
    localProfile(db, municipality),
    db.plan_action.toArray(),
    db.plan_goal.toArray(),
    db.plan_measurement.toArray(),
    db.computer.toArray(),
    db.official.toArray(),
    db.course.toArray(),
    db.training_session.toArray(),
    db.attendance_mark.toArray(),
    db.evaluation.toArray(),
    db.portal_category.toArray(),
    db.portal_draft.toArray().then((all) => all.flatMap((d) => publicView(d) ?? [])),
  ]);
  return {
    trainingSettings: profile.settings.training,
    place: placeLabel(profile),
    actions, goals, measurements, computers, training: { officials, courses, sessions, marks, evaluations }, portal: { settings, published } };
}
