import { get, set, del, update } from 'idb-keyval';
import { loginResponseSchema, type LoginResponse } from '../shared/auth';
import { uuidv7 } from '../shared/ids';

const SESSION_KEY = 'gel-campo/session';
const DEVICE_KEY = 'gel-campo/device-id';

export type Session = LoginResponse;

/** The stored session, valid offline until it expires; the server still checks it on sync. */
export async function loadSession(now: Date = new Date()): Promise<Session | null> {
  const parsed = loginResponseSchema.safeParse(await get(SESSION_KEY));
  if (!parsed.success) return null;
  if (Date.parse(parsed.data.expiresAt) <= now.getTime()) return null;
  return parsed.data;
}

export async function saveSession(session: Session): Promise<void> {
  await set(SESSION_KEY, session);
}

export async function clearSession(): Promise<void> {
  await del(SESSION_KEY);
}

/** A stable id for this browser profile, made once. */
export async function getDeviceId(): Promise<string> {
  // One transaction, so two tabs opening at once agree on the same id.
  await update<string>(DEVICE_KEY, (current) => current ?? uuidv7());
  return (await get<string>(DEVICE_KEY)) as string;
}
