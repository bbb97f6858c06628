import { z } from 'zod/mini';
import { secretKeySchema } from './crypto/hmac';
import { DEVICE_NAME_MAX } from './device-label';
import { municipalityCodeSchema, roleSchema, userSchema } from './roles';

export const loginRequestSchema = z.object({
  username: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
  /** The device this session belongs to (null: signed in without naming one, e.g. a script). */
  deviceId: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  /**
   * The key this device seals its "Exportar pendientes" files with, made for this (user, device)
   * on its first sign-in and the same afterwards until an admin revokes the device. Optional:
   * a session stored before this existed gets it at its next refresh.
   */
  deviceKey: z.optional(z.nullable(secretKeySchema)),
  /** The municipality's key for officials' record ids (src/shared/training/official-id.ts). */
  officialIdKey: z.optional(secretKeySchema),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** `details` of TOO_MANY_ATTEMPTS and RATE_LIMITED: when the next try is allowed (also in Retry-After). */
export const retryAfterDetailsSchema = z.object({ retryAfterSeconds: z.number().check(z.int(), z.positive()) });
export type RetryAfterDetails = z.infer<typeof retryAfterDetailsSchema>;

export const PASSWORD_MIN_LENGTH = 10;

export const passwordSchema = z.string().check(z.minLength(PASSWORD_MIN_LENGTH, `Mínimo ${PASSWORD_MIN_LENGTH} caracteres`), z.maxLength(256));

/** Empty means none: the official then sees only the requests they filed. */
export const dependenciaSchema = z.nullable(z.pipe(z.string().check(z.trim(), z.maxLength(120)), z.transform((s) => (s === '' ? null : s))));

export const createUserSchema = z.object({
  username: z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9._-]{3,64}$/, 'Solo letras minúsculas, números, punto, guion y guion bajo')),
  displayName: z.string().check(z.trim(), z.minLength(3), z.maxLength(120)),
  role: roleSchema,
  municipality: municipalityCodeSchema,
  password: passwordSchema,
  dependencia: z.optional(dependenciaSchema),
});
export type CreateUser = z.infer<typeof createUserSchema>;

/** What an admin may change of a user of their municipality. */
export const userUpdateSchema = z.strictObject({
    displayName: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(120))),
    role: z.optional(roleSchema),
    dependencia: z.optional(dependenciaSchema),
    active: z.optional(z.boolean()),
  }).check(z.refine((p) => Object.values(p).some((v) => v !== undefined), 'Nothing to change'));
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** The user's own password change; the answer is a fresh session (`loginResponseSchema`). */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(256)),
  newPassword: passwordSchema,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

// Answers of /api/auth/* besides sessions (login, refresh and password answer `loginResponseSchema`).
export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;
export const logoutResponseSchema = z.object({ ok: z.literal(true) });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;
/** Sessions ended (logout-all, an admin revoking a device). */
export const revokedResponseSchema = z.object({ revoked: z.number().check(z.int(), z.nonnegative()) });
export type RevokedResponse = z.infer<typeof revokedResponseSchema>;

// Answers of /api/admin/users and /api/admin/devices.
export const adminUserSchema = z.extend(userSchema, { active: z.boolean() });
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema) });
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;
/** A user created (new accounts are active) or edited. */
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;
/** The temporary password is in this answer only (stored hashed like any other). */
export const passwordResetResponseSchema = z.object({
  user: adminUserSchema,
  temporaryPassword: z.string().check(z.minLength(1)),
  revokedSessions: z.number().check(z.int(), z.nonnegative()),
});
export type PasswordResetResponse = z.infer<typeof passwordResetResponseSchema>;

export const deviceInfoSchema = z.object({
  deviceId: z.string(),
  userId: z.string(),
  municipality: z.string(),
  /** Null: the user is no longer in the municipality's list. */
  username: z.nullable(z.string()),
  displayName: z.nullable(z.string()),
  lastContactAt: z.iso.datetime(),
  appVersion: z.nullable(z.string()),
  pendingReported: z.nullable(z.number().check(z.int(), z.nonnegative())),
  /** How the admin recognises it: from its browser at first contact ("Chrome en Android · 30/11/2026"), or the name they gave. */
  name: z._default(z.nullable(z.string()), null),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;
export const devicesResponseSchema = z.object({ devices: z.array(deviceInfoSchema) });
/** The admin renames a device (PATCH /api/admin/devices/:deviceId). */
export const deviceRenameSchema = z.strictObject({ name: z.string().check(z.trim(), z.minLength(1, 'Escriba un nombre para el dispositivo'), z.maxLength(DEVICE_NAME_MAX, `Máximo ${DEVICE_NAME_MAX} caracteres`)) });
export const deviceRenamedSchema = z.object({ deviceId: z.string(), name: z.string() });
export type DeviceRenamed = z.infer<typeof deviceRenamedSchema>;
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;
