import {
  MUNICIPALITY_PROFILE_ID,
  municipalityProfileSchema,
  seedProfile,
  type MunicipalityProfile,
  type MunicipalitySettings,
} from '#shared/municipality/municipality-schema';
import { AppError, zodIssues } from '#shared/errors';
import { specOf } from '#shared/records';
import type { Store, StoreTx } from '../store/store';

type Reader = Pick<StoreTx, 'getRecord'>;

/**
 * The profile a municipality's documents and pages carry. Every municipality has its record
 * (made with its first user or at start); the seed stands in only for a code the server has
 * not set up yet (a portal started before any user), so a page never names another one.
 */
export async function municipalityProfile(reader: Reader, code: string): Promise<MunicipalityProfile> {
  const stored = await reader.getRecord(code, 'municipality_profile', MUNICIPALITY_PROFILE_ID);
  return stored ? municipalityProfileSchema.parse(stored.data) : seedProfile(code);
}

/** The settings every rule of this municipality runs with: the one accessor on the server. */
export async function municipalitySettings(reader: Reader, code: string): Promise<MunicipalitySettings> {
  return (await municipalityProfile(reader, code)).settings;
}

/** Makes the profile record of a municipality from the seed, once (it then syncs like any record). */
export async function ensureProfileRecord(tx: StoreTx, code: string, at: string): Promise<void> {
  if (await tx.getRecord(code, 'municipality_profile', MUNICIPALITY_PROFILE_ID)) return;
  const data: Record<string, unknown> = { ...seedProfile(code) };
  await tx.saveRecord({
    municipality: code,
    kind: 'municipality_profile',
    id: MUNICIPALITY_PROFILE_ID,
    rev: 1,
    data,
    fieldRevs: Object.fromEntries(Object.keys(data).map((k) => [k, { rev: 1, device: 'server' }])),
    updatedAt: at,
    updatedBy: 'server',
  });
}

/**
 * A change made on the server's console (`npm run admin -- municipality set`): validated by the
 * same schema as a device's change, saved as the next revision (devices pull it) and audited.
 */
export async function updateProfileFromConsole(store: Store, code: string, patch: Record<string, unknown>, now = new Date()): Promise<MunicipalityProfile> {
  const parsed = specOf('municipality_profile').updateSchema!.safeParse(patch);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Invalid profile', zodIssues(parsed.error));
  const changes = parsed.data as Record<string, unknown>;
  const at = now.toISOString();
  return store.transaction(code, async (tx) => {
    const current = await tx.getRecord(code, 'municipality_profile', MUNICIPALITY_PROFILE_ID);
    if (!current) throw new AppError('RECORD_NOT_FOUND', `Municipality ${code} is not set up: create its first user first`);
    const next = municipalityProfileSchema.safeParse({ ...current.data, ...changes });
    if (!next.success) throw new AppError('VALIDATION_FAILED', 'Invalid profile', zodIssues(next.error));
    const rev = current.rev + 1;
    const fieldRevs = { ...current.fieldRevs };
    for (const f of Object.keys(changes)) fieldRevs[f] = { rev, device: 'server' };
    await tx.saveRecord({ ...current, rev, data: next.data, fieldRevs, updatedAt: at, updatedBy: 'server' });
    await tx.appendAudit({
      at,
      municipality: code,
      userId: null,
      deviceId: null,
      action: 'municipality_profile_console_update',
      kind: 'municipality_profile',
      recordId: MUNICIPALITY_PROFILE_ID,
      detail: { fields: Object.keys(changes) },
    });
    return next.data;
  });
}
