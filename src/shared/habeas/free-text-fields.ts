// Where people write whatever they want: the fields a person's name or ID number can end up in
// besides the structured ones (the petitioner, the roster entry). Declared for every kind, so
// a kind added later fails to compile until someone decides what of it is free text.
import type { RecordKind } from '../records';

export interface FreeTextField {
  /** Dot path; `*` is every element of a list or every value of a map. */
  path: string;
  /** Spanish name of the field, for the officer. */
  label: string;
}

const PLAN_ACTION: FreeTextField[] = [
  { path: 'name', label: 'Acción del plan' },
  { path: 'benefit', label: 'Beneficio de la acción' },
  { path: 'indicator', label: 'Indicador de la acción' },
  { path: 'activities', label: 'Actividades de la acción' },
  { path: 'responsible', label: 'Responsable de la acción' },
  { path: 'resources', label: 'Recursos de la acción' },
];

/** The free text of a portal draft's content, under `prefix` (the draft or one of its snapshots). */
function draftText(prefix: string, which: string): FreeTextField[] {
  return [
    { path: 'title', label: 'Título de la publicación' },
    { path: 'summary', label: 'Resumen de la publicación' },
    { path: 'body', label: 'Texto de la publicación' },
    { path: 'tags.*', label: 'Etiquetas' },
    { path: 'images.*.alt', label: 'Descripción de imagen' },
    { path: 'images.*.name', label: 'Nombre de imagen' },
  ].map((f) => ({ path: prefix + f.path, label: f.label + which }));
}

export const FREE_TEXT_FIELDS: Record<RecordKind, readonly FreeTextField[]> = {
  pqrsd: [
    { path: 'subject', label: 'Asunto' },
    { path: 'description', label: 'Descripción' },
    { path: 'attachments.*', label: 'Documentos entregados' },
    { path: 'files.*.name', label: 'Nombre de archivo adjunto' },
    // Copies the request keeps of its steps (derived from them, so redacted alike).
    { path: 'lifecycle.extensionReason', label: 'Motivo de la prórroga' },
    { path: 'lifecycle.assignee', label: 'Responsable' },
  ],
  pqrsd_event: [
    { path: 'note', label: 'Nota del paso' },
    { path: 'action.answer', label: 'Respuesta' },
    { path: 'action.reason', label: 'Motivo de la prórroga' },
    { path: 'action.what', label: 'Qué debe completar el ciudadano' },
    { path: 'action.assignee', label: 'Responsable' },
    { path: 'action.documentName', label: 'Documento de respuesta' },
  ],
  // Name and document are the structured data itself (rectified or sealed, not searched).
  official: [],
  // The entity's own public data: no citizen's data.
  municipality_profile: [],
  course: [
    { path: 'name', label: 'Nombre del curso' },
    { path: 'topics.*', label: 'Temas del curso' },
  ],
  training_session: [
    { path: 'place', label: 'Lugar de la sesión' },
    { path: 'trainer', label: 'Capacitador' },
  ],
  attendance_mark: [],
  evaluation: [],
  portal_category: [],
  // The text being edited, and the copies the approval and the publication keep of it: the
  // portal shows the published copy, so a name left there stays public.
  portal_draft: [...draftText('', ''), ...draftText('approval.content.', ' (versión aprobada)'), ...draftText('publication.content.', ' (publicada en el portal)')],
  portal_step: [{ path: 'note', label: 'Nota del paso de publicación' }],
  // A revision keeps the text before and after each edit: whatever the field held.
  portal_revision: [
    { path: 'changes.*.before', label: 'Historial: versión anterior' },
    { path: 'changes.*.after', label: 'Historial: versión nueva' },
  ],
  plan_action: PLAN_ACTION,
  plan_goal: [],
  computer: [{ path: 'description', label: 'Descripción del equipo' }],
  plan_measurement: [
    { path: 'data.items.*.note', label: 'Nota de conectividad' },
    { path: 'data.milestones.*.document', label: 'Documento del manual' },
  ],
  gel_phase: [
    { path: 'criteria.*.text', label: 'Criterio de la fase' },
    { path: 'evidence.*.label', label: 'Evidencia de la fase' },
  ],
  plan_report: [
    { path: 'observations.*', label: 'Observaciones del informe' },
    { path: 'summary', label: 'Resumen del informe' },
  ],
  plan_signoff: [],
  data_subject_request: [
    { path: 'description', label: 'Descripción' },
    { path: 'answer.summary', label: 'Respuesta' },
    { path: 'extension.reason', label: 'Motivo de la prórroga' },
    { path: 'incomplete.what', label: 'Requerimiento al titular' },
    { path: 'transfer.to', label: 'Traslado a' },
  ],
  // The two values of a field in conflict: any field, so any text in them.
  conflict: [
    { path: 'serverValue', label: 'Conflicto: valor del servidor' },
    { path: 'clientValue', label: 'Conflicto: valor del dispositivo' },
  ],
};

export interface FreeTextValue {
  /** Concrete path, e.g. `attachments.2` or `changes.0.after.body`. */
  path: string;
  label: string;
  value: string;
}

/** Keys whose strings are never prose: file hashes and inline images. */
const NOT_TEXT = new Set(['hash', 'dataUrl', 'id']);

function* leaves(value: unknown, path: string): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') {
    if (!value.startsWith('data:')) yield { path, value };
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* leaves(v, `${path}.${i}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!NOT_TEXT.has(k)) yield* leaves(v, `${path}.${k}`);
  }
}

function* walk(value: unknown, segments: string[], path: string): Generator<{ path: string; value: string }> {
  if (segments.length === 0) {
    yield* leaves(value, path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const [head, ...rest] = segments as [string, ...string[]];
  const join = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (head === '*') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (const [k, v] of entries) yield* walk(v, rest, join(k));
  } else if (Object.hasOwn(value, head)) {
    yield* walk((value as Record<string, unknown>)[head], rest, join(head));
  }
}

/** Every free-text string of a record, with where it is. */
export function freeTextValues(kind: RecordKind, data: Record<string, unknown>): FreeTextValue[] {
  const out: FreeTextValue[] = [];
  for (const f of FREE_TEXT_FIELDS[kind]) {
    for (const leaf of walk(data, f.path.split('.'), '')) out.push({ ...leaf, label: f.label });
  }
  return out;
}

/** A copy of `data` with the string at a concrete path replaced (the path must exist). */
export function withValueAt(data: Record<string, unknown>, path: string, value: string): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const current = (data as Record<string, unknown>)[head];
  const next = rest.length === 0 ? value : withValueAt(current as Record<string, unknown>, rest.join('.'), value);
  if (Array.isArray(data)) {
    const copy = [...(data as unknown[])];
    copy[Number(head)] = next;
    return copy as unknown as Record<string, unknown>;
  }
  return { ...data, [head]: next };
}
