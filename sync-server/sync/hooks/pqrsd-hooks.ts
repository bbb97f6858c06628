import { bogotaDateOf } from '../../../src/shared/calendar';
import { applyEvent, initialLifecycle } from '../../../src/shared/pqrsd/lifecycle';
import { DEFAULT_PQRSD_SETTINGS, type Lifecycle, type PqrsdAction } from '../../../src/shared/pqrsd/lifecycle-schema';
import { formatRadicado, type PqrsdType } from '../../../src/shared/records';
import { canSeeRequest } from '../../../src/shared/pqrsd/visibility';
import { accept, refuse, saveDerived, type KindHooks } from './types';

export const pqrsdHooks: KindHooks = {
  // The radicado comes from a gap-free series per municipality and year of receipt, inside the
  // push transaction, so a rolled-back or replayed push never consumes a number.
  async onCreate(tx, data, actor) {
    const municipality = String(data.municipality);
    const receivedAt = String(data.receivedAt);
    const year = Number(bogotaDateOf(receivedAt).slice(0, 4));
    const n = await tx.nextInSeries(municipality, 'radicado', year);
    return accept({
      radicado: formatRadicado(municipality, year, n),
      lifecycle: initialLifecycle(data.type as PqrsdType, receivedAt, DEFAULT_PQRSD_SETTINGS),
      // Until it is assigned, the request belongs to the office that filed it.
      intakeDependencia: actor.dependencia ?? null,
    });
  },
  async beforeUpdate(_tx, current, _next, actor) {
    return canSeeRequest(actor, current.data) ? accept() : refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
  },
};

const NOT_YOUR_DEPENDENCIA = 'La solicitud está asignada a otra dependencia; pida a quien la tiene que haga el cambio.';

export const pqrsdEventHooks: KindHooks = {
  // A step moves the request's lifecycle; an impossible step is refused with the rule's message.
  async onCreate(tx, data, actor, at) {
    const request = await tx.getRecord(actor.municipality, 'pqrsd', String(data.requestId));
    if (!request) return refuse('RECORD_NOT_FOUND', `Request ${String(data.requestId)} does not exist`);
    if (!canSeeRequest(actor, request.data)) return refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
    const next = applyEvent(request.data.lifecycle as Lifecycle, { date: String(data.date), action: data.action as PqrsdAction }, DEFAULT_PQRSD_SETTINGS);
    if (!next.ok) return refuse('INVALID_TRANSITION', next.message);
    await saveDerived(tx, request, { ...request.data, lifecycle: next.lifecycle }, ['lifecycle'], actor, at);
    return accept();
  },
};
