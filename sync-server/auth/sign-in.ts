import { AppError } from '#shared/errors';
import type { LoginResponse } from '#shared/auth';
import type { User } from '#shared/roles';
import type { Store, StoredUser } from '../store/store';
import { claimDevice } from './device-keys';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { DEFAULT_THROTTLE, throttledCheck, type ThrottlePolicy } from './throttle';
import { hashToken, newToken } from './tokens';

export interface SignInPolicy extends ThrottlePolicy {
  tokenTtlMs: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  tokenTtlMs: 30 * 24 * 3600 * 1000,
  ...DEFAULT_THROTTLE,
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

/**
 * Checks credentials under the throttle of (username, address): a wrong password from one
 * address never stops the person signing in from another. Known and unknown usernames take the
 * same steps and get the same answer.
 */
export async function signIn(
  store: Store,
  input: { username: string; password: string; deviceId: string | null; clientAddress: string },
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  now: Date = new Date(),
): Promise<LoginResponse> {
  const user = await throttledCheck(store, { username: input.username, address: input.clientAddress }, policy, now, async () => {
    const found = await store.findUserByUsername(input.username);
    const matches = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH);
    return matches && found?.active ? found : null;
  });
  if (!user) throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
  return issueSession(store, user, input.deviceId, policy, now);
}

/**
 * A new random token for a user (only its hash is kept), with what the device needs offline:
 * its export key (if it named itself; the id must be this user's) and the municipality's key
 * for officials' ids. Sign-in, refresh and a password change all answer this way, so a device
 * signed in before the keys existed gets them at its next refresh. A session on a temporary
 * password gets neither key: it may only choose a new password (see claimDevice).
 */
export async function issueSession(
  store: Store,
  user: StoredUser,
  deviceId: string | null,
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  now: Date = new Date(),
): Promise<LoginResponse> {
  const deviceKey = deviceId ? await claimDevice(store, user, deviceId, now) : null;
  const officialIdKey = user.mustChangePassword ? undefined : await store.officialIdKey(user.municipality);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + policy.tokenTtlMs).toISOString();
  await store.createSession({ tokenHash: hashToken(token), userId: user.id, deviceId, createdAt: now.toISOString(), expiresAt, revokedAt: null });
  return { token, expiresAt, user: publicUser(user), deviceId, deviceKey, ...(officialIdKey ? { officialIdKey } : {}) };
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
