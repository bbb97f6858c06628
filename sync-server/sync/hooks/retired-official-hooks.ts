import { legacyOfficialIdFor, officialIdFor } from '../../../src/shared/training/official-id';
import type { StoreTx } from '../../store/store';
import { SEALED_KIND } from '../../habeas/sealed';
import { accept, type KindHooks } from './types';

/**
 * The id a suppressed official has now, when `officialId` is the one derived from their ID
 * document before (habeas/rekey-official.ts): a mark taken offline before the suppression and
 * pushed after must count for them without bringing the old id back. The old id is stored
 * nowhere; it is derived again from the sealed copy of their document, and only when no
 * official has the id, so a normal push pays one lookup.
 */
async function retiredIds(tx: StoreTx, municipality: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const key = await tx.officialIdKey(municipality);
  for (const s of await tx.recordsOfKind(municipality, SEALED_KIND)) {
    if (s.data.kind !== 'official') continue;
    const [idType, idNumber, now] = [String(s.data.idType), String(s.data.idNumber), String(s.data.recordId)];
    // The old id was keyed, or unkeyed when the official was added before the key existed.
    map.set(await officialIdFor(key, municipality, idType, idNumber), now);
    map.set(await legacyOfficialIdFor(municipality, idType, idNumber), now);
  }
  return map;
}

export async function currentOfficialId(tx: StoreTx, municipality: string, officialId: string): Promise<string> {
  if (await tx.getRecord(municipality, 'official', officialId)) return officialId;
  return (await retiredIds(tx, municipality)).get(officialId) ?? officialId;
}

/** Marks and evaluations: the official they name, as they are named now. */
export const namesOfficialHooks: KindHooks<'attendance_mark' | 'evaluation'> = {
  async onCreate(tx, data, actor) {
    const id = await currentOfficialId(tx, actor.municipality, data.officialId);
    return accept(id === data.officialId ? {} : { officialId: id });
  },
};

async function convenedNow(tx: StoreTx, municipality: string, convened: unknown): Promise<Record<string, unknown>> {
  if (!Array.isArray(convened) || convened.length === 0) return {};
  const roster = new Set((await tx.recordsOfKind(municipality, 'official')).map((o) => o.id));
  if (convened.every((id) => roster.has(id as string))) return {};
  const retired = await retiredIds(tx, municipality);
  const now = (convened as string[]).map((id) => retired.get(id) ?? id);
  return now.some((id, i) => id !== convened[i]) ? { convened: now } : {};
}

/** Sessions: the officials called to them, as they are named now. */
export const sessionHooks: KindHooks<'training_session'> = {
  async onCreate(tx, data, actor) {
    return accept(await convenedNow(tx, actor.municipality, data.convened));
  },
  async beforeUpdate(tx, _current, next, actor) {
    return accept(await convenedNow(tx, actor.municipality, next.convened));
  },
};
