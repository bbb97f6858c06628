import { z } from 'zod/mini';
import { isIsoDate } from '../calendar';
import { idTypesBut, validateIdNumber } from '../identity';
import { redactionSchema } from '../habeas/redaction-schema';

const isoDate = z.string().check(z.refine(isIsoDate, 'Fecha AAAA-MM-DD'));
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Hora HH:MM'));

/** Semesters as the plan counts them: '2026-1' (Jan–Jun) and '2026-2' (Jul–Dec). */
export const semesterSchema = z.string().check(z.regex(/^(19|20|21)\d{2}-[12]$/, 'Semestre AAAA-1 o AAAA-2'));
export type Semester = z.infer<typeof semesterSchema>;

export function semesterRange(s: Semester): { from: string; to: string } {
  const [year, half] = s.split('-');
  return half === '1' ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}

export function semesterOf(date: string): Semester {
  return `${date.slice(0, 4)}-${date.slice(5, 7) <= '06' ? '1' : '2'}`;
}

/** One of the municipality's officials. Its id is derived from the ID document, so the same person added on two devices is one record. */
export const officialFieldsSchema = z.object({
    idType: z.enum(idTypesBut('SD', 'NIT')),
    idNumber: z.string().check(z.trim(), z.minLength(3), z.maxLength(30)),
    fullName: z.string().check(z.trim(), z.minLength(3, 'Escriba el nombre completo'), z.maxLength(200)),
    dependencia: z._default(z.string().check(z.trim(), z.maxLength(120)), ''),
    position: z._default(z.string().check(z.trim(), z.maxLength(120)), ''),
    active: z._default(z.boolean(), true),
    /** First and last day in office, to count who was an active official in a semester. */
    activeSince: z._default(z.nullable(isoDate), null),
    activeUntil: z._default(z.nullable(isoDate), null),
    /** Added by a trainer at a session, not (yet) confirmed by an admin. */
    walkIn: z._default(z.boolean(), false),
});
export const officialClientSchema = officialFieldsSchema.check(z.superRefine((o, ctx) => {
    const id = validateIdNumber(o.idType, o.idNumber);
    if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: id.message });
  }));
// Once anonymised (habeas data) the ID number is a placeholder, so it is checked only before.
export const officialSchema = z.safeExtend(officialFieldsSchema, {
    id: z.string(),
    municipality: z.string(),
    createdBy: z.string(),
    deviceId: z.string(),
    /** Set by the server when the person's name and ID were sealed under Ley 1581. */
    redacted: z.optional(z.nullable(redactionSchema)),
  }).check(z.superRefine((o, ctx) => {
    if (o.redacted) return;
    const id = validateIdNumber(o.idType, o.idNumber);
    if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: id.message });
  }));
export type Official = z.infer<typeof officialSchema>;
export type OfficialInput = z.input<typeof officialClientSchema>;
export const OFFICIAL_UPDATABLE_FIELDS = ['fullName', 'dependencia', 'position', 'active', 'activeSince', 'activeUntil', 'walkIn'] as const;

export const courseClientSchema = z.object({
  semester: semesterSchema,
  name: z.string().check(z.trim(), z.minLength(3), z.maxLength(120)),
  topics: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).check(z.maxLength(50)), []),
  hours: z.number().check(z.positive(), z.lte(500)),
  /** Highest score of the course's scale (e.g. 5 or 100). */
  scaleMax: z.number().check(z.positive(), z.lte(1000)),
  passThreshold: z.number().check(z.nonnegative()),
});
/** Nobody could pass a course whose pass mark is above its scale ("aprueba con 7 de 5"). */
const passWithinScale = (c: { passThreshold: number; scaleMax: number }) => c.passThreshold <= c.scaleMax;
const passAboveScale = () => ({ path: ['passThreshold'], message: 'La nota mínima para aprobar no puede ser mayor que la nota máxima de la escala' });
/** What a device sends to create a course: checked as a whole on the device and on the server. */
export const courseCreateSchema = courseClientSchema.check(z.refine(passWithinScale, passAboveScale()));
export const courseSchema = z.safeExtend(courseClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() }).check(z.refine(passWithinScale, passAboveScale()));
export type Course = z.infer<typeof courseSchema>;
export const COURSE_UPDATABLE_FIELDS = ['name', 'topics', 'hours', 'scaleMax', 'passThreshold'] as const;

export const sessionClientSchema = z.object({
  courseId: z.uuid(),
  date: isoDate,
  startTime: hhmm,
  endTime: hhmm,
  place: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
  trainer: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  /** Officials called to this session (ids). */
  convened: z._default(z.array(z.uuid()).check(z.maxLength(500)), []),
});
export const sessionSchema = z.safeExtend(sessionClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type TrainingSession = z.infer<typeof sessionSchema>;
export const SESSION_UPDATABLE_FIELDS = ['date', 'startTime', 'endTime', 'place', 'trainer', 'convened'] as const;

export const ATTENDANCE_STATUSES = { present: 'Presente', late: 'Llegó tarde', absent: 'Ausente', excused: 'Ausente con excusa' } as const;
export type AttendanceStatus = keyof typeof ATTENDANCE_STATUSES;
export const attendanceStatusSchema = z.enum(Object.keys(ATTENDANCE_STATUSES) as [AttendanceStatus, ...AttendanceStatus[]]);

/** Legal basis recorded with each mark (Ley 1581 de 2012): training of public servants is a legal duty of the entity. */
export const ATTENDANCE_LEGAL_BASIS = {
  version: '2026-1',
  text: 'Registro de asistencia y evaluación de servidores públicos para el plan institucional de capacitación (Decreto 1083 de 2015); tratamiento de datos según la Ley 1581 de 2012.',
} as const;

/** One tap on the attendance checklist: an append-only event, never edited. */
export const attendanceMarkClientSchema = z.object({
  sessionId: z.uuid(),
  officialId: z.uuid(),
  status: attendanceStatusSchema,
  /** When the trainer marked it, on the device's clock: the latest mark wins on screen. */
  markedAt: z.iso.datetime({ offset: true }),
  /** Signature drawn on the screen, as a small PNG data URL. */
  signature: z._default(z.nullable(z.string().check(z.maxLength(60_000), z.regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/))), null),
  legalBasisVersion: z.string().check(z.minLength(1), z.maxLength(20)),
});
export const attendanceMarkSchema = z.safeExtend(attendanceMarkClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type AttendanceMark = z.infer<typeof attendanceMarkSchema>;

/** One attempt at a course's evaluation: an append-only event; every attempt is kept. */
export const evaluationClientSchema = z.object({
  courseId: z.uuid(),
  officialId: z.uuid(),
  score: z.number().check(z.nonnegative(), z.lte(1000)),
  takenOn: isoDate,
  recordedAt: z.iso.datetime({ offset: true }),
});
export const evaluationSchema = z.safeExtend(evaluationClientSchema, { id: z.string(), municipality: z.string(), createdBy: z.string(), deviceId: z.string() });
export type Evaluation = z.infer<typeof evaluationSchema>;

/** Settings of the training indicators. */
export const trainingSettingsSchema = z.object({
  /** Share of the sessions an official was convened to that they must attend (present or late) to count as trained. */
  minAttendanceShare: z.number().check(z.gte(0), z.lte(1)),
  /** Excused absences count as attended (DOMAIN.md §7, §8); by default they count as absences. */
  excusedCountAsAttended: z.boolean(),
});
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;
export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = { minAttendanceShare: 0.8, excusedCountAsAttended: false };
export type OfficialIdType = OfficialInput['idType'];
