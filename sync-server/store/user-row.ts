// A users row as both stores read it; only the drivers' types differ (PostgreSQL gives booleans
// and a Date, SQLite 0/1 and the ISO text the server wrote).
import type { StoredUser } from './store';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StoredUser['role'];
  municipality: string;
  password_hash: string;
  active: boolean | number;
  created_at: Date | string;
  dependencia: string | null;
  must_change_password: boolean | number;
}

export const userOfRow = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  municipality: r.municipality,
  passwordHash: r.password_hash,
  active: Boolean(r.active),
  createdAt: typeof r.created_at === 'string' ? r.created_at : r.created_at.toISOString(),
  dependencia: r.dependencia,
  mustChangePassword: Boolean(r.must_change_password),
});
