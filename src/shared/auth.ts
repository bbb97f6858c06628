import { z } from 'zod';
import { secretKeySchema } from './crypto/hmac';
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
