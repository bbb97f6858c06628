import { useMemo, useState } from 'preact/hooks';

/** Ids ticked on and off over a list (checkboxes): the set, `toggle`, and `reset` to a new set. */
export function useIdSet(): [ReadonlySet<string>, { toggle(id: string): void; reset(ids?: Iterable<string>): void }] {
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set());
  // Stable across renders, so callbacks and effects may depend on them.
  const change = useMemo(
    () => ({
      toggle: (id: string) =>
        setIds((prev) => {
          const next = new Set(prev);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      reset: (all: Iterable<string> = []) => setIds(new Set(all)),
    }),
    [],
  );
  return [ids, change];
}
