import type { GelDb, LocalPqrsdEvent } from '../../db/database';
import { commitLocalChange } from '../../db/outbox';
import { AppError, zodIssues } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { applyEvent } from '#shared/pqrsd/lifecycle';
import { pqrsdEventClientSchema, type PqrsdEventClient } from '#shared/pqrsd/lifecycle-schema';
import type { DeviceContext } from '../local-records';
import { localSettings } from '../municipality/profile';
import { refreshRequestView } from './local-view';

/**
 * Records a step of a request's life (assignment, extension, transfer, answer, …) as an
 * append-only event, and moves the request's state and due date with it, in one
 * transaction. An impossible step is refused here with the same rule the server applies.
 */
export async function recordStep(db: GelDb, ctx: DeviceContext, input: PqrsdEventClient, now: Date = new Date()): Promise<LocalPqrsdEvent> {
  const parsed = pqrsdEventClientSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'El paso tiene datos inválidos', zodIssues(parsed.error));
  const step = parsed.data;
  const { pqrsd: settings } = await localSettings(db);
  const id = uuidv7(now.getTime());
  let event: LocalPqrsdEvent | undefined;
  await commitLocalChange(
    db,
    { kind: 'pqrsd_event', recordId: id, op: 'create', baseRev: null, freshRecordId: true },
    async () => {
      const request = await db.pqrsd.get(step.requestId);
      if (!request) throw new AppError('RECORD_NOT_FOUND', 'La solicitud no está en este dispositivo');
      const next = applyEvent(request.lifecycle, { date: step.date, action: step.action }, settings, { channel: request.channel });
      if (!next.ok) throw new AppError('INVALID_TRANSITION', next.message);
      event = { ...step, id, municipality: ctx.municipality, createdBy: ctx.userId, deviceId: ctx.deviceId, _rev: 0, _sync: 'pending' };
      await db.pqrsd_event.add(event);
      return step;
    },
    now,
    ['pqrsd', 'quarantine'],
    // Runs after the outbox entry is in, inside the same transaction.
    () => refreshRequestView(db, step.requestId, settings),
  );
  return event as LocalPqrsdEvent;
}
