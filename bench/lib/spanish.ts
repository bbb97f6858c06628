// Spanish text of the sizes and the vocabulary the officials of Miraflores (Guaviare) write:
// requests about roads, water, schools and health posts in the veredas, and portal pages in
// Markdown. Built from phrase pools so 1,000 requests are not 1,000 copies of one sentence
// (which gzip would squeeze to nothing and flatter the physical limit).
import type { Rng } from './rng';

export const FIRST_NAMES = [
  'María', 'José', 'Luz Marina', 'Carlos', 'Ana Milena', 'Jorge Iván', 'Sandra', 'Luis Eduardo', 'Diana Carolina', 'Fredy',
  'Yolanda', 'Wilson', 'Gloria Inés', 'Édgar', 'Martha Lucía', 'Hernando', 'Nelly', 'Jhon Jairo', 'Rosa Elena', 'Albeiro',
  'Claudia Patricia', 'Óscar', 'Leidy Johana', 'Arley', 'Deisy', 'Yesid', 'Maribel', 'Rubiel', 'Eliana', 'Norberto',
];
export const LAST_NAMES = [
  'Pérez', 'Rojas', 'Gómez', 'Castro', 'Moreno', 'Rodríguez', 'Martínez', 'Hernández', 'Díaz', 'Muñoz', 'Vargas', 'Sánchez',
  'Ramírez', 'Torres', 'Quintero', 'Cárdenas', 'Guzmán', 'Ospina', 'Barrera', 'Caicedo', 'Peña', 'Londoño', 'Salazar', 'Bermúdez',
];
export const VEREDAS = [
  'Lagos', 'El Progreso', 'Puerto Nare', 'Barranquillita', 'La Yuquera', 'Buenos Aires', 'Caño Tigre', 'La Esperanza', 'Bocas del Vaupés',
  'Tucunaré', 'Las Palmeras', 'Cachivera', 'Mitú Viejo', 'Caño Raya', 'El Refugio', 'San Luis del Guaviare', 'La Ceiba', 'Morichal',
];
export const DEPENDENCIAS = [
  'Secretaría de Gobierno', 'Secretaría de Planeación', 'Secretaría de Salud', 'Secretaría de Educación', 'Tesorería',
  'Inspección de Policía', 'Comisaría de Familia', 'UMATA', 'Personería', 'Oficina Jurídica', 'Almacén', 'Control Interno',
];
const TOPICS = [
  ['la vía veredal', 'está intransitable', 'las lluvias de la temporada'],
  ['el puente peatonal', 'tiene tablas sueltas y barandas caídas', 'la creciente del caño'],
  ['el acueducto veredal', 'no entrega agua desde hace dos semanas', 'un daño en la bocatoma'],
  ['la escuela rural', 'necesita reparación del techo', 'el vendaval del mes pasado'],
  ['el puesto de salud', 'no tiene médico ni enfermera fija', 'la falta de contratación'],
  ['el alumbrado público', 'lleva un mes apagado', 'un transformador quemado'],
  ['la recolección de basuras', 'no pasa por el sector', 'la falta de combustible del carro recolector'],
  ['el subsidio del adulto mayor', 'no ha sido pagado', 'un error en el listado del programa'],
  ['la licencia de construcción', 'no ha sido resuelta', 'la demora en la visita técnica'],
  ['el certificado de residencia', 'es requerido con urgencia', 'un trámite ante el banco agrario'],
  ['la cancha múltiple', 'está deteriorada', 'la falta de mantenimiento'],
  ['el transporte escolar', 'no recoge a los niños', 'el mal estado de la lancha'],
  ['el ruido del establecimiento', 'no deja dormir a los vecinos', 'la música a alto volumen hasta la madrugada'],
  ['la entrega de semillas', 'se hizo sin listado público', 'la falta de socialización del programa'],
  ['el impuesto predial', 'llegó con un valor equivocado', 'un error en el avalúo catastral'],
  ['la atención en la ventanilla', 'fue demorada y descortés', 'la falta de personal'],
] as const;
const OPENERS = [
  'Respetuosamente me dirijo a la Alcaldía para informar que',
  'Los habitantes de la vereda solicitamos que se revise la situación porque',
  'Presento esta petición en ejercicio del derecho fundamental de petición, dado que',
  'Por medio de la presente queremos poner en conocimiento que',
  'Como presidente de la junta de acción comunal informo que',
  'Acudo a esta dependencia porque',
  'Quiero dejar constancia de que',
];
const DETAILS = [
  'La comunidad ha hecho varios llamados sin obtener respuesta.',
  'Hay familias con niños y adultos mayores afectados.',
  'Adjunto las fotografías tomadas por los vecinos.',
  'Los productores no pueden sacar la cosecha de plátano y yuca al casco urbano.',
  'Solicito una visita técnica lo antes posible.',
  'La situación se presenta desde hace más de un mes.',
  'Ya se informó al inspector de policía, quien sugirió radicar esta solicitud.',
  'Pedimos que se nos informe el número de radicado y el plazo de respuesta.',
  'Los estudiantes deben caminar más de una hora para llegar a clase.',
  'Se requiere apoyo con maquinaria amarilla y material de afirmado.',
  'Agradezco la atención prestada y quedo atento a la respuesta por escrito.',
  'En la última reunión de la junta se acordó presentar esta petición.',
  'Solicitamos copia del contrato y del acta de inicio de la obra.',
  'El concejal del sector también conoce el caso.',
  'Pido que la respuesta se envíe a la dirección indicada o por correo electrónico.',
  'Es la tercera vez que se presenta este problema en el año.',
];
const PORTAL_SUBJECTS = [
  'Rendición de cuentas', 'Plan de desarrollo municipal', 'Jornada de vacunación', 'Convocatoria de contratación',
  'Programa de alimentación escolar', 'Mantenimiento de vías terciarias', 'Presupuesto participativo', 'Calendario tributario',
  'Festival del río Vaupés', 'Audiencia pública', 'Informe de gestión', 'Plan anticorrupción y de atención al ciudadano',
];

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

