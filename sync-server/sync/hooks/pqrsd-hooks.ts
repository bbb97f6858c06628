import { bogotaDateOf } from '#shared/calendar';
import { applyEvent, initialLifecycle } from '#shared/pqrsd/lifecycle';
import { formatRadicado } from '#shared/records';
import { canActOnRequest, NOT_YOUR_DEPENDENCIA, normalizeDependencia, officesThatHeld, requestDependencia } from '#shared/pqrsd/visibility';
import { municipalitySettings } from '../../municipality/profile-service';
import type { Actor } from '../../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../../store/store';
import { accept, recordOf, refuse, saveDerived, type KindHooks } from './types';

export const pqrsdHooks: KindHooks<'pqrsd'> = {
  // The radicado comes from a gap-free series per municipality and year of receipt, inside the
  // push transaction, so a rolled-back or replayed push never consumes a number.
  async onCreate(tx, data, actor) {
    const { municipality, receivedAt } = data;
    const year = Number(bogotaDateOf(receivedAt).slice(0, 4));
    const n = await tx.nextInSeries(municipality, 'radicado', year);
    return accept({
      radicado: formatRadicado(municipality, year, n),
      lifecycle: initialLifecycle(data.type, receivedAt, (await municipalitySettings(tx, municipality)).pqrsd),
      // Until it is assigned, the request belongs to the office that filed it.
      intakeDependencia: actor.dependencia ?? null,
      heldBy: heldAfter([], actor.dependencia),
    });
  },
  async beforeUpdate(_tx, current, _next, actor) {
    return canActOnRequest(actor, current.data) ? accept() : refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
  },
};


function heldAfter(held: readonly string[], office: string | null | undefined): string[] {
  const o = normalizeDependencia(office);
  return o === '' || held.includes(o) ? [...held] : [...held, o];
}

/**
 * A request moving to another office: its earlier steps and open conflicts are saved again, so
 * they come after the new office's cursors and reach devices that never had them.
 */
async function handOver(tx: StoreTx, request: StoredRecord, actor: Actor, at: string): Promise<void> {
  for (const step of await tx.recordsReferencing(actor.municipality, 'pqrsd_event', 'requestId', request.id)) {
    await saveDerived(tx, step, step.data, [], actor, at);
  }
  for (const conflict of await tx.recordsReferencing(actor.municipality, 'conflict', 'recordId', request.id)) {
    if (conflict.data.kind === 'pqrsd' && !conflict.data.resolved) await saveDerived(tx, conflict, conflict.data, [], actor, at);
  }
}

export const pqrsdEventHooks: KindHooks<'pqrsd_event'> = {
  // A step moves the request's lifecycle; an impossible step is refused with the rule's message.
  async onCreate(tx, data, actor, at) {
    const request = await recordOf(tx, actor.municipality, 'pqrsd', data.requestId);
    if (!request) return refuse('RECORD_NOT_FOUND', `Request ${data.requestId} does not exist`);
    if (!canActOnRequest(actor, request.data)) return refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
    const { pqrsd: settings } = await municipalitySettings(tx, actor.municipality);
    const next = applyEvent(request.data.lifecycle, { date: data.date, action: data.action }, settings, { channel: request.data.channel });
    if (!next.ok) return refuse('INVALID_TRANSITION', next.message);
    const before = requestDependencia(request.data);
    const after = requestDependencia({ ...request.data, lifecycle: next.lifecycle });
    const moved = normalizeDependencia(before) !== normalizeDependencia(after);
    const updated: Record<string, unknown> = { ...request.data, lifecycle: next.lifecycle };
    if (moved) {
      updated.heldBy = heldAfter(officesThatHeld(request.data) ?? heldAfter([], before), after);
      await handOver(tx, request, actor, at);
    }
    await saveDerived(tx, request, updated, moved ? ['lifecycle', 'heldBy'] : ['lifecycle'], actor, at);
    return accept();
  },
};
