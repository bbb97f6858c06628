// The rural workload, made with the app's own commands (the same code a click runs): PQRSD
// filed at the window, a trainer's attendance checklists, and portal drafts typed in the
// editor. Isomorphic: runs in Node (fake-indexeddb) and in the page (the browser harness).
import type { GelDb, LocalPqrsd } from '../../src/db/database';
import type { DeviceContext } from '../../src/modules/local-records';
import { fileRequest, type FilingInput } from '../../src/modules/pqrsd/file-request';
import { derivedFields } from '../../src/modules/pqrsd/derived-fields';
import { newDraft, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { addOfficial, createCourse, createSession, markAttendance } from '../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { applyEvent, initialLifecycle } from '#shared/pqrsd/lifecycle';
import { DEFAULT_PQRSD_SETTINGS } from '#shared/pqrsd/lifecycle-schema';
import { PORTAL_CATEGORY_KEYS } from '#shared/portal/portal-schema';
import { PRIVACY_NOTICE_VERSION, type PqrsdType, type RecordKind } from '#shared/records';
import type { AttendanceStatus } from '#shared/training/training-schema';
import { createRng, type Rng } from './rng';
import { address, DEPENDENCIAS, personName, portalMarkdown, requestText } from './spanish';

export interface WorkloadSize {
  pqrsd: number;
  /** Attendance marks: sessions × officials. */
  sessions: number;
  officials: number;
  drafts: number;
}

export const FULL_WORKLOAD: WorkloadSize = { pqrsd: 1000, sessions: 10, officials: 50, drafts: 50 };
export const QUICK_WORKLOAD: WorkloadSize = { pqrsd: 100, sessions: 2, officials: 25, drafts: 5 };

const TYPES: readonly (readonly [PqrsdType, number])[] = [
  ['peticion_general', 30], ['peticion_particular', 20], ['peticion_documentos', 12], ['queja', 10], ['reclamo', 10],
  ['consulta', 5], ['sugerencia', 5], ['denuncia', 6], ['felicitacion', 2],
];
const CHANNELS = [['presencial', 60], ['telefonico', 10], ['escrito', 15], ['correo', 8], ['web', 7]] as const;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? B64[n & 63]! : '=');
  }
  return out;
}

/** A signature drawn on the pad: a small PNG, whose deflated pixels look random to gzip. */
export function signaturePng(rng: Rng): string {
  const bytes = new Uint8Array(rng.int(900, 1400));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < bytes.length; i++) bytes[i] = Math.floor(rng.next() * 256);
  return `data:image/png;base64,${base64(bytes)}`;
}

/** A request as an official types it at the window: received on a business morning of 2026. */
export function filingInput(rng: Rng, i: number): FilingInput {
  const type = rng.weighted(TYPES);
  const anonymous = type === 'denuncia' && rng.chance(0.4);
  const month = 1 + (i % 10);
  const day = rng.int(1, 28);
  const receivedAt = `2026-${pad(month)}-${pad(day)}T${pad(rng.int(13, 21))}:${pad(rng.int(0, 59))}:00.000Z`;
  const { subject, description } = requestText(rng, rng.int(3, 8));
  const citizen = anonymous
    ? { idType: 'SD' as const, idNumber: '', name: '', address: '' }
    : {
        idType: 'CC' as const,
        idNumber: String(rng.int(1, 9)) + String(rng.int(10000, 999999999)).padStart(rng.int(5, 9), '0'),
        name: personName(rng),
        address: address(rng),
        email: rng.chance(0.3) ? `ciudadano${i}@correo.com.co` : '',
        phone: rng.chance(0.6) ? `31${rng.int(0, 9)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}` : '',
      };
  return {
    type,
    channel: rng.weighted(CHANNELS),
    receivedAt,
    citizen,
    subject,
    description,
    attachments: rng.chance(0.3) ? ['Copia de la cédula', 'Fotografías del sitio'].slice(0, rng.int(1, 2)) : [],
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, shownAt: receivedAt },
  };
}

export interface FiledWorkload {
  counts: Record<string, number>;
  /** Wall time of each command (ms), by kind. */
  commandMs: Record<string, number[]>;
}

