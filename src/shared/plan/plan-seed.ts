// The action plan as written: the six actions of the "MARCO OPERATIVO" and the Gobierno en Línea
// phases of Decreto 1151 de 2008 (seed/plan-de-accion-gel-miraflores.txt). A municipality's
// records start from these texts and the committee may edit them.

import type { GelPhase, PlanAction } from './plan-schema';

/** Fixed id of action `n` (1–6), the same on every device: 00000000-0000-4000-8001-00000000000n. */
export function planActionId(n: number): string {
  return `00000000-0000-4000-8001-${String(n).padStart(12, '0')}`;
}

/** Fixed id of Gobierno en Línea phase `n` (1–5): 00000000-0000-4000-8002-00000000000n. */
export function gelPhaseId(n: number): string {
  return `00000000-0000-4000-8002-${String(n).padStart(12, '0')}`;
}

export const PLAN_ACTIONS_SEED: Omit<PlanAction, 'id' | 'municipality'>[] = [
  {
    number: 1,
    name: 'Garantizar a través de los distintos recursos de la Administración Municipal, la Conectividad necesaria y suficiente para la sostenibilidad de la Estrategia.',
    benefit: 'Sostenibilidad de la Estrategia en el Municipio',
    indicator: '% de Computadores con Conectividad',
    activities: 'Gestionar con el Operador que permita tener un excelente nivel de conectividad del Municipio',
    responsible: 'Comité Gel-t - Alcalde Municipal - Secretarios',
    resources: 'Equipos',
    frequency: 'monthly',
    unit: '%',
  },
  {
    number: 2,
    name: 'Capacitación en ofimática para los miembros del Comité Local de Gobierno En Línea Territorial y los funcionarios de la Administración Municipal.',
    benefit: 'Conocimiento de los Funcionarios de todos los procesos del Programa GEL-T, para orientar a la Comunidad',
    indicator: '% de Funcionarios Capacitados - Evaluaciones superadas por los Funcionarios',
    activities: 'Capacitaciones semestrales en Ofimática en la Administración Municipal',
    responsible: 'Comité Gel-t - Oficina de Control Interno',
    resources: 'Documentación, Equipos.',
    frequency: 'semiannual',
    unit: '%',
  },
  {
    number: 3,
    name: 'Actualización permanente del portal Web municipal en sus diferentes canales',
    benefit: 'Información pertinente y actualizada',
    indicator: 'Frecuencia de acuerdo al Manual de Implementación',
    activities: 'Búsqueda, Categorización y Publicación de la Información',
    responsible: 'Los designados por el Comité Gel-t',
    resources: 'Archivos - Documentos de las Dependencias',
    // The seed says "DE ACUERDO AL MANUAL DE IMPLEMENTACIÓN": the publication frequency varies
    // per portal category (see portal category settings); the action's compliance (share of
    // categories up to date) is checked quarterly.
    frequency: 'quarterly',
    unit: '%',
  },
  {
    number: 4,
    name: 'Programación e impulso de la apropiación presupuestal necesaria para el sostenimiento de la Estrategia de Gobierno En Línea Territorial en el Municipio.',
    benefit: 'Sostenibilidad de la Estrategia en el Municipio',
    indicator: '% de Participación en el Presupuesto Municipal',
    activities: 'Inclusión del rubro en el Proyecto de Presupuesto Municipal',
    responsible: 'Alcalde Municipal, Secretarios',
    resources: '',
    frequency: 'annual',
    unit: '%',
  },
  {
    number: 5,
    name: 'Garantizar los recursos físicos, económicos y humanos necesarios para el éxito de la estrategia.',
    benefit: 'Sostenibilidad de la Estrategia en el Municipio',
    indicator: '% de Recursos Asignados',
    activities: 'Gestionar ante los entes necesarios los recursos según sea su tipo',
    responsible: 'Alcalde Municipal, Secretarios',
    resources: '',
    frequency: 'quarterly',
    unit: '%',
  },
  {
    number: 6,
    // The seed's scan garbles this row ("de l fui proc para L Go …"); restored from the "MARCO DE ACCIÓN".
    name: 'Diseño e implementación de manual de funciones y procedimientos para el Comité Local de Gobierno En Línea Territorial',
    benefit: 'Conocimiento y Compromiso de los Funcionarios de todos los procesos del Programa GEL-T, para orientar a la Comunidad',
    indicator: 'Manual de Gestión (adoptado)',
    activities: 'Diseñar el manual de funciones y procedimientos del Comité Gel-t',
    responsible: 'Comité Gel-t',
    resources: 'Información interna de la Administración',
    frequency: 'annual',
    unit: '%',
  },
];

const phase = (
  number: number,
  name: string,
  currentName: string,
  nationalDeadline: string,
  territorialDeadline: string,
  criteria: string[],
): Omit<GelPhase, 'id' | 'municipality'> => ({
  number,
  name,
  currentName,
  nationalDeadline,
  territorialDeadline,
  criteria: criteria.map((text) => ({ text, met: false })),
  evidence: [],
  status: 'pendiente',
});

/** Decreto 1151 de 2008 phases with their deadlines; currentName maps each onto Gobierno Digital (Decreto 767 de 2022). */
export const GEL_PHASES_SEED: Omit<GelPhase, 'id' | 'municipality'>[] = [
  phase(1, 'Información', 'Estado abierto: transparencia y acceso a la información pública', '2008-06-01', '2008-11-01', [
    'Sitio web municipal publicado y disponible',
    'Información de la entidad publicada (misión, visión, funciones, organigrama y directorio)',
    'Normativa, presupuesto, planes e informes publicados y actualizados',
    'Menú "Transparencia y acceso a la información pública" completo (Ley 1712 de 2014)',
    'Datos de contacto, horarios y sedes de atención publicados',
  ]),
  phase(2, 'Interacción', 'Servicios ciudadanos digitales: canales de atención y PQRSD en línea', '2008-12-01', '2009-12-01', [
    'Formulario de PQRSD en línea con radicado y acuse de recibo',
    'Correo electrónico institucional publicado y respondido dentro de los términos',
    'Buscador, preguntas frecuentes y mapa del sitio disponibles',
    'Consulta en línea del estado de las solicitudes',
  ]),
  phase(3, 'Transacción', 'Servicios y procesos inteligentes: trámites y servicios en línea', '2009-12-01', '2010-12-01', [
    'Trámites y servicios inscritos en el SUIT',
    'Al menos un trámite disponible totalmente en línea',
    'Certificados, constancias o pagos disponibles en línea',
    'Procesos de contratación publicados en el SECOP',
  ]),
  phase(4, 'Transformación', 'Arquitectura, interoperabilidad y procesos internos digitales', '2010-06-01', '2011-12-01', [
    'Procesos internos apoyados en sistemas de información (intranet)',
    'Intercambio de información con otras entidades (interoperabilidad)',
    'Trámites integrados con otras entidades (ventanilla única)',
    'Política de eficiencia administrativa y cero papel adoptada',
  ]),
  phase(5, 'Democracia', 'Estado abierto: participación ciudadana digital y datos abiertos', '2010-12-01', '2012-12-01', [
    'Consultas y encuestas ciudadanas en línea',
    'Rendición de cuentas con participación en línea',
    'Participación en línea en la formulación de planes, programas y normas',
    'Datos abiertos publicados',
  ]),
];
