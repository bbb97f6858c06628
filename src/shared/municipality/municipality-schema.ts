import { z } from 'zod/mini';
import { DEFAULT_PQRSD_SETTINGS, pqrsdSettingsSchema } from '../pqrsd/lifecycle-schema';
import { DEFAULT_TRAINING_SETTINGS, trainingSettingsSchema } from '../training/training-schema';
import { KNOWN_MUNICIPALITIES } from './municipality-seed';

/** The one profile record of each municipality (made by the server, edited by its admin). */
export const MUNICIPALITY_PROFILE_ID = '00000000-0000-4000-9000-000000000001';

/** Largest logo kept in the profile (it travels to every device and into every receipt). */
export const LOGO_MAX_BYTES = 48 * 1024;

const LOGO_PREFIX = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;

/** Whether a data URL holds a PNG or JPEG whose bytes say so (files are judged by content). */
export function isLogoDataUrl(value: string): boolean {
  const m = LOGO_PREFIX.exec(value);
  if (!m) return false;
  const head = atob(m[2]!.slice(0, 16));
  const bytes = [...head].map((c) => c.charCodeAt(0));
  const png = [0x89, 0x50, 0x4e, 0x47].every((b, i) => bytes[i] === b);
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return m[1] === 'png' ? png : jpeg;
}

const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const httpsUrl = z.string().check(z.trim(), z.maxLength(300), z.refine((v) => v === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v), 'Dirección web que empiece por https://'));

/** What every document and page of a municipality says about it (DOMAIN.md §8). */
export const municipalityProfileFieldsSchema = z.object({
  name: text(80).check(z.minLength(2, 'Escriba el nombre del municipio')),
  department: text(80),
  /** The entity as it signs documents, e.g. "Alcaldía Municipal de …". */
  entityName: text(160).check(z.minLength(3, 'Escriba el nombre de la entidad')),
  address: text(200),
  phone: text(60),
  email: z.union([z.literal(''), z.email('Correo electrónico no válido').check(z.maxLength(120))]),
  /** The data controller of Ley 1581 (responsable del tratamiento). */
  dataController: text(160),
  /** Where the data-processing policy can be read (Decreto 1377 art. 15). */
  policyUrl: httpsUrl,
  logo: z.nullable(z.string().check(z.maxLength(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 40, 'El logo supera 48 KB'), z.refine(isLogoDataUrl, 'El logo debe ser una imagen PNG o JPEG'))),
  portalUrl: httpsUrl,
});
export type MunicipalityProfileFields = z.infer<typeof municipalityProfileFieldsSchema>;

/** The rules DOMAIN.md leaves to each municipality, with the pure functions' own schemas. */
export const municipalitySettingsSchema = z.object({ pqrsd: pqrsdSettingsSchema, training: trainingSettingsSchema });
export type MunicipalitySettings = z.infer<typeof municipalitySettingsSchema>;

export const DEFAULT_MUNICIPALITY_SETTINGS: MunicipalitySettings = { pqrsd: DEFAULT_PQRSD_SETTINGS, training: DEFAULT_TRAINING_SETTINGS };

export const municipalityProfileSchema = z.extend(municipalityProfileFieldsSchema, {
  id: z.string(),
  /** The DIVIPOLA code. */
  municipality: z.string(),
  settings: municipalitySettingsSchema,
});
export type MunicipalityProfile = z.infer<typeof municipalityProfileSchema>;

export const PROFILE_UPDATABLE_FIELDS = [
  'name',
  'department',
  'entityName',
  'address',
  'phone',
  'email',
  'dataController',
  'policyUrl',
  'logo',
  'portalUrl',
  'settings',
] as const;
export const municipalityProfileUpdatableSchema = z.extend(municipalityProfileFieldsSchema, { settings: municipalitySettingsSchema });

/**
 * The profile a municipality starts with: code and name from the seed (the code itself for a
 * municipality the seed does not know), the rest left for its admin, the default settings.
 */
export function seedProfile(code: string): MunicipalityProfile {
  const known = KNOWN_MUNICIPALITIES[code];
  const name = known?.name ?? code;
  const entityName = known ? `Alcaldía Municipal de ${known.name}` : `Alcaldía Municipal (${code})`;
  return {
    id: MUNICIPALITY_PROFILE_ID,
    municipality: code,
    name,
    department: known?.department ?? '',
    entityName,
    address: '',
    phone: '',
    email: '',
    dataController: entityName,
    policyUrl: '',
    logo: null,
    portalUrl: '',
    settings: DEFAULT_MUNICIPALITY_SETTINGS,
  };
}

/** "Name (Department)": the place as documents name it. */
export function placeLabel(p: Pick<MunicipalityProfile, 'name' | 'department'>): string {
  return p.department ? `${p.name} (${p.department})` : p.name;
}
