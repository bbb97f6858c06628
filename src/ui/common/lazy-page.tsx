import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { messages as m } from '../i18n/es-CO';
import { reportActionError } from './action';

/**
 * A screen loaded on first use (its own chunk, precached by the service worker, so it also
 * opens offline): the first load downloads only the shell.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let cached: ComponentType<P> | null = null;
  return function LazyPage(props: P) {
    const [Comp, setComp] = useState<ComponentType<P> | null>(() => cached);
    useEffect(() => {
      if (cached) return;
      let alive = true;
      load()
        .then((c) => {
          cached = c;
          if (alive) setComp(() => c);
        })
        // Its chunk could not be had (offline before it was ever cached): said, not left loading.
        .catch((err: unknown) => reportActionError(err));
      return () => {
        alive = false;
      };
    }, []);
    return Comp ? <Comp {...props} /> : <p class="loading">{m.loading}</p>;
  };
}
