// Random user actions through the app's own commands, one per call, covering every record
// kind devices write. Targets are picked from what this run created (in creation order) and
// only when the device holds them, so a seed replays the same choices.
import { resolveConflict } from '../../src/modules/conflicts/resolve-conflict';
import { createLocal, updateLocal } from '../../src/modules/local-records';
import { addComputer, recordMeasurement, setGoal } from '../../src/modules/plan/commands';
import { newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { fileRequest } from '../../src/modules/pqrsd/file-request';
import { recordStep } from '../../src/modules/pqrsd/record-step';
import { addOfficial, createCourse, createSession, markAttendance, recordEvaluation } from '../../src/modules/training/commands';
import { addBusinessDays } from '#shared/calendar';
import { AppError } from '#shared/errors';
import type { MeasurementData } from '#shared/plan/plan-schema';
import { allowedPortalActions, mayEditDraft } from '#shared/portal/workflow';
import { applyEvent, isOpen } from '../helpers/default-rules';
import type { PqrsdAction } from '#shared/pqrsd/lifecycle-schema';
import { canWrite, isRecordKind, PQRSD_TYPES, PRIVACY_NOTICE_VERSION, type PqrsdType } from '#shared/records';
import type { Role } from '#shared/roles';
import type { FaultDevice, Rng } from './world';

/** What this run created, in creation order (ids are random; this order is not). */
export interface Registry {
  seed: number;
  requests: string[];
  drafts: string[];
  courses: string[];
  sessions: string[];
  officials: string[];
  computers: string[];
  /** Mutation id → creation order over the run. */
  mutationOrder: Map<string, number>;
  /** Virtual clock of the users' actions (ms), moved one minute per action. */
  clock: number;
}

export function newRegistry(seed: number): Registry {
  return {
    seed,
    requests: [],
    drafts: [],
    courses: [],
    sessions: [],
    officials: [],
    computers: [],
    mutationOrder: new Map(),
    clock: Date.parse('2026-03-02T13:00:00.000Z'),
  };
}

const WORDS = ['vía', 'vereda', 'alumbrado', 'acueducto', 'escuela', 'puente', 'salud', 'cultura', 'deporte', 'mercado', 'río', 'parque'];
const phrase = (rng: Rng, n = 3) => Array.from({ length: n }, () => rng.pick(WORDS) as string).join(' ');

type Action = (d: FaultDevice, reg: Registry, rng: Rng, now: Date) => Promise<string | null>;

/** The run's records of a table that this device holds, in creation order. */
async function held<T>(d: FaultDevice, table: string, ids: readonly string[]): Promise<T[]> {
  const rows = (await d.db.table(table).bulkGet([...ids])) as (T | undefined)[];
  return rows.filter((r): r is T => r !== undefined);
}

function pqrsdStepCandidates(rng: Rng, l: Parameters<typeof applyEvent>[0]): { date: string; action: PqrsdAction }[] {
  const from = l.pausedOn ?? l.receivedDate;
  const day = (n: number) => addBusinessDays(from, n);
  const due = l.dueDate ?? addBusinessDays(l.receivedDate, 15);
  return [
    { date: day(rng.int(3)), action: { type: 'asignar', dependencia: rng.pick(['Gobierno', 'Hacienda', 'Planeación']) as string, assignee: phrase(rng, 2) } },
    { date: day(rng.int(3)), action: { type: 'iniciar_tramite' } },
    { date: day(1), action: { type: 'prorrogar', newDueDate: addBusinessDays(due, rng.range(1, 5)), reason: 'Se requiere información de otra dependencia' } },
    { date: day(1), action: { type: 'trasladar', authority: 'Gobernación del Guaviare', copyToPetitioner: 'Oficio por correo', toldAtOnce: true } },
    { date: day(1), action: { type: 'solicitar_complemento', what: 'Copia del documento de identidad' } },
    { date: day(1), action: { type: 'ampliar_plazo_complemento' } },
    { date: day(rng.int(4)), action: { type: 'completar' } },
    { date: day(2), action: { type: 'desistir' } },
    {
      date: addBusinessDays(l.completionDeadline ?? from, 1),
      action: { type: 'desistimiento_tacito', act: { number: 'RES-1', date: addBusinessDays(l.completionDeadline ?? from, 1), notifiedBy: 'personal' } },
    },
    { date: day(rng.range(1, 4)), action: { type: 'responder', answer: `Respuesta: ${phrase(rng, 4)}`, denied: rng.chance(0.3), documentName: null } },
  ];
}

const file: Action = async (d, reg, rng, now) => {
  const type = rng.pick(Object.keys(PQRSD_TYPES) as PqrsdType[]) as PqrsdType;
  const receivedAt = `2026-03-${String(rng.range(2, 20)).padStart(2, '0')}T15:00:00.000Z`;
  const r = await fileRequest(
    d.db,
    d.ctx,
    {
      type,
      channel: rng.pick(['presencial', 'telefonico', 'escrito', 'correo', 'web'] as const) as 'web',
      receivedAt,
      citizen: { idType: 'CC', idNumber: String(rng.range(1_000_000, 99_999_999)), name: 'Persona de prueba', address: 'Miraflores' },
      subject: `Solicitud ${phrase(rng)}`,
      description: `Descripción ${phrase(rng, 6)}`,
      privacyNotice: { version: PRIVACY_NOTICE_VERSION, shownAt: receivedAt },
    },
    now,
  );
  reg.requests.push(r.id);
  return 'pqrsd';
};

const step: Action = async (d, reg, rng, now) => {
  const open = (await held<{ id: string; lifecycle: Parameters<typeof applyEvent>[0] }>(d, 'pqrsd', reg.requests)).filter((r) => isOpen(r.lifecycle));
  const r = rng.pick(open);
  if (!r) return null;
  const candidates = pqrsdStepCandidates(rng, r.lifecycle);
  for (let i = candidates.length; i > 0; i--) {
    const c = candidates.splice(rng.int(i), 1)[0] as { date: string; action: PqrsdAction };
    if (!applyEvent(r.lifecycle, c).ok) continue;
    await recordStep(d.db, d.ctx, { requestId: r.id, date: c.date, note: '', action: c.action }, now);
    return `pqrsd_event:${c.action.type}`;
  }
  return null;
};

const editRequest: Action = async (d, reg, rng, now) => {
  const r = rng.pick(await held<{ id: string }>(d, 'pqrsd', reg.requests));
  if (!r) return null;
  const field = rng.pick(['subject', 'description'] as const) as 'subject';
  await updateLocal(d.db, 'pqrsd', r.id, { [field]: `${field === 'subject' ? 'Asunto' : 'Detalle'} ${phrase(rng, 4)}` }, now);
  return 'pqrsd:update';
};

const draft: Action = async (d, reg, rng) => {
  const created = await newDraft(d.db, d.ctx, rng.pick(['noticias', 'eventos', 'normativa', 'contratacion'] as const) as 'noticias');
  reg.drafts.push(created.id);
  await saveWorkingCopy(d.db, created.id, { title: `Noticia ${phrase(rng)}`, body: `Texto ${phrase(rng, 8)}` });
  return 'portal_draft';
};

const editDraft: Action = async (d, reg, rng) => {
  const role = d.user.role;
  const mine = (await held<{ id: string; status: 'borrador'; createdBy: string }>(d, 'portal_draft', reg.drafts)).filter((x) => mayEditDraft(x, { id: d.user.id, role }));
  const x = rng.pick(mine);
  if (!x) return null;
  const field = rng.pick(['title', 'summary', 'body', 'tags'] as const);
  const value = field === 'tags' ? [rng.pick(WORDS) as string] : `${field} ${phrase(rng, field === 'body' ? 8 : 3)}`;
  await saveWorkingCopy(d.db, x.id, { [field as string]: value });
  return 'portal_draft:edit';
};

const portalStep: Action = async (d, reg, rng, now) => {
  const drafts = await held<{ id: string; status: 'borrador'; title: string; body: string }>(d, 'portal_draft', reg.drafts);
  const options = drafts.flatMap((x) => allowedPortalActions(x, d.user.role).map((a) => [x.id, a] as const));
  const pick = rng.pick(options);
  if (!pick) return null;
  await recordPortalStep(d.db, d.ctx, pick[0], pick[1], '', now);
  return `portal_step:${pick[1]}`;
};

const resolve: Action = async (d, reg, rng) => {
  const open = (await d.db.conflict.filter((c) => !c.resolved && reg.mutationOrder.has(c.mutationId)).toArray())
    .filter((c) => c.kind !== 'conflict' && isRecordKind(c.kind) && canWrite(d.user.role, c.kind))
    .sort((a, b) => (reg.mutationOrder.get(a.mutationId) ?? 0) - (reg.mutationOrder.get(b.mutationId) ?? 0) || a.field.localeCompare(b.field));
  const c = rng.pick(open);
  if (!c || !(await d.db.table(c.kind).get(c.recordId))) return null;
  await resolveConflict(d.db, c, rng.chance(0.5) ? 'server' : 'client');
  return 'conflict:resolve';
};

const official: Action = async (d, reg, rng) => {
  const idNumber = String(7_000_000_000 + (reg.seed % 100_000) * 10 + rng.int(8));
  const o = await addOfficial(d.db, d.ctx, {
    idType: 'CC',
    idNumber,
    fullName: `Servidor ${phrase(rng, 2)}`,
    dependencia: 'Gobierno',
    walkIn: d.user.role === 'trainer',
  });
  if (!reg.officials.includes(o.id)) reg.officials.push(o.id);
  return 'official';
};

/** An edit of one of the run's records of `kind` that this device holds (picked first, then `patchOf` draws the change). */
const editOf =
  (kind: 'official' | 'course' | 'computer', ids: (reg: Registry) => readonly string[], patchOf: (rng: Rng) => Record<string, unknown>): Action =>
  async (d, reg, rng, now) => {
    const r = rng.pick(await held<{ id: string }>(d, kind, ids(reg)));
    if (!r) return null;
    await updateLocal(d.db, kind, r.id, patchOf(rng), now);
    return `${kind}:update`;
  };

const editOfficial = editOf('official', (reg) => reg.officials, (rng) => ({ position: `Cargo ${phrase(rng, 2)}` }));

const course: Action = async (d, reg, rng) => {
  const scaleMax = rng.pick([5, 100]) as number;
  const c = await createCourse(d.db, d.ctx, { semester: '2026-1', name: `Ofimática ${phrase(rng, 2)}`, hours: 4, scaleMax, passThreshold: scaleMax * 0.6 });
  reg.courses.push(c.id);
  return 'course';
};

const editCourse = editOf('course', (reg) => reg.courses, (rng) => ({ name: `Curso ${phrase(rng, 2)}` }));

const session: Action = async (d, reg, rng) => {
  const c = rng.pick(await held<{ id: string }>(d, 'course', reg.courses));
  if (!c) return null;
  const people = (await held<{ id: string }>(d, 'official', reg.officials)).filter(() => rng.chance(0.7)).map((o) => o.id);
  const s = await createSession(d.db, d.ctx, {
    courseId: c.id,
    date: `2026-04-${String(rng.range(1, 28)).padStart(2, '0')}`,
    startTime: '08:00',
    endTime: '10:00',
    place: 'Biblioteca municipal',
    trainer: 'Capacitador',
    convened: people,
  });
  reg.sessions.push(s.id);
  return 'training_session';
};

const mark: Action = async (d, reg, rng, now) => {
  const s = rng.pick(await held<{ id: string }>(d, 'training_session', reg.sessions));
  const o = rng.pick(await held<{ id: string }>(d, 'official', reg.officials));
  if (!s || !o) return null;
  await markAttendance(d.db, d.ctx, { sessionId: s.id, officialId: o.id, status: rng.pick(['present', 'late', 'absent', 'excused'] as const) as 'present' }, now);
  return 'attendance_mark';
};

const evaluation: Action = async (d, reg, rng, now) => {
  const c = rng.pick(await held<{ id: string; scaleMax: number }>(d, 'course', reg.courses));
  const o = rng.pick(await held<{ id: string }>(d, 'official', reg.officials));
  if (!c || !o) return null;
  await recordEvaluation(d.db, d.ctx, { courseId: c.id, officialId: o.id, score: rng.int(c.scaleMax + 1), takenOn: '2026-04-30' }, now);
  return 'evaluation';
};

const goal: Action = async (d, _reg, rng, now) => {
  await setGoal(d.db, d.ctx, rng.range(1, 6) as 1, rng.pick(['2026-1', '2026-Q1', '2026-03']) as string, rng.int(101), now);
  return 'plan_goal';
};

const measurement: Action = async (d, reg, rng, now) => {
  const action = rng.pick([1, 4, 5, 6] as const) as 1 | 4 | 5 | 6;
  const ra = () => ({ requested: rng.int(1000), assigned: rng.int(1000) });
  const computers = await held<{ id: string }>(d, 'computer', reg.computers);
  const data: MeasurementData =
    action === 1
      ? { kind: 'connectivity', items: computers.map((c) => ({ computerId: c.id, connected: rng.chance(0.7), note: '' })) }
      : action === 4
        ? { kind: 'budget', gelLineCop: rng.int(1_000_000), totalBudgetCop: 1_000_000 + rng.int(1_000_000) }
        : action === 5
          ? { kind: 'resources', physical: ra(), economic: ra(), human: ra() }
          : { kind: 'manual', milestones: [{ milestone: 'drafted', date: '2026-03-01', document: '' }] };
  await recordMeasurement(d.db, d.ctx, { action, period: '2026-03', data }, now);
  return 'plan_measurement';
};

const computer: Action = async (d, reg, rng) => {
  const c = await addComputer(d.db, d.ctx, { code: `PC-${reg.seed}-${reg.computers.length}`, dependencia: rng.pick(['Gobierno', 'Hacienda']) as string });
  reg.computers.push(String(c.id));
  return 'computer';
};

const editComputer = editOf('computer', (reg) => reg.computers, (rng) => (rng.chance(0.7) ? { description: `Equipo ${phrase(rng, 2)}` } : { active: rng.chance(0.5) }));

/** A plan report of Control Interno's kind is the admin's too (created, then its summary edited). */
const report: Action = async (d, _reg, rng, now) => {
  await createLocal(d.db, d.ctx, 'plan_report', { semester: '2026-1', observations: { '1': phrase(rng, 4) }, summary: '' }, { now });
  return 'plan_report';
};

const ACTIONS = {
  file, step, editRequest, draft, editDraft, portalStep, resolve, official, editOfficial, course, editCourse, session,
  mark, evaluation, goal, measurement, computer, editComputer, report,
} satisfies Record<string, Action>;
type ActionName = keyof typeof ACTIONS;

const BY_ROLE: Partial<Record<Role, Partial<Record<ActionName, number>>>> = {
  official: { file: 3, step: 3, editRequest: 1, draft: 2, editDraft: 3, portalStep: 2, resolve: 1 },
  committee: { file: 1, step: 2, editRequest: 1, editDraft: 2, portalStep: 3, goal: 2, measurement: 2, computer: 1, editComputer: 2, resolve: 1 },
  trainer: { official: 2, course: 1, editCourse: 1, session: 2, mark: 5, evaluation: 3 },
  admin: {
    official: 2, editOfficial: 1, mark: 2, evaluation: 1, course: 1, editCourse: 1, goal: 1, measurement: 1, computer: 1,
    editComputer: 1, file: 1, step: 1, draft: 1, portalStep: 1, resolve: 1, report: 1,
  },
};

/**
 * One random action of `d`'s role. Returns what it wrote (null: nothing fitted). A refusal by
 * the device's own rules is a legitimate outcome, not a failure.
 */
export async function randomAction(d: FaultDevice, reg: Registry, rng: Rng): Promise<string | null> {
  const name = rng.weighted(BY_ROLE[d.user.role] ?? {}) as ActionName;
  reg.clock += 60_000;
  try {
    return await ACTIONS[name](d, reg, rng, new Date(reg.clock));
  } catch (err) {
    if (err instanceof AppError && ['INVALID_TRANSITION', 'RECORD_NOT_FOUND'].includes(err.code)) return null;
    throw err;
  }
}
