// The steps an official may record on a data-subject request now, the same list on every
// device (the server checks each change with `checkDsrChange`). Pure: no clock, no I/O.
import type { PqrsdSettings } from '../pqrsd/lifecycle-schema';
import { dsrState, type DataSubjectRequest } from './data-subject-request';

/**
 * prorrogar/responder: any request (Ley 1581 arts. 14–15); requerir, completar, trasladar,
 * leyenda: a reclamo's art. 15 steps.
 */
export const DSR_STEPS = ['leyenda', 'requerir', 'completar', 'trasladar', 'prorrogar', 'responder'] as const;
export type DsrStep = (typeof DSR_STEPS)[number];

type StepFields = Pick<DataSubjectRequest, 'type' | 'extension' | 'answer' | 'incomplete' | 'transfer' | 'legendOn'> & { redacted?: unknown };

/** What may be recorded on `today`: nothing once answered, transferred, withdrawn or with its data deleted. */
export function allowedDsrSteps(r: StepFields, settings: PqrsdSettings, today: string): DsrStep[] {
  if (r.redacted) return [];
  const state = dsrState(r, settings, today);
  if (state === 'respondida' || state === 'trasladada' || state === 'desistida') return [];
  const waiting = state === 'incompleta';
  const reclamo = r.type === 'reclamo';
  const steps: Record<DsrStep, boolean> = {
    // The legend goes in while the reclamo is open, requirement pending or not.
    leyenda: reclamo && r.legendOn === null,
    requerir: reclamo && r.incomplete === null && r.extension === null,
    completar: waiting,
    trasladar: reclamo && r.transfer === null,
    prorrogar: !waiting && r.extension === null,
    responder: !waiting,
  };
  return DSR_STEPS.filter((s) => steps[s]);
}
