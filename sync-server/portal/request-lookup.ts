import { timingSafeEqual } from 'node:crypto';
import { PQRSD_STATES, type Lifecycle } from '../../src/shared/pqrsd/lifecycle-schema';
import { PQRSD_TYPES, type PqrsdType } from '../../src/shared/records';
import { REDACTED_LABEL } from '../../src/shared/habeas/redaction-schema';
import type { Store } from '../store/store';
import { html, type Html } from './html';
import { portalPage, type PortalSite } from './layout';

const RADICADO = /^\d{5}-\d{4}-\d{6}$/;

export interface PublicRequestStatus {
  radicado: string;
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
 * State and dates of one request, only for whoever holds both the radicado and its
 * verification code, on its municipality's portal; no personal data, and the same answer for "no such radicado" and
 * "wrong code" so the lookup cannot be used to enumerate filing numbers.
 */
export async function lookupRequest(store: Store, municipality: string, radicado: string, code: string): Promise<PublicRequestStatus | null> {
  if (!RADICADO.test(radicado) || !/^[A-Za-z0-9]{8}$/.test(code)) return null;
  const rec = await store.findPqrsdByRadicado(radicado);
  // A portal answers for its own municipality's requests only (its page names that entity).
  if (!rec || rec.municipality !== municipality || !sameCode(code, String(rec.data.verificationCode))) return null;
  const l = rec.data.lifecycle as Lifecycle;
  return {
    radicado,
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
<p>Escriba el radicado y el código de verificación que aparecen en su constancia de radicación.</p>
<label for="radicado">Radicado</label>
<input id="radicado" name="radicado" value="${radicado}" placeholder="${municipality}-2026-000123" required autocomplete="off">
<label for="codigo">Código de verificación</label>
<input id="codigo" name="codigo" value="${code}" required autocomplete="off">
<button type="submit">Consultar</button>
</form>`;
}

function result(s: PublicRequestStatus): Html {
  return html`<section class="result" aria-labelledby="res"><h2 id="res">Solicitud ${s.radicado}</h2><dl>
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
    : html`${form(municipality, radicado, '')}<p class="error" role="alert">No encontramos una solicitud con ese radicado y código. Revise los datos de su constancia.</p>`;
  return portalPage({ site, title, body });
}
