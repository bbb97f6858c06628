import { z } from 'zod/mini';

export const ROLES = ['admin', 'committee', 'internal_control', 'trainer', 'official'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrador',
  committee: 'Comité GEL-T',
  internal_control: 'Control Interno',
  trainer: 'Capacitador',
  official: 'Funcionario',
};

/** DIVIPOLA municipality code of five digits (DANE), e.g. 95200; names are in the profile. */
export const municipalityCodeSchema = z.string().check(z.regex(/^\d{5}$/, 'Código DIVIPOLA de 5 dígitos'));

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  municipality: municipalityCodeSchema,
  /** The office (dependencia) an official works in: it limits which citizen requests they see. */
  dependencia: z._default(z.nullable(z.string()), null),
  /** Set by an admin's password reset: the app asks for a new password before anything else. */
  mustChangePassword: z._default(z.boolean(), false),
});
export type User = z.infer<typeof userSchema>;
