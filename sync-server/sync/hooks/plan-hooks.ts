import { todayInBogota } from '#shared/calendar';
import { uuidv7 } from '#shared/ids';
import { placeLabel } from '#shared/municipality/municipality-schema';
import type { PlanData } from '#shared/plan/plan-indicators';
import { buildPlanReport, planReportMarkdown, planReportTitle } from '#shared/plan/plan-report';
import { buildOpenData } from '#shared/open-data/open-data';
import { buildPqrsdReport } from '#shared/pqrsd/report';
import { semesterRange } from '#shared/training/training-schema';
import type { DraftContent, DraftSnapshot } from '#shared/portal/portal-schema';
import type { RecordKind, RecordOf } from '#shared/records';
import { publicView } from '#shared/portal/publication';
import { slugFor } from '#shared/portal/workflow';
import { municipalityProfile, municipalitySettings } from '../../municipality/profile-service';
import type { StoreTx } from '../../store/store';
import { accept, recordOf, refuse, saveDerived, type KindHooks } from './types';

const data = async <K extends RecordKind>(tx: StoreTx, municipality: string, kind: K): Promise<RecordOf<K>[]> =>
  (await tx.recordsOfKind(municipality, kind)).map((r) => r.data as RecordOf<K>);

/** Everything the plan's figures are computed from, as the server holds it now. */
export async function loadPlanData(tx: StoreTx, municipality: string): Promise<PlanData> {
  const profile = await municipalityProfile(tx, municipality);
  return {
    trainingSettings: profile.settings.training,
    place: placeLabel(profile),
    actions: await data(tx, municipality, 'plan_action'),
    goals: await data(tx, municipality, 'plan_goal'),
    measurements: await data(tx, municipality, 'plan_measurement'),
    computers: await data(tx, municipality, 'computer'),
    training: {
      officials: await data(tx, municipality, 'official'),
      courses: await data(tx, municipality, 'course'),
      sessions: await data(tx, municipality, 'training_session'),
      marks: await data(tx, municipality, 'attendance_mark'),
      evaluations: await data(tx, municipality, 'evaluation'),
    },
    portal: {
      settings: await data(tx, municipality, 'portal_category'),
      published: (await data(tx, municipality, 'portal_draft')).flatMap((d) => publicView(d) ?? []),
    },
  };
}

export const planSignoffHooks: KindHooks<'plan_signoff'> = {
  // Control Interno signs off: the server computes the report from its data with the same code
  // the devices use, and publishes it under "Planeación, presupuesto e informes".
  async onCreate(tx, d, actor, at) {
    const stored = await recordOf(tx, actor.municipality, 'plan_report', d.reportId);
    if (!stored) return refuse('RECORD_NOT_FOUND', `Report ${d.reportId} does not exist`);
    const report = stored.data;
    if (report.signedOffAt) return refuse('INVALID_TRANSITION', 'El informe ya fue firmado y publicado.');
    const asOf = todayInBogota(new Date(at));
    const figures = buildPlanReport(await loadPlanData(tx, actor.municipality), report.semester, report, asOf);
    // The semester's open data is refreshed by this signature and frozen with it.
    const { pqrsd: settings } = await municipalitySettings(tx, actor.municipality);
    const requests = buildPqrsdReport(await data(tx, actor.municipality, 'pqrsd'), semesterRange(report.semester), asOf, { settings });
    const openData = buildOpenData(requests, figures, at);
    const draftId = uuidv7();
    const title = planReportTitle(figures);
    const content: DraftContent = {
      title,
      summary: `Evaluación de la Oficina de Control Interno al plan de acción GEL, semestre ${report.semester}.`,
      body: planReportMarkdown(figures, { by: actor.displayName ?? actor.userId, at }),
      category: 'planeacion-presupuesto-informes',
      tags: ['control interno', 'informe semestral', 'gobierno en línea'],
      images: [],
      eventDate: null,
    };
    // Control Interno's signature is the approval of this text: the portal shows exactly it.
    const signed: DraftSnapshot = { rev: 1, by: actor.userId, at, content };
    const draft = {
      id: draftId,
      municipality: actor.municipality,
      createdBy: actor.userId,
      deviceId: actor.deviceId,
      ...content,
      status: 'publicado',
      slug: slugFor(title, draftId),
      publishedAt: at,
      approval: signed,
      publication: signed,
    };
    await tx.saveRecord({
      municipality: actor.municipality,
      kind: 'portal_draft',
      id: draftId,
      rev: 1,
      data: draft,
      fieldRevs: Object.fromEntries(Object.keys(draft).map((k) => [k, { rev: 1, device: actor.deviceId }])),
      updatedAt: at,
      updatedBy: actor.userId,
    });
    await saveDerived(
      tx,
      stored,
      { ...stored.data, signedOffBy: actor.userId, signedOffAt: at, publishedDraftId: draftId, openData },
      ['signedOffBy', 'signedOffAt', 'publishedDraftId', 'openData'],
      actor,
      at,
    );
    return accept();
  },
};

export const planReportHooks: KindHooks<'plan_report'> = {
  async beforeUpdate(_tx, current) {
    if (current.data.signedOffAt) return refuse('INVALID_TRANSITION', 'El informe ya fue firmado: no se modifica.');
    return accept();
  },
};
