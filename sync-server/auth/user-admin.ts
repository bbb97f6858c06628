import { randomInt } from 'node:crypto';
import { type AdminUser, type CreateUser, type LoginResponse, type PasswordChange, type UserUpdate } from '#shared/auth';
import { AppError } from '#shared/errors';
import type { Store, StoredUser, UserPatch } from '../store/store';
import { acceptGenerated, acceptPassword } from './password-strength';
import { hashPassword, verifyPassword } from './passwords';
import { DEFAULT_SIGN_IN_POLICY, issueSession, publicUser, type SignInPolicy } from './sign-in';
import { throttledCheck } from './throttle';
import { hashToken } from './tokens';
import { createUser } from './users';

/** Who did it, for the audit log: an admin's id, or null for the server's console (admin CLI). */
export interface Operator {
  userId: string | null;
  municipality: string;
  deviceId?: string | null;
}

async function audit(store: Store, who: Operator, action: string, target: StoredUser, detail: Record<string, unknown>): Promise<void> {
  await store.appendAudit({
    at: new Date().toISOString(),
    municipality: target.municipality,
    userId: who.userId,
    deviceId: who.deviceId ?? null,
    action,
    kind: 'user',
    recordId: target.id,
    // Field names and roles only: never a password or its hash.
    detail,
  });
}

/** A user of the admin's own municipality; another municipality's user looks like no user at all. */
export async function userOfMunicipality(store: Store, municipality: string, id: string): Promise<StoredUser> {
  const user = await store.findUserById(id);
  if (!user || user.municipality !== municipality) throw new AppError('NOT_FOUND', 'No such user');
  return user;
}

/** A user as the admin screens show it (AdminUser, src/shared/auth.ts): no password hash, with whether the account is active. */
const adminView = (u: StoredUser): AdminUser => ({ ...publicUser(u), active: u.active });

/** The users of the admin's municipality. */
export async function listUsersForAdmin(store: Store, municipality: string): Promise<AdminUser[]> {
  return (await store.listUsers(municipality)).map(adminView);
}

/** An admin creates users of their own municipality only. */
export async function createUserByAdmin(store: Store, admin: StoredUser, input: CreateUser): Promise<AdminUser> {
  if (input.municipality !== admin.municipality) throw new AppError('FORBIDDEN', 'An admin creates users of their own municipality only');
  // A new account is active.
  return { ...(await createUser(store, input)), active: true };
}

/**
 * An admin edits a user. An admin may not deactivate or demote themselves: so at least the admin
 * making changes always remains, and a municipality cannot lose its last admin by a slip.
 */
export async function updateUserByAdmin(store: Store, admin: StoredUser, id: string, input: UserUpdate): Promise<AdminUser> {
  const target = await userOfMunicipality(store, admin.municipality, id);
  if (target.id === admin.id && (input.active === false || (input.role !== undefined && input.role !== 'admin'))) {
    throw new AppError('CANNOT_LOCK_OUT_SELF', 'An admin cannot deactivate or demote themselves');
  }
  const patch: UserPatch = {};
  if (input.displayName !== undefined && input.displayName !== target.displayName) patch.displayName = input.displayName;
  if (input.role !== undefined && input.role !== target.role) patch.role = input.role;
  if (input.dependencia !== undefined && input.dependencia !== target.dependencia) patch.dependencia = input.dependencia;
  if (input.active !== undefined && input.active !== target.active) patch.active = input.active;
  const fields = Object.keys(patch).sort();
  if (fields.length > 0) {
    await store.updateUser(target.id, patch);
    // A deactivated account stops working everywhere now, not when its tokens expire.
    const revoked = patch.active === false ? await store.revokeUserSessions(target.id, new Date().toISOString()) : 0;
    await audit(store, { userId: admin.id, municipality: admin.municipality }, 'user-update', target, {
      fields,
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      revokedSessions: revoked,
    });
  }
  const after = (await store.findUserById(target.id)) as StoredUser;
  return adminView(after);
}

