import type { Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import type { ClientProjections } from '../../sync/sync-events';
import { localSettings } from '../municipality/profile';
import { refreshRequestView } from './local-view';
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
      for (const r of records) {
        const lifecycle = r.fromServer?.lifecycle as Lifecycle | undefined;
        if (lifecycle && !r.removed) await db.pqrsd.update(r.id, { _base: lifecycle });
        await refreshRequestView(db, r.id, settings);
      }
      await noteArrivedRadicados(
        db,
        records.filter((r) => !r.removed).map((r) => r.id),
      );
    },
  },
} satisfies ClientProjections;
