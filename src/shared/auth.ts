import { z } from 'zod';
import { secretKeySchema } from './crypto/hmac';
import { DEVICE_NAME_MAX } from './device-label';
import { municipalityCodeSchema, roleSchema, userSchema } from './roles';

export const loginRequestSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
  /** The device this session belongs to (null: signed in without naming one, e.g. a script). */
  deviceId: z.string().max(64).nullable().optional(),
  /**
   * The key this device seals its "Exportar pendientes" files with, made for this (user, device)
   * on its first sign-in and the same afterwards until an admin revokes the device. Optional:
   * a session stored before this existed gets it at its next refresh.
   */
  deviceKey: secretKeySchema.nullable().optional(),
  /** The municipality's key for officials' record ids (src/shared/training/official-id.ts). */
  officialIdKey: secretKeySchema.optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** `details` of TOO_MANY_ATTEMPTS and RATE_LIMITED: when the next try is allowed (also in Retry-After). */
export const retryAfterDetailsSchema = z.object({ retryAfterSeconds: z.number().int().positive() });
export type RetryAfterDetails = z.infer<typeof retryAfterDetailsSchema>;

export const PASSWORD_MIN_LENGTH = 10;

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `Mínimo ${PASSWORD_MIN_LENGTH} caracteres`).max(256);

/** Empty means none: the official then sees only the requests they filed. */
export const dependenciaSchema = z
  .string()
  .trim()
  .max(120)
  .transform((s) => (s === '' ? null : s))
  .nullable();

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'Solo letras minúsculas, números, punto, guion y guion bajo'),
  displayName: z.string().trim().min(3).max(120),
  role: roleSchema,
  municipality: municipalityCodeSchema,
  password: passwordSchema,
  dependencia: dependenciaSchema.optional(),
});
export type CreateUser = z.infer<typeof createUserSchema>;

/** What an admin may change of a user of their municipality. */
export const userUpdateSchema = z
  .object({
    displayName: z.string().trim().min(3).max(120).optional(),
    role: roleSchema.optional(),
    dependencia: dependenciaSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Nothing to change');
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** The user's own password change; the answer is a fresh session (`loginResponseSchema`). */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

// Answers of /api/auth/* besides sessions (login, refresh and password answer `loginResponseSchema`).
export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;
export const logoutResponseSchema = z.object({ ok: z.literal(true) });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;
/** Sessions ended (logout-all, an admin revoking a device). */
export const revokedResponseSchema = z.object({ revoked: z.number().int().nonnegative() });
export type RevokedResponse = z.infer<typeof revokedResponseSchema>;

// Answers of /api/admin/users and /api/admin/devices.
export const adminUserSchema = userSchema.extend({ active: z.boolean() });
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema) });
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;
/** A user created (new accounts are active) or edited. */
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;
/** The temporary password is in this answer only (stored hashed like any other). */
export const passwordResetResponseSchema = z.object({
  user: adminUserSchema,
  temporaryPassword: z.string().min(1),
  revokedSessions: z.number().int().nonnegative(),
});
export type PasswordResetResponse = z.infer<typeof passwordResetResponseSchema>;

export const deviceInfoSchema = z.object({
  deviceId: z.string(),
  userId: z.string(),
  municipality: z.string(),
  /** Null: the user is no longer in the municipality's list. */
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  lastContactAt: z.iso.datetime(),
  appVersion: z.string().nullable(),
  pendingReported: z.number().int().nonnegative().nullable(),
  /** How the admin recognises it: from its browser at first contact ("Chrome en Android · 30/11/2026"), or the name they gave. */
  name: z.string().nullable().default(null),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;
export const devicesResponseSchema = z.object({ devices: z.array(deviceInfoSchema) });
/** The admin renames a device (PATCH /api/admin/devices/:deviceId). */
export const deviceRenameSchema = z
  .object({ name: z.string().trim().min(1, 'Escriba un nombre para el dispositivo').max(DEVICE_NAME_MAX, `Máximo ${DEVICE_NAME_MAX} caracteres`) })
  .strict();
export const deviceRenamedSchema = z.object({ deviceId: z.string(), name: z.string() });
export type DeviceRenamed = z.infer<typeof deviceRenamedSchema>;
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;
