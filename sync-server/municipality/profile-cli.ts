import { readFile } from 'node:fs/promises';
import { AppError } from '#shared/errors';
import { municipalityCodeSchema } from '#shared/roles';
import type { Store } from '../store/store';
import { ensureMunicipalityRecords } from '../sync/server-records';
import { municipalityProfile, updateProfileFromConsole } from './profile-service';

export const MUNICIPALITY_USAGE = `  npm run admin -- municipality show --municipality <code>
  npm run admin -- municipality set --municipality <code> [--name "<n>"] [--department "<d>"]
        [--entity "<entity name>"] [--address "<a>"] [--phone "<p>"] [--email <e>]
        [--controller "<data controller>"] [--policy-url <url>] [--portal-url <url>]
        [--logo <file.png|file.jpg>|none] [--saturday yes|no] [--extension-cap total|extra]
        [--after-hours yes|no] [--excused yes|no] [--threshold <percent>]
      (a code the seed does not know is set up by the first 'set'; devices get the change at their next sync)`;

/** The options `municipality set` reads, as parseArgs declares them. */
export const MUNICIPALITY_OPTIONS = {
  department: { type: 'string' },
  entity: { type: 'string' },
  address: { type: 'string' },
  phone: { type: 'string' },
  email: { type: 'string' },
  controller: { type: 'string' },
  'policy-url': { type: 'string' },
  'portal-url': { type: 'string' },
  logo: { type: 'string' },
  saturday: { type: 'string' },
  'extension-cap': { type: 'string' },
  'after-hours': { type: 'string' },
  excused: { type: 'string' },
  threshold: { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof MUNICIPALITY_OPTIONS | 'name' | 'municipality', string>>;

function yesNo(v: string | undefined, flag: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'yes' || v === 'no') return v === 'yes';
  throw new AppError('VALIDATION_FAILED', `--${flag} must be yes or no`);
}

async function logoOf(v: string | undefined): Promise<string | null | undefined> {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  const bytes = await readFile(v);
  const type = bytes[0] === 0x89 ? 'png' : 'jpeg';
  return `data:image/${type};base64,${bytes.toString('base64')}`;
}

/** `municipality show|set`: prints the profile (as JSON, the logo by size) or changes it. */
export async function municipalityCommand(store: Store, action: string | undefined, values: Values, log: (s: string) => void): Promise<number> {
  const code = municipalityCodeSchema.safeParse(values.municipality ?? '');
  if (!code.success || (action !== 'show' && action !== 'set')) {
    log(MUNICIPALITY_USAGE);
    return 2;
  }
  if (action === 'set') {
    const current = await municipalityProfile(store, code.data);
    const pqrsd = { ...current.settings.pqrsd };
    const training = { ...current.settings.training };
    const saturday = yesNo(values.saturday, 'saturday');
    if (saturday !== undefined) pqrsd.saturdayIsBusinessDay = saturday;
    if (values['extension-cap'] !== undefined) pqrsd.extensionCap = values['extension-cap'] as 'total';
    const afterHours = yesNo(values['after-hours'], 'after-hours');
    if (afterHours !== undefined) pqrsd.afterHoursFromNextBusinessDay = afterHours;
    const excused = yesNo(values.excused, 'excused');
    if (excused !== undefined) training.excusedCountAsAttended = excused;
    if (values.threshold !== undefined) training.minAttendanceShare = Number(values.threshold) / 100;
    const fields: Record<string, unknown> = {
      name: values.name,
      department: values.department,
      entityName: values.entity,
      address: values.address,
      phone: values.phone,
      email: values.email,
      dataController: values.controller,
      policyUrl: values['policy-url'],
      portalUrl: values['portal-url'],
      logo: await logoOf(values.logo),
      settings: { pqrsd, training },
    };
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    // A municipality the server does not hold yet: set up like its first user would.
    await store.ensureMunicipality(code.data, values.name ?? current.name);
    await ensureMunicipalityRecords(store, code.data);
    await updateProfileFromConsole(store, code.data, patch);
  }
  const p = await municipalityProfile(store, code.data);
  log(JSON.stringify({ ...p, logo: p.logo ? `${p.logo.length} characters` : null }, null, 2));
  return 0;
}
