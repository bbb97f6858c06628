// Sample data shared by unit and integration tests.
import type { FilingInput } from '../../src/modules/pqrsd/file-request';
import type { DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { uuidv7 } from '#shared/ids';
import { PRIVACY_NOTICE_VERSION } from '#shared/records';
import type { Mutation } from '#shared/sync-protocol';

/** A valid request as a person would file it at the window (received in 2026, Bogotá time). */
export function sampleFiling(over: Partial<FilingInput> = {}): FilingInput {
  return {
    type: 'peticion_general',
    channel: 'presencial',
    receivedAt: '2026-03-10T15:00:00.000Z',
    citizen: { idType: 'CC', idNumber: '1234567', name: 'María Pérez', address: 'Calle 5 # 3-20, Miraflores' },
    subject: 'Arreglo de la vía veredal',
    description: 'La vía a la vereda El Progreso está intransitable desde las lluvias.',
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, shownAt: '2026-03-10T14:58:00.000Z' },
    ...over,
  };
}

/** The fields of a request's lifecycle that nothing has touched yet (as filed: no step taken). */
export { UNTOUCHED_LIFECYCLE } from '#shared/pqrsd/lifecycle';

/** An anonymous citizen (a queja or a denuncia may be anonymous). */
export const ANONYMOUS = { idType: 'SD', idNumber: '', name: '' } as const;

/** A pqrsd create mutation as a device would send it. */
export function createMutation(over: Record<string, unknown> = {}, at = '2026-03-10T15:00:00.000Z'): Mutation {
  return {
    id: uuidv7(),
    kind: 'pqrsd',
    recordId: uuidv7(),
    op: 'create',
    baseRev: null,
    data: { ...sampleFiling(), provisionalNumber: 'P-ABCD-0001', verificationCode: 'ABCDEFGH', ...over },
    at,
  };
}

/** An update mutation of `recordId` based on `baseRev`. */
export function updateMutation(recordId: string, baseRev: number, data: Record<string, unknown>): Mutation {
  return { id: uuidv7(), kind: 'pqrsd', recordId, op: 'update', baseRev, data, at: '2026-03-11T15:00:00.000Z' };
}

/** An edit of a portal draft based on `baseRev`, made now. */
export function draftEdit(draftId: string, baseRev: number, data: Record<string, unknown>): Mutation {
  return { id: uuidv7(), kind: 'portal_draft', recordId: draftId, op: 'update', baseRev, data, at: new Date().toISOString() };
}

/** The step that answers a request (and closes it), written on 20 March 2026, as a device pushes it. */
export function answerStep(requestId: string, answer: string): Mutation {
  const action = { type: 'responder', answer, denied: false, documentName: null };
  return { id: uuidv7(), kind: 'pqrsd_event', recordId: uuidv7(), op: 'create', baseRev: null, data: { requestId, date: '2026-03-20', note: '', action }, at: '2026-03-20T15:00:00.000Z' };
}

/** A data-subject request (habeas data) as the server stores it: a consulta received on 10 July 2026, nothing done yet. */
export function storedDsr(over: Partial<DataSubjectRequest> = {}): DataSubjectRequest {
  return {
    id: 'dsr-1',
    municipality: '95200',
    createdBy: 'u',
    deviceId: 'd',
    type: 'consulta',
    right: 'conocer',
    channel: 'presencial',
    receivedOn: '2026-07-10',
    person: { idType: 'CC', idNumber: '1234567', name: 'María Pérez', address: 'Calle 5', email: '', phone: '' },
    description: 'Qué datos tienen de mí',
    extension: null,
    answer: null,
    incomplete: null,
    transfer: null,
    legendOn: null,
    ...over,
  };
}
