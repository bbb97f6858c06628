// The person's data as CSV: one row per record and field, nested values flattened to dotted
// paths, with the same writer (`;`, CRLF, UTF-8 BOM, no formulas) as every other export.
import { toCsv, type CellValue } from '../export/csv';
import type { Dossier, DossierItem } from './api';

export const DOSSIER_CSV_HEADERS = ['Sección', 'Tipo de registro', 'Identificador', 'Campo', 'Valor'];

/** A drawn signature is an image: the JSON export carries it whole. */
const SIGNATURE_NOTE = '(firma dibujada: ver la exportación JSON)';

/** `{ a: { b: 1 }, c: [x, y] }` → `a.b = 1`, `c.0 = x`, `c.1 = y`; empty objects and arrays stay visible. */
export function flatten(value: unknown, prefix = ''): [string, CellValue][] {
  if (value === null || value === undefined) return [[prefix, null]];
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, '']];
    return value.flatMap((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [[prefix, '']];
    return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  if (typeof value === 'string' && value.startsWith('data:image/')) return [[prefix, SIGNATURE_NOTE]];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return [[prefix, value]];
  return [[prefix, String(value)]];
}

function rows(section: string, item: DossierItem): CellValue[][] {
  const meta: [string, CellValue][] = [
    ['_revision', item.rev],
    ['_actualizado', item.updatedAt],
  ];
  return [...flatten(item.data), ...meta].map(([field, value]) => [section, item.kind, item.id, field, value]);
}

export function dossierCsv(d: Dossier): string {
  const out: CellValue[][] = [
    ['Consulta', 'persona', '', 'tipo de documento', d.person.idType],
    ['Consulta', 'persona', '', 'número de documento', d.person.idNumber],
    ['Consulta', 'persona', '', 'municipio', d.municipality],
    ['Consulta', 'persona', '', 'generado', d.generatedAt],
  ];
  for (const r of d.requests) {
    out.push(...rows('Solicitudes (PQRSD)', r.request));
    for (const e of r.events) out.push(...rows('Pasos de solicitudes', e));
  }
  for (const o of d.officials) {
    out.push(...rows('Funcionarios (capacitación)', o.official));
    for (const a of o.attendance) out.push(...rows('Asistencia', a));
    for (const e of o.evaluations) out.push(...rows('Evaluaciones', e));
  }
  for (const x of d.dataSubjectRequests) out.push(...rows('Solicitudes de datos personales', x));
  for (const s of d.sealed) out.push(...rows('Datos sellados (solo servidor)', s));
  return toCsv(DOSSIER_CSV_HEADERS, out);
}
