import type { StoreTx } from '../../store/store';
import { accept, refuse, type HookResult, type KindHooks } from './types';

// A change that names an official who is not on the roster is refused, with one answer whether
// the id never existed or was a suppressed official's (habeas/rekey-official.ts gave them a
// random id). Mapping the old id to the new one would tell anyone who can compute the old id
// from an ID number (every device of the municipality holds the key) which suppressed entry is
// that person's: the push answer, or the pulled record, would carry the new id. So a mark taken
// offline before the suppression and sent after is refused too: the device shows it under
// rejected changes, and the person asked for their data to be deleted anyway.

const NOT_ON_ROSTER = 'El funcionario no está en el listado';
const notOnRoster = (): HookResult => refuse('RECORD_NOT_FOUND', NOT_ON_ROSTER);

async function onRoster(tx: StoreTx, municipality: string, officialId: string): Promise<boolean> {
  return (await tx.getRecord(municipality, 'official', officialId)) !== null;
}

/** Marks and evaluations: the official they name must be on the roster. */
export const namesOfficialHooks: KindHooks<'attendance_mark' | 'evaluation'> = {
  async onCreate(tx, data, actor) {
    return (await onRoster(tx, actor.municipality, data.officialId)) ? accept() : notOnRoster();
  },
};

/** The officials newly called to a session must be on the roster (those already called were). */
async function convenedCheck(tx: StoreTx, municipality: string, convened: unknown, before: unknown = []): Promise<HookResult> {
  const known = new Set(Array.isArray(before) ? before : []);
  const added = Array.isArray(convened) ? convened.filter((id) => !known.has(id)) : [];
  for (const id of new Set(added)) if (!(await onRoster(tx, municipality, String(id)))) return notOnRoster();
  return accept();
}

/** Sessions: the officials called to them. */
export const sessionHooks: KindHooks<'training_session'> = {
  async onCreate(tx, data, actor) {
    return convenedCheck(tx, actor.municipality, data.convened);
  },
  async beforeUpdate(tx, current, next, actor) {
    return convenedCheck(tx, actor.municipality, next.convened, current.data.convened);
  },
};
