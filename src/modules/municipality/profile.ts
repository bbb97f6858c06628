import type { GelDb } from '../../db/database';
import {
  DEFAULT_MUNICIPALITY_SETTINGS,
  MUNICIPALITY_PROFILE_ID,
  municipalityProfileSchema,
  seedProfile,
  type MunicipalityProfile,
  type MunicipalitySettings,
} from '#shared/municipality/municipality-schema';

/**
 * The municipality's profile as this device holds it (pulled like any record, so receipts
 * printed offline carry it). Before the first pull brings it: the seed's name for the code.
 */
export async function localProfile(db: GelDb, municipality: string): Promise<MunicipalityProfile> {
  const row = await db.municipality_profile.get(MUNICIPALITY_PROFILE_ID);
  return row && row.municipality === municipality ? municipalityProfileSchema.parse(row) : seedProfile(municipality);
}

/**
 * The settings every rule on this device runs with: the one accessor on the device (the
 * server's is sync-server/municipality/profile-service.ts). Before the first pull, the defaults,
 * which are also what the server starts every municipality with.
 */
export async function localSettings(db: GelDb): Promise<MunicipalitySettings> {
  const row = await db.municipality_profile.get(MUNICIPALITY_PROFILE_ID);
  return row ? municipalityProfileSchema.shape.settings.parse(row.settings) : DEFAULT_MUNICIPALITY_SETTINGS;
}
