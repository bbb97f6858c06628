import type { GelDb } from '../../db/database';
import { AppError, zodIssues } from '#shared/errors';
import {
  MUNICIPALITY_PROFILE_ID,
  municipalityProfileUpdatableSchema,
  PROFILE_UPDATABLE_FIELDS,
  type MunicipalityProfile,
} from '#shared/municipality/municipality-schema';
import { updateLocal } from '../local-records';

export type ProfileForm = Pick<MunicipalityProfile, (typeof PROFILE_UPDATABLE_FIELDS)[number]>;

/**
 * The admin's edit of the profile and settings: checked whole by the shared schema (errors per
 * field, in Spanish), then only the fields that changed go out, so two admins editing different
 * fields do not overwrite each other. Returns whether anything changed.
 */
export async function saveProfile(db: GelDb, current: MunicipalityProfile, form: ProfileForm): Promise<boolean> {
  const parsed = municipalityProfileUpdatableSchema.safeParse(form);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Revise los datos del municipio', zodIssues(parsed.error));
  const patch = Object.fromEntries(
    PROFILE_UPDATABLE_FIELDS.filter((f) => JSON.stringify(parsed.data[f]) !== JSON.stringify(current[f])).map((f) => [f, parsed.data[f]]),
  );
  if (Object.keys(patch).length === 0) return false;
  await updateLocal(db, 'municipality_profile', MUNICIPALITY_PROFILE_ID, patch);
  return true;
}
