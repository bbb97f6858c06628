import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Re-runs a Dexie query whenever the tables it read change (in this tab or another). `deps` are
 * what the query reads from the component; lint checks them at each call (additionalHooks).
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: (e) => console.error(e) });
    return () => sub.unsubscribe();
    // The caller's deps stand for `query` (a new closure at every render), checked where it is called.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
