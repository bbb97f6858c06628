import { get, set, del, update } from 'idb-keyval';
import { loginResponseSchema, type LoginResponse } from '#shared/auth';
import { uuidv7 } from '#shared/ids';

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

/**
 * The id this browser profile used before ids were per user: kept for the sessions and the user
 * who already have it (the server binds an id to the first user who signs in with it).
 */
export async function getDeviceId(): Promise<string> {
  // One transaction, so two tabs opening at once agree on the same id.
  await update<string>(DEVICE_KEY, (current) => current ?? uuidv7());
  return (await get<string>(DEVICE_KEY)) as string;
}

/**
 * The id this browser profile signs a user in with, made once per user: people who share a
 * tablet each get their own, since the server refuses an id to anyone but its first user.
 * Starts from the profile's older single id (its owner keeps it; anyone else is refused once
 * and then gets a fresh one, see renewDeviceIdFor).
 */
export async function deviceIdFor(username: string): Promise<string> {
  const legacy = await getDeviceId();
  const key = `${DEVICE_KEY}/${username}`;
  await update<string>(key, (current) => current ?? legacy);
  return (await get<string>(key)) as string;
}

/** A new id for this user on this profile, after the server said the current one is someone else's. */
export async function renewDeviceIdFor(username: string): Promise<string> {
  const next = uuidv7();
  await set(`${DEVICE_KEY}/${username}`, next);
  return next;
}
