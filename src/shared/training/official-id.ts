// Deterministic record id of an official, derived from the ID document: the same person added
// on two offline devices gets the same id, so syncing merges them instead of duplicating.
import { isIdType, validateIdNumber } from '../identity';

/** The document number as it goes into the hash: '1.234.567' and '1234567' must give one id. */
export function normalizeOfficialIdNumber(idType: string, idNumber: string): string {
  if (isIdType(idType)) {
    const r = validateIdNumber(idType, idNumber);
    if (r.ok) return r.normalized;
  }
  // Invalid numbers still need a stable id (the form reports the error, the id must not flip).
  return idNumber.trim().toUpperCase();
}

/**
 * UUID in the RFC 9562 version 8 (custom) layout made from SHA-256 of
 * `official|<municipality>|<idType>|<normalized idNumber>`: first 16 bytes of the digest, with
 * the version nibble set to 8 and the variant bits to 10.
 */
export async function officialIdFor(municipality: string, idType: string, idNumber: string): Promise<string> {
  const name = `official|${municipality}|${idType}|${normalizeOfficialIdNumber(idType, idNumber)}`;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(name));
  const bytes = new Uint8Array(digest, 0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
