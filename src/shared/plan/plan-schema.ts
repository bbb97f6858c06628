import { z } from 'zod/mini';
import { openDataSchema } from '../open-data/open-data';
import { isIsoDate } from '../calendar';

const isoDate = z.string().check(z.refine(isIsoDate, 'Fecha AAAA-MM-DD'));

export const FREQUENCIES = { monthly: 'Mensual', quarterly: 'Trimestral', semiannual: 'Semestral', annual: 'Anual' } as const;
export type Frequency = keyof typeof FREQUENCIES;
export const frequencySchema = z.enum(Object.keys(FREQUENCIES) as [Frequency, ...Frequency[]]);

/** A period key: '2026-11' (month), '2026-Q4' (quarter), '2026-2' (semester), '2026' (year). */
export const periodSchema = z.string().check(z.regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-[12])?$/, 'Periodo inválido'));

export const ACTION_NUMBERS = [1, 2, 3, 4, 5, 6] as const;
export type ActionNumber = (typeof ACTION_NUMBERS)[number];
export const actionNumberSchema = z.union(ACTION_NUMBERS.map((n) => z.literal(n)) as unknown as [z.ZodMiniLiteral<1>, z.ZodMiniLiteral<2>, ...z.ZodMiniLiteral<ActionNumber>[]]);

/** One action of the plan's operational frame (seed, "MARCO OPERATIVO"), editable by the committee. */
export const planActionFieldsSchema = z.object({
  number: actionNumberSchema,
  name: z.string().check(z.trim(), z.minLength(3), z.maxLength(500)),
  benefit: z.string().check(z.trim(), z.maxLength(500)),
  indicator: z.string().check(z.trim(), z.maxLength(300)),
  activities: z.string().check(z.trim(), z.maxLength(1000)),
  responsible: z.string().check(z.trim(), z.maxLength(300)),
  resources: z.string().check(z.trim(), z.maxLength(300)),
  frequency: frequencySchema,
  /** How the indicator reads: a percentage (0–100). */
  unit: z.literal('%'),
});
export const planActionSchema = z.extend(planActionFieldsSchema, {
  id: z.string(),
  municipality: z.string(),
  /** The day the server loaded the plan (installation): periods that ended before it are not missing. Absent on older records. */
  trackedSince: z.optional(z.nullable(z.string().check(z.refine(isIsoDate)))),
});
export type PlanAction = z.infer<typeof planActionSchema>;
export const PLAN_ACTION_UPDATABLE = ['name', 'benefit', 'indicator', 'activities', 'responsible', 'resources', 'frequency'] as const;

/** The committee's goal for an action in a period: an event; the latest set wins. */
export const planGoalClientSchema = z.object({
  action: actionNumberSchema,
  period: periodSchema,
  value: z.number().check(z.gte(0), z.lte(100)),
  setAt: z.iso.datetime({ offset: true }),
});
export const planGoalSchema = z.extend(planGoalClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type PlanGoal = z.infer<typeof planGoalSchema>;

/** A computer of the municipality, for the monthly connectivity check. */
export const computerClientSchema = z.object({
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  dependencia: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  description: z._default(z.string().check(z.trim(), z.maxLength(200)), ''),
  active: z._default(z.boolean(), true),
});
export const computerSchema = z.extend(computerClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type Computer = z.infer<typeof computerSchema>;
export const COMPUTER_UPDATABLE = ['code', 'dependencia', 'description', 'active'] as const;

const cop = z.number().check(z.int(), z.nonnegative(), z.lte(1e15));
const requestedAssigned = z.object({ requested: z.number().check(z.nonnegative(), z.lte(1e15)), assigned: z.number().check(z.nonnegative(), z.lte(1e15)) });

export const MANUAL_MILESTONES = { drafted: 'Elaborado', reviewed: 'Revisado', adopted: 'Adoptado' } as const;
export type ManualMilestone = keyof typeof MANUAL_MILESTONES;

/** What is measured for each recorded indicator (training and portal are computed from their modules). */
export const measurementDataSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('connectivity'),
    items: z.array(z.object({ computerId: z.uuid(), connected: z.boolean(), note: z._default(z.string().check(z.trim(), z.maxLength(300)), '') })).check(z.maxLength(2000)),
  }),
  z.object({ kind: z.literal('budget'), gelLineCop: cop, totalBudgetCop: cop.check(z.positive()) }),
  z.object({ kind: z.literal('resources'), physical: requestedAssigned, economic: requestedAssigned, human: requestedAssigned }),
  z.object({
    kind: z.literal('manual'),
    milestones: z.array(z.object({ milestone: z.enum(['drafted', 'reviewed', 'adopted']), date: isoDate, document: z._default(z.string().check(z.trim(), z.maxLength(300)), '') })).check(z.maxLength(10)),
  }),
]);
export type MeasurementData = z.infer<typeof measurementDataSchema>;

