import { AppError } from '../../src/shared/errors';
import type { LoginResponse } from '../../src/shared/auth';
import type { User } from '../../src/shared/roles';
import type { Store, StoredUser } from '../store/store';
import { claimDevice } from './device-keys';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface SignInPolicy {
  tokenTtlMs: number;
  /** Failures allowed per username before sign-in is locked for a while. */
  freeAttempts: number;
  /** Failures allowed per client address: higher, as a whole town hall may share one connection. */
  freeAttemptsPerAddress: number;
  /** First lock; doubles with every further failure, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  tokenTtlMs: 30 * 24 * 3600 * 1000,
  freeAttempts: 5,
  freeAttemptsPerAddress: 30,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

export const publicUser = (u: StoredUser): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  municipality: u.municipality,
  dependencia: u.dependencia,
  mustChangePassword: u.mustChangePassword,
});

export async function checkLock(store: Store, key: string, now: Date): Promise<void> {
  const f = await store.getLoginFailures(key);
  if (f?.lockedUntil && Date.parse(f.lockedUntil) > now.getTime()) {
    const retryAfter = Math.ceil((Date.parse(f.lockedUntil) - now.getTime()) / 1000);
    throw new AppError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins; try again later', { retryAfterSeconds: retryAfter });
  }
}

export async function recordFailure(store: Store, key: string, policy: SignInPolicy, now: Date): Promise<void> {
  const count = ((await store.getLoginFailures(key))?.count ?? 0) + 1;
  const over = count - (key.startsWith('addr:') ? policy.freeAttemptsPerAddress : policy.freeAttempts);
  const lockedUntil =
    over >= 0 ? new Date(now.getTime() + Math.min(policy.baseLockMs * 2 ** over, policy.maxLockMs)).toISOString() : null;
  await store.putLoginFailures({ key, count, lockedUntil });
}

/** Checks credentials, slowing down repeated failures per username and per client address. */
export async function signIn(
  store: Store,
  input: { username: string; password: string; deviceId: string | null; clientAddress: string },
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  now: Date = new Date(),
): Promise<LoginResponse> {
  const keys = [`user:${input.username}`, `addr:${input.clientAddress}`];
  for (const k of keys) await checkLock(store, k, now);

  const user = await store.findUserByUsername(input.username);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    for (const k of keys) await recordFailure(store, k, policy, now);
    throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
  }
  for (const k of keys) await store.clearLoginFailures(k);
  return issueSession(store, user, input.deviceId, policy, now);
}

/**
 * A new random token for a user (only its hash is kept), with what the device needs offline:
 * its export key (if it named itself; the id must be this user's) and the municipality's key
 * for officials' ids. Sign-in, refresh and a password change all answer this way, so a device
 * signed in before the keys existed gets them at its next refresh.
 */
export async function issueSession(
  store: Store,
  user: StoredUser,
  deviceId: string | null,
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  now: Date = new Date(),
): Promise<LoginResponse> {
  const deviceKey = deviceId ? await claimDevice(store, user, deviceId, now) : null;
  const officialIdKey = await store.officialIdKey(user.municipality);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + policy.tokenTtlMs).toISOString();
  await store.createSession({ tokenHash: hashToken(token), userId: user.id, deviceId, createdAt: now.toISOString(), expiresAt, revokedAt: null });
  return { token, expiresAt, user: publicUser(user), deviceId, deviceKey, officialIdKey };
}

/** Who is calling: the user, and the device their session was opened on (never a header). */
export interface Authenticated {
  user: StoredUser;
  deviceId: string | null;
}

/** The user behind a bearer token, or an UNAUTHENTICATED error. */
export async function authenticate(store: Store, token: string | null, now: Date = new Date()): Promise<Authenticated> {
  if (!token) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  const session = await store.findSession(hashToken(token));
  if (!session || session.revokedAt || Date.parse(session.expiresAt) <= now.getTime()) {
    throw new AppError('UNAUTHENTICATED', 'The session is not valid or has expired');
  }
  const user = await store.findUserById(session.userId);
  if (!user || !user.active) throw new AppError('UNAUTHENTICATED', 'The account is disabled');
  return { user, deviceId: session.deviceId };
}
