import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

/** The officials of these ids on the device (the ones it lacks left out), kept up to date. */
export function useOfficials(ids: readonly string[]) {
  const { db } = useServices();
  // The ids' text is the identity of the list: the array itself is new at every render.
  const key = ids.join();
  return useLiveQuery(async () => (await db.official.bulkGet(key ? key.split(',') : [])).filter((o) => o !== undefined), [db, key], []);
}
