import type { UserPatch } from './store';

const COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  dependencia: 'dependencia',
  active: 'active',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
};

/** The column/value pairs of a user patch, fields left out stay out (both dialects). */
export function userPatchColumns(patch: UserPatch): [string, string | boolean | null][] {
  return (Object.keys(COLUMNS) as (keyof UserPatch)[])
    .filter((k) => patch[k] !== undefined)
    .map((k) => [COLUMNS[k], patch[k] as string | boolean | null]);
}
