// What the sync server said it understands of the wire form (its answers' `features`), kept in the
// device settings (idb-keyval) per server origin, so a reload keeps sending the compact form.
// Learned from every answer: one without `create-id` (an older build, an old instance mid rolling
// deploy behind the same address) forgets it, and the next push goes in full.
import { get, set } from 'idb-keyval';
import { z } from 'zod/mini';

export interface ServerFeatures {
  /** Whether the server last said it understands `feature`. */
  knows(feature: string): Promise<boolean>;
  /** An answer's `features` (undefined: an answer without them). */
  heard(features: readonly string[] | undefined): Promise<void>;
}

const storedSchema = z.array(z.string());

/** The memory for the server at `origin` (the key may carry a further scope: one per test device). */
export function serverFeatures(origin: string): ServerFeatures {
  const key = `sync-features/${origin}`;
  let known: Promise<readonly string[]> | null = null;
  const load = () => (known ??= get(key).then((v: unknown) => storedSchema.safeParse(v).data ?? []));
  return {
    knows: async (feature) => (await load()).includes(feature),
    heard: async (features) => {
      const now = [...(features ?? [])].sort();
      const before = await load();
      if (now.length === before.length && now.every((f, i) => f === before[i])) return;
      known = Promise.resolve(now);
      await set(key, now);
    },
  };
}
