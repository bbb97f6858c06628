// "Datos abiertos" (Ley 1712, menu item 7): the open data frozen at each semester's sign-off by
// Control Interno, served as CSV and JSON with the data dictionary. Only aggregates are stored
// in the snapshot (src/shared/open-data), so nothing here can leak a person.
import { CSV_MIME, toCsv } from '#shared/export/csv';
import { OPEN_DATA_DICTIONARY, openDataSchema, openDataTable, type OpenData, type OpenDataset } from '#shared/open-data/open-data';
import type { Store } from '../store/store';
import { html, type Html } from './html';
import { portalPage, type PortalSite } from './layout';

export const OPEN_DATA_FILE = /^(solicitudes|indicadores)-(\d{4}-[12])\.(csv|json)$/;

/** Every signed semester's open data, the latest first. */
export async function signedOpenData(store: Store, municipality: string): Promise<OpenData[]> {
  const reports = await store.recordsOfKind(municipality, 'plan_report');
  return reports
    .map((r) => openDataSchema.safeParse((r.data as { openData?: unknown }).openData))
    .flatMap((p) => (p.success ? [p.data] : []))
    .sort((a, b) => b.semestre.localeCompare(a.semestre));
}

/** One file: the dataset of a semester as CSV (with BOM, ';') or JSON. */
export function openDataFile(data: OpenData, dataset: OpenDataset, format: 'csv' | 'json'): { type: string; body: string } {
  if (format === 'json') {
    const rows = dataset === 'solicitudes' ? data.solicitudes : data.indicadores;
    return { type: 'application/json; charset=utf-8', body: JSON.stringify({ semestre: data.semestre, publicado: data.publicado, datos: rows }, null, 2) };
  }
  const t = openDataTable(data, dataset);
  return { type: CSV_MIME, body: toCsv(t.headers, t.rows) };
}

/** The data dictionary of both datasets. */
export function dictionaryFile(format: 'csv' | 'json'): { type: string; body: string } {
  const rows = (Object.keys(OPEN_DATA_DICTIONARY) as OpenDataset[]).flatMap((d) => OPEN_DATA_DICTIONARY[d].map((f) => ({ conjunto: d, ...f })));
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(rows, null, 2) };
  return { type: CSV_MIME, body: toCsv(['conjunto', 'campo', 'tipo', 'descripcion'], rows.map((r) => [r.conjunto, r.campo, r.tipo, r.descripcion])) };
}

export function openDataPage(site: PortalSite, list: OpenData[]): Html {
  const links = (d: OpenData, set: OpenDataset, label: string) =>
    html`<li>${label}: <a href="/portal/datos-abiertos/${set}-${d.semestre}.csv">CSV</a> · <a href="/portal/datos-abiertos/${set}-${d.semestre}.json">JSON</a></li>`;
  const semesters = list.map(
    (d) => html`<section aria-labelledby="s-${d.semestre}"><h2 id="s-${d.semestre}">Semestre ${d.semestre}</h2><p class="meta">Publicado al firmar el informe de Control Interno: <time datetime="${d.publicado}">${d.publicado.slice(0, 10)}</time></p>
<ul>${links(d, 'solicitudes', 'Solicitudes PQRSD (Decreto 1081 de 2015)')}${links(d, 'indicadores', 'Indicadores del plan de acción')}</ul></section>`,
  );
  return portalPage({
    site,
    title: 'Datos abiertos',
    body: html`<p>Cifras agregadas por semestre, sin datos personales. Diccionario de datos: <a href="/portal/datos-abiertos/diccionario.csv">CSV</a> · <a href="/portal/datos-abiertos/diccionario.json">JSON</a>.</p>
${list.length === 0 ? html`<p>Aún no hay semestres publicados.</p>` : semesters}`,
  });
}
