// The Spanish name of each field a person fills, as the screens label it: used wherever a
// message or a screen must say which field it speaks of without the input beside it (the
// conflicts inbox, a refusal shown away from its form). Paths are the schemas' own (dotted).

/** Labels shared by every kind that has a field of that name. */
const COMMON: Record<string, string> = {
  name: 'Nombre',
  fullName: 'Nombre completo',
  idType: 'Tipo de documento',
  idNumber: 'Número de documento',
  dependencia: 'Dependencia',
  position: 'Cargo',
  activeSince: 'Activo desde',
  activeUntil: 'Activo hasta',
  active: 'Activo',
  walkIn: 'Asistente no convocado',
  description: 'Descripción',
  subject: 'Asunto',
  summary: 'Resumen',
  title: 'Título',
  body: 'Texto',
  category: 'Sección del portal',
  tags: 'Etiquetas',
  images: 'Imágenes',
  eventDate: 'Fecha del evento',
  date: 'Fecha',
  startTime: 'Hora de inicio',
  endTime: 'Hora de fin',
  place: 'Lugar',
  trainer: 'Capacitador',
  convened: 'Convocados',
  semester: 'Semestre',
  topics: 'Temas',
  hours: 'Horas',
  scaleMax: 'Nota máxima',
  passThreshold: 'Nota mínima para aprobar',
  score: 'Nota',
  takenOn: 'Fecha de la evaluación',
  status: 'Estado',
  code: 'Código del computador',
  value: 'Meta (%)',
  period: 'Periodo',
  benefit: 'Beneficio',
  indicator: 'Indicador',
  activities: 'Actividades',
  responsible: 'Responsable',
  resources: 'Recursos',
  frequency: 'Frecuencia',
  frequencyDays: 'Frecuencia (días)',
  criteria: 'Criterios',
  evidence: 'Evidencia',
  observations: 'Observaciones',
  answer: 'Respuesta',
  extension: 'Prórroga',
  person: 'Titular de los datos',
  receivedAt: 'Fecha y hora de recibido',
  receivedOn: 'Fecha de recibido',
  type: 'Tipo',
  channel: 'Canal',
  attachments: 'Documentos entregados',
  files: 'Archivos adjuntos',
  username: 'Usuario',
  displayName: 'Nombre',
  role: 'Rol',
  password: 'Contraseña',
  newPassword: 'Contraseña nueva',
  currentPassword: 'Contraseña actual',
  'citizen.idType': 'Tipo de documento del peticionario',
  'citizen.idNumber': 'Número de documento del peticionario',
  'citizen.name': 'Nombre del peticionario',
  'citizen.address': 'Dirección',
  'citizen.email': 'Correo electrónico',
  'citizen.phone': 'Teléfono',
  'person.idNumber': 'Número de documento',
  'person.name': 'Nombre',
};

/** Where a kind names a field differently from the rest. */
const BY_KIND: Record<string, Record<string, string>> = {
  portal_draft: { body: 'Texto del contenido', title: 'Título del contenido', summary: 'Resumen del contenido' },
  plan_report: { summary: 'Conclusión del informe' },
  course: { name: 'Nombre del curso' },
  computer: { description: 'Descripción del computador' },
};

/**
 * The label of a field (a dotted path such as `citizen.idNumber`), for a kind when given: the
 * kind's own, else the common one, else the nearest labelled parent (`data.gelLineCop` →
 * the label of `data` when there is one); null when nothing is known (never the raw name).
 */
export function fieldLabel(path: string, kind?: string): string | null {
  const own = kind ? BY_KIND[kind] : undefined;
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const label = own?.[p] ?? COMMON[p];
    if (label) return label;
  }
  // A list item (`tags.2`) or a field inside one: its last named part may be known.
  const last = path.split('.').filter((s) => !/^\d+$/.test(s)).pop();
  return last ? (own?.[last] ?? COMMON[last] ?? null) : null;
}
