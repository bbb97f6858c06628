import { localProfile } from '../../modules/municipality/profile';
import { seedProfile, type MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

/**
 * The signed-in user's municipality profile and settings, live: a change pulled from the
 * server shows at once. Every screen that names the entity or applies a rule reads it here.
 */
export function useMunicipalityProfile(): MunicipalityProfile {
  const { db, session } = useServices();
  const code = session.user.municipality;
  return useLiveQuery(() => localProfile(db, code), [db, code], seedProfile(code));
}
