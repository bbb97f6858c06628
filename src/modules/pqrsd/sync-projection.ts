import type { Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import type { ClientProjections } from '../../sync/sync-events';
import { localSettings } from '../municipality/profile';
import { refreshRequestViews } from './local-view';
import { noteArrivedRadicados } from './radicado-notices';

/**
 * What a request shows on the device follows what sync changed: the lifecycle the server
 * said becomes the base (`_base`), and this device's unsent steps go on top again. A step's
 * changes reach here too, as a change of the request it belongs to.
 */
export const pqrsdProjections = {
  pqrsd: {
    async afterApply(db, records) {
      // Inside the pull's transaction over every table: a settings change pulled with it counts.
      const { pqrsd: settings } = await localSettings(db);
      const base = new Map<string, Lifecycle>();
      for (const r of records) {
        const lifecycle = r.fromServer?.lifecycle as Lifecycle | undefined;
        if (lifecycle && !r.removed) base.set(r.id, lifecycle);
      }
      // All at once: a push answer or a pulled page holds hundreds of requests.
      await refreshRequestViews(db, records.map((r) => r.id), settings, base);
      await noteArrivedRadicados(
        db,
        records.filter((r) => !r.removed).map((r) => r.id),
      );
    },
  },
} satisfies ClientProjections;
