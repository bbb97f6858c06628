import { timingSafeEqual } from 'node:crypto';
import { PQRSD_STATES, type Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import { PQRSD_TYPES, type PqrsdType } from '#shared/records';
import { REDACTED_LABEL } from '#shared/habeas/redaction-schema';
import type { Store, StoredRecord } from '../store/store';
import { html, type Html } from './html';
import { portalPage, type PortalSite } from './layout';

const RADICADO = /^\d{5}-\d{4}-\d{6}$/;
/** The number a device prints offline (provisionalNumberSchema), typed in any case. */
const PROVISIONAL = /^P-[A-Z0-9]{4}-\d{4,8}$/;

export interface PublicRequestStatus {
  radicado: string;
  /** The constancia's provisional number, when that is what the citizen typed. */
  provisionalNumber: string | null;
  type: string;
  receivedDate: string;
  state: string;
  dueDate: string | null;
  closedOn: string | null;
  /** The petitioner's personal data was deleted (habeas data): the lookup says so. */
  redacted: boolean;
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * State and dates of one request, only for whoever holds both its number and its verification
 * code; no personal data, and the same answer for "no such number" and "wrong code" so the
 * lookup cannot be used to enumerate filing numbers. The number is the official radicado or
 * the provisional one a device printed offline (found once that device has synced), on its
 * municipality's portal only.
 */
export async function lookupRequest(store: Store, municipality: string, number: string, code: string): Promise<PublicRequestStatus | null> {
  if (!/^[A-Za-z0-9]{8}$/.test(code)) return null;
  const provisional = number.toUpperCase();
  let rec: StoredRecord | null = null;
  if (RADICADO.test(number)) {
    const found = await store.findPqrsdByRadicado(number);
    // A portal answers for its own municipality's requests only (its page names that entity).
    rec = found && found.municipality === municipality && sameCode(code, String(found.data.verificationCode)) ? found : null;
  } else if (PROVISIONAL.test(provisional)) {
    // Every candidate's code is compared (no early exit), so the time says nothing about how many share the number.
    for (const r of await store.findPqrsdByProvisional(municipality, provisional)) {
      if (sameCode(code, String(r.data.verificationCode)) && !rec) rec = r;
    }
  }
  // Until the server numbers it a request is not shown (cannot happen once stored; kept for safety).
  if (!rec || typeof rec.data.radicado !== 'string') return null;
  const l = rec.data.lifecycle as Lifecycle;
  return {
    radicado: rec.data.radicado,
    provisionalNumber: RADICADO.test(number) ? null : provisional,
    type: PQRSD_TYPES[rec.data.type as PqrsdType].label,
    receivedDate: l.receivedDate,
    state: PQRSD_STATES[l.state],
    dueDate: l.dueDate,
    closedOn: l.closedOn,
    redacted: Boolean(rec.data.redacted),
  };
}

function form(municipality: string, radicado: string, code: string): Html {
  return html`<form method="get" action="/portal/consulta">
<p>Escriba el número y el código de verificación que aparecen en su constancia de radicación. Sirve el radicado oficial (por ejemplo ${municipality}-2026-000123) o el número provisional (por ejemplo P-C8DF-0001).</p>
<label for="radicado">Radicado o número provisional</label>
<input id="radicado" name="radicado" value="${radicado}" placeholder="${municipality}-2026-000123" required autocomplete="off" autocapitalize="characters">
<label for="codigo">Código de verificación</label>
<input id="codigo" name="codigo" value="${code}" required autocomplete="off">
<button type="submit">Consultar</button>
</form>`;
}

function result(s: PublicRequestStatus): Html {
  return html`<section class="result" aria-labelledby="res"><h2 id="res">Solicitud <span class="number">${s.radicado}</span></h2>
${s.provisionalNumber ? html`<p data-official>Su constancia provisional <span class="number">${s.provisionalNumber}</span> ya tiene radicado oficial: <strong class="number">${s.radicado}</strong>. Use este número de ahora en adelante.</p>` : ''}<dl>
<dt>Tipo</dt><dd>${s.type}</dd>
<dt>Recibida</dt><dd>${s.receivedDate}</dd>
<dt>Estado</dt><dd data-state>${s.state}</dd>
<dt>Fecha máxima de respuesta</dt><dd>${s.dueDate ?? '—'}</dd>
${s.closedOn ? html`<dt>Cerrada el</dt><dd>${s.closedOn}</dd>` : ''}
${s.redacted ? html`<dt>Datos personales</dt><dd data-redacted>${REDACTED_LABEL}</dd>` : ''}
</dl></section>`;
}

/**
 * The lookup page: the empty form when nothing was asked, else the form (the code never echoed
 * back) with the request's state, or the same "not found" whatever was wrong.
 */
export function consultaPage(site: PortalSite, municipality: string, radicado: string, asked: boolean, found: PublicRequestStatus | null): Html {
  const title = 'Consulta de solicitudes';
  if (!asked) return portalPage({ site, title, body: form(municipality, '', '') });
  const body = found
    ? html`${form(municipality, radicado, '')}${result(found)}`
    : html`${form(municipality, radicado, '')}<p class="error" role="alert">No encontramos una solicitud con ese número y código. Revise los datos de su constancia.</p>
<p>Si su constancia tiene un número provisional (empieza por «P-»), es posible que la solicitud todavía no haya llegado al sistema de la alcaldía: eso pasa cuando el funcionario la radicó sin conexión a internet. Intente de nuevo en uno o dos días hábiles, o pregunte en la ventanilla de atención al ciudadano.</p>`;
  return portalPage({ site, title, body });
}