/** Which recorded measurement kind belongs to each action (2 and 3 come from their modules). */
export const MEASURED_BY_ACTION: Record<ActionNumber, MeasurementData['kind'] | 'training' | 'portal'> = {
  1: 'connectivity',
  2: 'training',
  3: 'portal',
  4: 'budget',
  5: 'resources',
  6: 'manual',
};

/** A measurement of an action for a period: an event; the latest recorded for a period counts. */
export const planMeasurementClientSchema = z.object({
    action: actionNumberSchema,
    period: periodSchema,
    recordedOn: isoDate,
    recordedAt: z.iso.datetime({ offset: true }),
    data: measurementDataSchema,
  }).check(z.refine((m) => MEASURED_BY_ACTION[m.action] === m.data.kind, { path: ['data', 'kind'], message: 'La medición no corresponde a la acción' }));
export const planMeasurementSchema = z.safeExtend(planMeasurementClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type PlanMeasurement = z.infer<typeof planMeasurementSchema>;

export const PHASE_STATUSES = { pendiente: 'Pendiente', en_progreso: 'En progreso', cumplida: 'Cumplida' } as const;
export type PhaseStatus = keyof typeof PHASE_STATUSES;

/** A Gobierno en Línea phase (Decreto 1151 de 2008) with its criteria and evidence. */
export const gelPhaseFieldsSchema = z.object({
  number: z.number().check(z.int(), z.gte(1), z.lte(5)),
  name: z.string().check(z.trim(), z.minLength(3), z.maxLength(120)),
  /** The same idea under today's Gobierno Digital policy (Decreto 767 de 2022). */
  currentName: z.string().check(z.trim(), z.maxLength(120)),
  nationalDeadline: isoDate,
  territorialDeadline: isoDate,
  criteria: z.array(z.object({ text: z.string().check(z.trim(), z.minLength(2), z.maxLength(300)), met: z.boolean() })).check(z.maxLength(40)),
  evidence: z.array(z.object({ label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), url: z.string().check(z.trim(), z.maxLength(500)) })).check(z.maxLength(40)),
  status: z.enum(['pendiente', 'en_progreso', 'cumplida']),
});
export const gelPhaseSchema = z.extend(gelPhaseFieldsSchema, { id: z.string(), municipality: z.string() });
export type GelPhase = z.infer<typeof gelPhaseSchema>;
export const GEL_PHASE_UPDATABLE = ['criteria', 'evidence', 'status'] as const;

/** Control Interno's semiannual evaluation: observations per action, a summary, and the sign-off. */
export const planReportClientSchema = z.object({
  semester: z.string().check(z.regex(/^\d{4}-[12]$/)),
  observations: z._default(z.record(z.string().check(z.regex(/^[1-6]$/)), z.string().check(z.maxLength(4000))), {}),
  summary: z._default(z.string().check(z.maxLength(8000)), ''),
});
export const planReportSchema = z.extend(planReportClientSchema, {
  id: z.string(),
  municipality: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
  /** Set by the server when Control Interno signs off (a 'plan_signoff' event). */
  signedOffBy: z._default(z.nullable(z.string()), null),
  signedOffAt: z._default(z.nullable(z.string()), null),
  publishedDraftId: z._default(z.nullable(z.string()), null),
  /** The semester's open data (Ley 1712), frozen by the server at the sign-off. */
  openData: z._default(z.nullable(openDataSchema), null),
});
export type PlanReport = z.infer<typeof planReportSchema>;
export const PLAN_REPORT_UPDATABLE = ['observations', 'summary'] as const;

/** Control Interno signs a semester's report off: the server computes it and publishes it. */
export const planSignoffClientSchema = z.object({ reportId: z.uuid(), at: z.iso.datetime({ offset: true }) });
export const planSignoffSchema = z.extend(planSignoffClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