// No 0/O, 1/l/I: read aloud over the phone or copied from a screen without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 15 random characters in three groups (about 74 bits), e.g. `k7mp3-x4qzt-9trwa`. */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

/**
 * Gives a user a new random password, shown once to whoever reset it; the user must change it at
 * the next sign-in, and every session they had ends (a lost or stolen device included). Their
 * devices' export keys end too, for good: whoever reset the password could otherwise sign in on
 * a device id of theirs and be handed its key, then seal files in their name. A file sealed before
 * the reset is refused; the devices get new keys once the user chose their own password.
 */
export async function resetPassword(store: Store, who: Operator, target: StoredUser): Promise<{ temporaryPassword: string; revokedSessions: number }> {
  const password = await acceptGenerated(store, temporaryPassword, target);
  const at = new Date().toISOString();
  // Keys first: if a step fails after this, the user is at worst without keys, never the reverse.
  const revokedDeviceKeys = await store.revokeUserDeviceKeys(target.id, at);
  await store.updateUser(target.id, { passwordHash: await hashPassword(password), mustChangePassword: true });
  const revokedSessions = await store.revokeUserSessions(target.id, at);
  // Waits earned by guesses at the old password have nothing to protect any more.
  await store.clearUserSignInFailures(target.username);
  await audit(store, who, 'password-reset', target, { via: who.userId ? 'api' : 'cli', revokedSessions, revokedDeviceKeys });
  return { temporaryPassword: password, revokedSessions };
}

/**
 * An admin resets the password of a user of their municipality (from the session's device, for
 * the audit). The temporary password is in this answer only: it is stored hashed like any other.
 */
export async function resetPasswordByAdmin(
  store: Store,
  caller: { user: StoredUser; deviceId: string | null },
  id: string,
): Promise<{ user: AdminUser; temporaryPassword: string; revokedSessions: number }> {
  const admin = caller.user;
  const target = await userOfMunicipality(store, admin.municipality, id);
  const result = await resetPassword(store, { userId: admin.id, municipality: admin.municipality, deviceId: caller.deviceId }, target);
  return { user: adminView({ ...target, mustChangePassword: true }), ...result };
}

/**
 * The user changes their own password: the current one is checked (under the sign-in throttle of
 * this user and address, so a stolen token cannot guess it), the new one must be strong, the
 * user's other sessions end, and the device in use carries on with a fresh token (the store
 * revokes per user, so "all but this one" is revoke all + reissue).
 */
export async function changeOwnPassword(
  store: Store,
  user: StoredUser,
  token: string,
  input: PasswordChange,
  clientAddress: string,
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
): Promise<LoginResponse> {
  const now = new Date();
  const current = await throttledCheck(store, { username: user.username, address: clientAddress }, policy, now, async () =>
    (await verifyPassword(input.currentPassword, user.passwordHash)) ? user : null,
  );
  if (!current) throw new AppError('WRONG_PASSWORD', 'The current password is not correct');
  if (input.newPassword === input.currentPassword) {
    throw new AppError('VALIDATION_FAILED', 'The new password must differ from the current one', [
      { path: 'newPassword', message: 'La nueva contraseña debe ser distinta de la actual' },
    ]);
  }
  const password = await acceptPassword(store, input.newPassword, user, 'newPassword');
  await store.updateUser(user.id, { passwordHash: await hashPassword(password), mustChangePassword: false });
  const session = await store.findSession(hashToken(token));
  // Every session ends, the one in use included, and that device gets a fresh token at once (as
  // a refresh does): someone who had the old password is out, the user carries on.
  const revoked = await store.revokeUserSessions(user.id, now.toISOString());
  const next = await issueSession(store, { ...user, mustChangePassword: false }, session?.deviceId ?? null, policy, now);
  await audit(store, { userId: user.id, municipality: user.municipality, deviceId: session?.deviceId ?? null }, 'password-change', user, {
    otherSessionsRevoked: Math.max(0, revoked - 1),
  });
  return next;
}