export function address(rng: Rng): string {
  return rng.chance(0.6)
    ? `Vereda ${rng.pick(VEREDAS)}, finca ${rng.pick(['El Porvenir', 'La Fortuna', 'Villa Luz', 'El Recreo', 'Los Naranjos', 'Bella Vista'])}`
    : `Calle ${rng.int(1, 12)} # ${rng.int(1, 20)}-${rng.int(2, 60)}, barrio ${rng.pick(['Centro', 'El Triunfo', 'Brisas del Vaupés', 'La Unión', 'Villa Diana'])}, Miraflores`;
}

/** A request: its subject line and a description of `sentences` sentences. */
export function requestText(rng: Rng, sentences: number): { subject: string; description: string } {
  const [thing, problem, cause] = rng.pick(TOPICS);
  const vereda = rng.pick(VEREDAS);
  const subject = `${thing.charAt(0).toUpperCase()}${thing.slice(1)} de ${vereda} ${problem}`.slice(0, 190);
  const parts = [`${rng.pick(OPENERS)} ${thing} de la vereda ${vereda} ${problem}, al parecer por ${cause}.`];
  const days = rng.int(3, 90);
  parts.push(`Desde hace ${days} días la situación afecta a unas ${rng.int(4, 120)} familias del sector.`);
  for (let i = 2; i < sentences; i++) parts.push(rng.pick(DETAILS));
  return { subject, description: parts.join(' ') };
}

/** A portal page in Markdown of about `targetChars` characters, with headings, lists and a table. */
export function portalMarkdown(rng: Rng, targetChars: number): { title: string; summary: string; body: string; tags: string[] } {
  const topic = rng.pick(PORTAL_SUBJECTS);
  const year = 2026;
  const title = `${topic} ${year}: información para la comunidad de Miraflores`;
  const summary = `La Alcaldía de Miraflores informa a la comunidad sobre ${topic.toLowerCase()} y los pasos para participar.`;
  const out: string[] = [`## ${topic}`, '', summary, ''];
  let section = 0;
  while (out.join('\n').length < targetChars) {
    section++;
    out.push(`### ${rng.pick(['Qué es', 'Quiénes participan', 'Fechas y lugares', 'Requisitos', 'Resultados', 'Cómo participar'])} (${section})`, '');
    const [thing, problem, cause] = rng.pick(TOPICS);
    out.push(
      `Durante el ${rng.pick(['primer', 'segundo'])} semestre la administración atendió ${rng.int(10, 400)} solicitudes sobre ${thing}, ` +
        `que ${problem} en varias veredas por ${cause}. ${rng.pick(DETAILS)} ${rng.pick(DETAILS)}`,
      '',
    );
    if (rng.chance(0.5)) {
      for (let i = 0; i < rng.int(3, 6); i++) {
        out.push(`- **Vereda ${rng.pick(VEREDAS)}**: ${rng.pick(DETAILS).toLowerCase()} Responsable: ${rng.pick(DEPENDENCIAS)}.`);
      }
      out.push('');
    } else {
      out.push('| Dependencia | Solicitudes | Atendidas |', '|---|---:|---:|');
      for (let i = 0; i < rng.int(3, 5); i++) {
        const n = rng.int(5, 80);
        out.push(`| ${rng.pick(DEPENDENCIAS)} | ${n} | ${rng.int(0, n)} |`);
      }
      out.push('');
    }
    if (rng.chance(0.3)) out.push(`Más información en la [sede electrónica](https://www.miraflores-guaviare.gov.co/${topic.toLowerCase().replace(/[^a-z]+/g, '-')}).`, '');
  }
  const tags = [topic.toLowerCase().slice(0, 40), rng.pick(['comunidad', 'transparencia', 'participación', 'veredas', 'gestión'])];
  return { title, summary, body: out.join('\n'), tags };
}
