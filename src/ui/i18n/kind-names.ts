// The Spanish name of each record kind, with its gender, so every sentence about a record
// agrees ("Nueva solicitud", "Nuevo curso", "Cambio en la evaluación").

interface KindName {
  name: string;
  feminine: boolean;
}

const KINDS: Record<string, KindName> = {
  pqrsd: { name: 'solicitud', feminine: true },
  pqrsd_event: { name: 'paso de solicitud', feminine: false },
  official: { name: 'funcionario', feminine: false },
  course: { name: 'curso', feminine: false },
  training_session: { name: 'sesión de capacitación', feminine: true },
  attendance_mark: { name: 'marca de asistencia', feminine: true },
  evaluation: { name: 'evaluación', feminine: true },
  portal_draft: { name: 'contenido del portal', feminine: false },
  portal_step: { name: 'paso de publicación', feminine: false },
  portal_category: { name: 'sección del portal', feminine: true },
  plan_action: { name: 'acción del plan', feminine: true },
  plan_goal: { name: 'meta', feminine: true },
  plan_measurement: { name: 'medición', feminine: true },
  computer: { name: 'computador', feminine: false },
  gel_phase: { name: 'fase GEL', feminine: true },
  plan_report: { name: 'informe semestral', feminine: false },
  plan_signoff: { name: 'firma de informe', feminine: true },
  data_subject_request: { name: 'solicitud de datos personales', feminine: true },
  conflict: { name: 'decisión de conflicto', feminine: true },
  portal_revision: { name: 'revisión', feminine: true },
};

function kindOf(kind: string): KindName {
  return KINDS[kind] ?? { name: 'registro', feminine: false };
}

/** «solicitud», «curso» … (never the internal kind). */
export function kindName(kind: string): string {
  return kindOf(kind).name;
}

/** «Nueva solicitud», «Nuevo curso». */
export function newRecordOf(kind: string): string {
  const k = kindOf(kind);
  return `${k.feminine ? 'Nueva' : 'Nuevo'} ${k.name}`;
}

/** «la solicitud», «el curso». */
export function theRecord(kind: string): string {
  const k = kindOf(kind);
  return `${k.feminine ? 'la' : 'el'} ${k.name}`;
}

/** «Cambio en la solicitud», «Cambio en el curso». */
export function changeOf(kind: string): string {
  return `Cambio en ${theRecord(kind)}`;
}

/**
 * How people recognise a record: its title, name, radicado, code … (the first a row has), for a
 * sentence such as «el contenido del portal «Horarios de atención»». Null when it has none.
 */
export function recordTitle(row: Record<string, unknown> | undefined): string | null {
  if (!row) return null;
  for (const k of ['title', 'name', 'fullName', 'radicado', 'provisionalNumber', 'code', 'subject']) {
    const v = row[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}
