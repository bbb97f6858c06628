import { placeLabel, seedProfile } from '#shared/municipality/municipality-schema';
import type { Role } from '#shared/roles';
import { createUser } from './auth/users';
import { runExclusive } from './store/exclusive';
import type { Store } from './store/store';

const DEMO_CODE = '95200';
export const DEMO_MUNICIPALITY = { code: DEMO_CODE, name: placeLabel(seedProfile(DEMO_CODE)) } as const;
// Public (README) and too easy to guess by design: the demo seed alone skips the strength check.
// A real installation runs with GEL_DEMO=0 and creates its accounts with strong passwords.
export const DEMO_PASSWORD = 'miraflores2026';

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: Role; dependencia?: string }[] = [
  { username: 'admin', displayName: 'Administrador del sistema', role: 'admin' },
  { username: 'comite', displayName: 'Comité GEL-T', role: 'committee' },
  { username: 'control', displayName: 'Oficina de Control Interno', role: 'internal_control' },
  { username: 'capacitador', displayName: 'Capacitador de ofimática', role: 'trainer' },
  { username: 'funcionario', displayName: 'Funcionario de ventanilla', role: 'official', dependencia: 'Ventanilla única' },
  { username: 'gobierno', displayName: 'Funcionaria de la Secretaría de Gobierno', role: 'official', dependencia: 'Secretaría de Gobierno' },
];

/** On an empty database: the municipality, and (unless disabled) one demo account per role. */
export async function seedIfEmpty(store: Store, demo: boolean, log: (msg: string) => void): Promise<void> {
  // Several instances may start together on one empty shared database: one seeds, the others
  // wait for it and then find the users there.
  const seeded = await runExclusive(store, 'demo-seed', async () => {
    await store.ensureMunicipality(DEMO_MUNICIPALITY.code, seedProfile(DEMO_CODE).name);
    if (!demo || (await store.countUsers()) > 0) return false;
    for (const a of DEMO_ACCOUNTS) {
      await createUser(store, { ...a, municipality: DEMO_MUNICIPALITY.code, password: DEMO_PASSWORD }, { demo: true });
    }
    return true;
  });
  if (!seeded) return;
  log(
    `WARNING: demo accounts created for ${DEMO_MUNICIPALITY.name} (${DEMO_MUNICIPALITY.code}): ` +
      `${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} — password '${DEMO_PASSWORD}', which anyone can read in the README. ` +
      'Never for real use: start a real installation with GEL_DEMO=0 on an empty database.',
  );
}
