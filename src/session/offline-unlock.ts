import { del, get, set } from 'idb-keyval';
import { z } from 'zod/mini';
import { loginResponseSchema, type LoginResponse } from '#shared/auth';
import { fromBase64Url, toBase64Url } from '#shared/crypto/hmac';

/**
 * Signing in again offline on a device where the user signed in before. At each online sign-in
 * the session is sealed (AES-GCM) under a key drawn from the password by PBKDF2-SHA-256 with a
 * per-user random salt and many iterations: the password itself is never stored, and only the
 * right password opens the seal (the authenticated decryption is the verifier). The seal holds
 * the session as the server last gave it, so it opens only until that session expires, and the
 * server still judges its token at the next contact (revoked, password changed: sign in again).
 */

/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023): about half a second on a modest phone. */
export const PBKDF2_ITERATIONS = 600_000;
const KEY_PREFIX = 'gel-campo/offline-unlock/';

const sealSchema = z.object({
  v: z.literal(1),
  username: z.string(),
  iterations: z.number().check(z.int(), z.gte(100_000)),
  salt: z.string(),
  iv: z.string(),
  sealed: z.string(),
  /** When the sealed session expires (readable without the password, to say so plainly). */
  expiresAt: z.string(),
});
export type OfflineSeal = z.infer<typeof sealSchema>;

export type UnlockResult =
  | { ok: true; session: LoginResponse }
  | { ok: false; reason: 'never-signed-in' | 'expired' | 'wrong-password' };

const normal = (username: string) => username.trim().toLowerCase();
const enc = new TextEncoder();

async function passwordKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** The seal of a session under a password (pure apart from the random salt and IV). */
export async function sealSession(username: string, password: string, session: LoginResponse, iterations = PBKDF2_ITERATIONS): Promise<OfflineSeal> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await passwordKey(password, salt, iterations);
  // The username is bound as associated data: a seal copied under another name does not open.
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(normal(username)) }, key, enc.encode(JSON.stringify(session)));
  return { v: 1, username: normal(username), iterations, salt: toBase64Url(salt), iv: toBase64Url(iv), sealed: toBase64Url(new Uint8Array(sealed)), expiresAt: session.expiresAt };
}

/** Opens a seal with a password typed now: the session, or why not. */
export async function openSeal(seal: OfflineSeal | null, username: string, password: string, now = new Date()): Promise<UnlockResult> {
  if (!seal || seal.username !== normal(username)) return { ok: false, reason: 'never-signed-in' };
  if (Date.parse(seal.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired' };
  const key = await passwordKey(password, fromBase64Url(seal.salt), seal.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(seal.iv), additionalData: enc.encode(seal.username) }, key, fromBase64Url(seal.sealed));
  } catch (err) {
    // AES-GCM refuses with an OperationError when the key (the password) is not the one it was sealed with.
    if (err instanceof Error && err.name === 'OperationError') return { ok: false, reason: 'wrong-password' };
    throw err;
  }
  const session = loginResponseSchema.safeParse(JSON.parse(new TextDecoder().decode(plain)));
  if (!session.success || Date.parse(session.data.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, session: session.data };
}

/** After an online sign-in (or a password change): what lets this user sign in here again offline. */
export async function rememberForOffline(username: string, password: string, session: LoginResponse): Promise<void> {
  // A temporary password must be changed online first: nothing to unlock with it.
  if (session.user.mustChangePassword) {
    await del(KEY_PREFIX + normal(username));
    return;
  }
  await set(KEY_PREFIX + normal(username), await sealSession(username, password, session));
}

export async function unlockOffline(username: string, password: string, now = new Date()): Promise<UnlockResult> {
  const stored = sealSchema.safeParse(await get(KEY_PREFIX + normal(username)));
  return openSeal(stored.success ? stored.data : null, username, password, now);
}
