import { AppError, zodIssues } from '#shared/errors';
import { createUserSchema } from '#shared/auth';
import { uuidv7 } from '#shared/ids';
import { seedProfile } from '#shared/municipality/municipality-schema';
import type { Store, StoredUser } from '../store/store';
import { ensureMunicipalityRecords } from '../sync/server-records';
import { acceptPassword, demoPassword } from './password-strength';
import { hashPassword } from './passwords';
import { publicUser } from './sign-in';

/**
 * Creates an account (admin route, admin CLI, demo seed). The password must pass the strength
 * check, except the demo seed's (`demo`), whose password is public in the README anyway.
 */
export async function createUser(store: Store, input: unknown, opts: { now?: Date; demo?: boolean } = {}) {
  const now = opts.now ?? new Date();
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Invalid user', zodIssues(parsed.error));
  const u = parsed.data;
  if (await store.findUserByUsername(u.username)) {
    throw new AppError('USERNAME_TAKEN', `The username '${u.username}' is taken`);
  }
  const password = opts.demo ? demoPassword(u.password) : await acceptPassword(store, u.password, u, 'password');
  const stored: StoredUser = {
    id: uuidv7(now.getTime()),
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    municipality: u.municipality,
    passwordHash: await hashPassword(password),
    active: true,
    createdAt: now.toISOString(),
    dependencia: u.dependencia ?? null,
    mustChangePassword: false,
  };
  await store.ensureMunicipality(u.municipality, seedProfile(u.municipality).name);
  await ensureMunicipalityRecords(store, u.municipality, now);
  await store.createUser(stored);
  return publicUser(stored);
}
