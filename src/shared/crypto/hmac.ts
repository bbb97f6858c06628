// HMAC-SHA256 with WebCrypto: the same code runs on the device and on the server (Node 20), so a
// seal or an official's id is computed one way only.
import { z } from 'zod/mini';

/** A 256-bit secret handed by the server, as base64url without padding (43 characters). */
export const secretKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a 256-bit base64url key'));
/** An HMAC-SHA256 value, written the same way. */
export const macSchema = secretKeySchema;

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** 32 random bytes from the platform's CSPRNG, as a key string. */
export function newSecretKey(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

function importKey(key: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  const raw = fromBase64Url(secretKeySchema.parse(key));
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function hmacSha256(key: string, message: string): Promise<Uint8Array> {
  const sig = await globalThis.crypto.subtle.sign('HMAC', await importKey(key, 'sign'), new TextEncoder().encode(message));
  return new Uint8Array(sig);
}

/** Constant-time check (WebCrypto's verify) of a base64url MAC. */
export async function verifyHmacSha256(key: string, message: string, mac: string): Promise<boolean> {
  const sig = fromBase64Url(mac);
  return globalThis.crypto.subtle.verify('HMAC', await importKey(key, 'verify'), sig, new TextEncoder().encode(message));
}
