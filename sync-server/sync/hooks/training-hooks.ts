import { normalizeOfficialIdNumber, officialIdFor } from '#shared/training/official-id';
import { accept, refuse, type KindHooks } from './types';

export const officialHooks: KindHooks<'official'> = {
  async onCreate(tx, data, actor) {
    // The record id is derived from the ID document: a different id means a forged or stale client.
    const key = await tx.officialIdKey(actor.municipality);
    const expected = await officialIdFor(key, actor.municipality, data.idType, data.idNumber);
    if (expected !== data.id) return refuse('VALIDATION_FAILED', 'An official record id must derive from their ID document');
    if (actor.role === 'trainer' && data.walkIn !== true) return refuse('FORBIDDEN', 'A trainer adds walk-in participants only');
    // One spelling of the ID number (no dots or spaces), which the app sends already. Required
    // rather than set by the server: a field the server sets is answered back and kept in the
    // change's receipt, and an ID number must not outlive the person's suppression there.
    if (normalizeOfficialIdNumber(data.idType, data.idNumber) !== data.idNumber) {
      return refuse('VALIDATION_FAILED', 'El número de documento se envía sin puntos ni espacios');
    }
    return accept();
  },
};
