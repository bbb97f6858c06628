import { normalizeOfficialIdNumber, officialIdFor } from '../../../src/shared/training/official-id';
import { accept, refuse, type KindHooks } from './types';

export const officialHooks: KindHooks<'official'> = {
  async onCreate(tx, data, actor) {
    // The record id is derived from the ID document: a different id means a forged or stale client.
    const key = await tx.officialIdKey(actor.municipality);
    const expected = await officialIdFor(key, actor.municipality, data.idType, data.idNumber);
    if (expected !== data.id) return refuse('VALIDATION_FAILED', 'An official record id must derive from their ID document');
    if (actor.role === 'trainer' && data.walkIn !== true) return refuse('FORBIDDEN', 'A trainer adds walk-in participants only');
    // One spelling of the ID number (no dots or spaces), whatever the device typed.
    return accept({ idNumber: normalizeOfficialIdNumber(data.idType, data.idNumber) });
  },
};