/** Files the whole workload on a device's database with the app's commands. */
export async function fileWorkload(db: GelDb, ctx: DeviceContext, size: WorkloadSize, seed = 20260310): Promise<FiledWorkload> {
  const rng = createRng(seed);
  const commandMs: Record<string, number[]> = { pqrsd: [], attendance_mark: [], portal_draft: [] };
  const timed = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    commandMs[kind]?.push(performance.now() - t0);
    return out;
  };
  for (let i = 0; i < size.pqrsd; i++) await timed('pqrsd', () => fileRequest(db, ctx, filingInput(rng, i)));

  const course = await createCourse(db, ctx, {
    semester: '2026-1',
    name: 'Ofimática básica: procesador de texto y hoja de cálculo',
    topics: ['Word: cartas y oficios', 'Excel: tablas y fórmulas', 'Correo institucional', 'Gobierno en Línea'],
    hours: 20,
    scaleMax: 5,
    passThreshold: 3,
  });
  const officials = [];
  for (let o = 0; o < size.officials; o++) {
    officials.push(
      await addOfficial(db, ctx, {
        idType: 'CC',
        idNumber: String(40_000_000 + o * 7919),
        fullName: personName(rng),
        dependencia: rng.pick(DEPENDENCIAS),
        position: rng.pick(['Auxiliar administrativo', 'Técnico operativo', 'Profesional universitario', 'Secretaria ejecutiva', 'Inspector']),
      }),
    );
  }
  for (let s = 0; s < size.sessions; s++) {
    const session = await createSession(db, ctx, {
      courseId: course.id,
      date: `2026-0${1 + (s % 6)}-${pad(5 + s)}`,
      startTime: '08:00',
      endTime: '12:00',
      place: rng.pick(['Sala de sistemas de la Alcaldía', 'Biblioteca municipal', 'Institución Educativa Miraflores']),
      trainer: 'Capacitador de ofimática',
      convened: officials.map((o) => o.id),
    });
    for (const o of officials) {
      const status = rng.weighted<AttendanceStatus>([['present', 75], ['late', 10], ['absent', 10], ['excused', 5]]);
      const signed = (status === 'present' || status === 'late') && rng.chance(0.25);
      await timed('attendance_mark', () =>
        markAttendance(db, ctx, { sessionId: session.id, officialId: o.id, status, signature: signed ? signaturePng(rng) : null }),
      );
    }
  }

  for (let d = 0; d < size.drafts; d++) {
    await timed('portal_draft', async () => {
      const draft = await newDraft(db, ctx, PORTAL_CATEGORY_KEYS[d % PORTAL_CATEGORY_KEYS.length]!);
      const text = portalMarkdown(rng, rng.int(2500, 6000));
      await saveWorkingCopy(db, draft.id, text);
    });
  }
  return {
    counts: { pqrsd: size.pqrsd, attendance_mark: size.sessions * size.officials, portal_draft: size.drafts, official: size.officials, course: 1, training_session: size.sessions },
    commandMs,
  };
}

/** Local bookkeeping the server never sees: every field the device keeps starts with `_`. */
const isLocalField = (k: string) => k.startsWith('_');
/** The kinds the workload writes (a renamed or removed kind stops the bench from compiling). */
export const SYNCED_KINDS = ['pqrsd', 'official', 'course', 'training_session', 'attendance_mark', 'portal_draft'] as const satisfies readonly RecordKind[];

/** The records of the workload as documents: what any sync system has to move. */
export async function workloadDocuments(db: GelDb): Promise<{ kind: string; doc: Record<string, unknown> }[]> {
  const out: { kind: string; doc: Record<string, unknown> }[] = [];
  for (const kind of SYNCED_KINDS) {
    for (const row of (await db.table(kind).toArray()) as Record<string, unknown>[]) {
      out.push({ kind, doc: Object.fromEntries(Object.entries(row).filter(([k]) => !isLocalField(k))) });
    }
  }
  return out;
}

/**
 * 10,000 requests as a device holds them after months of work: the real record shape, search
 * words and lifecycles moved by real steps (assigned, in progress, answered...).
 */
export function seedRequests(n: number, me: { userId: string; username: string }, seed = 7): LocalPqrsd[] {
  const rng = createRng(seed);
  const rows: LocalPqrsd[] = [];
  const assignees = ['funcionario', 'jrojas', 'mgomez', 'lcastro', 'dmoreno'];
  for (let i = 0; i < n; i++) {
    const input = filingInput(rng, i);
    const year = 2025 + (i % 2);
    const receivedAt = input.receivedAt.replace('2026', String(year));
    const citizen = { address: '', email: '', phone: '', ...input.citizen };
    const fields = { ...input, citizen, receivedAt, attachments: input.attachments ?? [], files: [], provisionalNumber: `P-BE0C-${pad(i + 1, 4)}`, verificationCode: 'ABCDEFGH' };
    let lifecycle = initialLifecycle(fields.type, receivedAt, DEFAULT_PQRSD_SETTINGS);
    const day = lifecycle.receivedDate;
    const roll = rng.next();
    if (roll > 0.25) {
      const r = applyEvent(lifecycle, { date: day, action: { type: 'asignar', dependencia: rng.pick(DEPENDENCIAS), assignee: rng.pick(assignees) } }, DEFAULT_PQRSD_SETTINGS);
      if (r.ok) lifecycle = r.lifecycle;
    }
    if (roll > 0.45) {
      const r = applyEvent(lifecycle, { date: day, action: { type: 'iniciar_tramite' } }, DEFAULT_PQRSD_SETTINGS);
      if (r.ok) lifecycle = r.lifecycle;
    }
    if (roll > 0.6) {
      const r = applyEvent(lifecycle, { date: day, action: { type: 'responder', answer: 'Se atendió la solicitud con visita técnica.', denied: false, documentName: null } }, DEFAULT_PQRSD_SETTINGS);
      if (r.ok) lifecycle = r.lifecycle;
    }
    const radicado = rng.chance(0.9) ? `95200-${year}-${pad(i + 1, 6)}` : null;
    const base = { ...fields, radicado, intakeDependencia: null, heldBy: [] };
    rows.push({
      ...base,
      id: uuidv7(Date.parse(receivedAt)),
      municipality: '95200',
      createdBy: rng.chance(0.3) ? me.userId : `user-${rng.int(1, 8)}`,
      deviceId: 'bench-device',
      lifecycle,
      _base: lifecycle,
      _rev: radicado ? 1 : 0,
      _sync: radicado ? 'synced' : 'pending',
      ...derivedFields(base, lifecycle),
    } as LocalPqrsd);
  }
  return rows;
}
