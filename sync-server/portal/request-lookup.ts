import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { PQRSD_STATES, type Lifecycle } from '../../src/shared/pqrsd/lifecycle-schema';
import { PQRSD_TYPES, type PqrsdType } from '../../src/shared/records';
import { REDACTED_LABEL } from '../../src/shared/habeas/redaction-schema';
import type { Store } from '../store/store';
import { esc, portalPage } from './layout';

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
 * verification code; no personal data, and the same answer for "no such radicado" and
 * "wrong code" so the lookup cannot be used to enumerate filing numbers.
 */
export async function lookupRequest(store: Store, radicado: string, code: string): Promise<PublicRequestStatus | null> {
  if (!RADICADO.test(radicado) || !/^[A-Za-z0-9]{8}$/.test(code)) return null;
  const rec = await store.findPqrsdByRadicado(radicado);
  if (!rec || !sameCode(code, String(rec.data.verificationCode))) return null;
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

function form(radicado: string, code: string): string {
  return `<form method="get" action="/portal/consulta">
<p>Escriba el radicado y el código de verificación que aparecen en su constancia de radicación.</p>
<label for="radicado">Radicado</label>
<input id="radicado" name="radicado" value="${esc(radicado)}" placeholder="95200-2026-000123" required autocomplete="off">
<label for="codigo">Código de verificación</label>
<input id="codigo" name="codigo" value="${esc(code)}" required autocomplete="off">
<button type="submit">Consultar</button>
</form>`;
}

function result(s: PublicRequestStatus): string {
  return `<section class="result" aria-labelledby="res"><h2 id="res">Solicitud ${esc(s.radicado)}</h2><dl>
<dt>Tipo</dt><dd>${esc(s.type)}</dd>
<dt>Recibida</dt><dd>${esc(s.receivedDate)}</dd>
<dt>Estado</dt><dd data-state>${esc(s.state)}</dd>
<dt>Fecha máxima de respuesta</dt><dd>${esc(s.dueDate ?? '—')}</dd>
${s.closedOn ? `<dt>Cerrada el</dt><dd>${esc(s.closedOn)}</dd>` : ''}
${s.redacted ? `<dt>Datos personales</dt><dd data-redacted>${esc(REDACTED_LABEL)}</dd>` : ''}
</dl></section>`;
}

export function requestLookupRoutes(store: Store): Hono {
  const app = new Hono();
  // Its rate limit (20 a minute per address) is the access matrix's 'lookup' limit.
  app.get('/consulta', async (c) => {
    const radicado = (c.req.query('radicado') ?? '').trim().slice(0, 40);
    const code = (c.req.query('codigo') ?? '').trim().slice(0, 20);
    c.header('Cache-Control', 'no-store');
    if (!radicado && !code) return c.html(portalPage({ title: 'Consulta de solicitudes', body: form('', '') }));
    const found = await lookupRequest(store, radicado, code);
    const body = found
      ? form(radicado, '') + result(found)
      : `${form(radicado, '')}<p class="error" role="alert">No encontramos una solicitud con ese radicado y código. Revise los datos de su constancia.</p>`;
    return c.html(portalPage({ title: 'Consulta de solicitudes', body }), found ? 200 : 404);
  });
  return app;
}
