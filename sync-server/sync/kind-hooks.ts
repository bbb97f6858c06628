import { bogotaDateOf } from '../../src/shared/calendar';
import type { ApiError } from '../../src/shared/errors';
import { applyEvent, initialLifecycle } from '../../src/shared/pqrsd/lifecycle';
import { DEFAULT_PQRSD_SETTINGS, type Lifecycle, type PqrsdAction } from '../../src/shared/pqrsd/lifecycle-schema';
import { formatRadicado, type PqrsdType, type RecordKind } from '../../src/shared/records';
import { normalizeOfficialIdNumber, officialIdFor } from '../../src/shared/training/official-id';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoreTx } from '../store/store';

export type CreateHookResult = { ok: true; serverFields: Record<string, unknown> } | { ok: false; error: ApiError };

/**
 * What the server decides when a record is first stored, inside the push transaction:
 * facts only it may set (the radicado, from a gap-free series per municipality and year
 * of receipt, so a rolled-back or replayed push never consumes a number) and state
 * derived from events (a request's lifecycle, refused when a step is not possible).
 */
export async function onCreate(
  tx: StoreTx,
  kind: RecordKind,
  data: Record<string, unknown>,
  actor: Actor,
  at: string,
): Promise<CreateHookResult> {
  if (kind === 'pqrsd') {
    const municipality = String(data.municipality);
    const receivedAt = String(data.receivedAt);
    const year = Number(bogotaDateOf(receivedAt).slice(0, 4));
    const n = await tx.nextInSeries(municipality, 'radicado', year);
    return {
      ok: true,
      serverFields: {
        radicado: formatRadicado(municipality, year, n),
        lifecycle: initialLifecycle(data.type as PqrsdType, receivedAt, DEFAULT_PQRSD_SETTINGS),
      },
    };
  }
  if (kind === 'pqrsd_event') {
    const request = await tx.getRecord(actor.municipality, 'pqrsd', String(data.requestId));
    if (!request) {
      return { ok: false, error: { code: 'RECORD_NOT_FOUND', message: `Request ${String(data.requestId)} does not exist` } };
    }
    const next = applyEvent(
      request.data.lifecycle as Lifecycle,
      { date: String(data.date), action: data.action as PqrsdAction },
      DEFAULT_PQRSD_SETTINGS,
    );
    if (!next.ok) return { ok: false, error: { code: 'INVALID_TRANSITION', message: next.message } };
    const rev = request.rev + 1;
    await tx.saveRecord({
      ...request,
      rev,
      data: { ...request.data, lifecycle: next.lifecycle },
      fieldRevs: { ...request.fieldRevs, lifecycle: { rev, device: actor.deviceId } },
      updatedAt: at,
      updatedBy: actor.userId,
    });
    return { ok: true, serverFields: {} };
  }
  if (kind === 'official') {
    // The record id is derived from the ID document: a different id means a forged or stale client.
    const expected = await officialIdFor(actor.municipality, String(data.idType), String(data.idNumber));
    if (expected !== data.id) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'An official record id must derive from their ID document' } };
    }
    if (actor.role === 'trainer' && data.walkIn !== true) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'A trainer adds walk-in participants only' } };
    }
    // One spelling of the ID number (no dots or spaces), whatever the device typed.
    return { ok: true, serverFields: { idNumber: normalizeOfficialIdNumber(String(data.idType), String(data.idNumber)) } };
  }
  return { ok: true, serverFields: {} };
}
