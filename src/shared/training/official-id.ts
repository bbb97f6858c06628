// Deterministic record id of an official, derived from the ID document: the same person added
// on two offline devices of a municipality gets the same id, so syncing merges them instead of
// duplicating. Keyed (HMAC with the municipality's secret, which the server hands to that
// municipality's devices), so the id does not reveal the ID number to whoever reads it in an
// attendance mark or the audit log: an unkeyed hash of a 10-digit number falls to brute force
// in seconds. Records made before the key existed keep their (unkeyed) ids.
import { hmacSha256 } from '../crypto/hmac';
import { isIdType, validateIdNumber } from '../identity';
import { uuidText } from '../ids';

/** The document number as it goes into the MAC: '1.234.567' and '1234567' must give one id. */
export function normalizeOfficialIdNumber(idType: string, idNumber: string): string {
  if (isIdType(idType)) {
    const r = validateIdNumber(idType, idNumber);
    if (r.ok) return r.normalized;
  }
  // Invalid numbers still need a stable id (the form reports the error, the id must not flip).
  return idNumber.trim().toUpperCase();
}

/**
 * UUID in the RFC 9562 version 8 (custom) layout made from HMAC-SHA256, keyed with the
 * municipality's official-id key, of `official|<municipality>|<idType>|<normalized idNumber>`:
 * first 16 bytes of the MAC, with the version nibble set to 8 and the variant bits to 10.
 */
export async function officialIdFor(officialIdKey: string, municipality: string, idType: string, idNumber: string): Promise<string> {
  return asUuidV8((await hmacSha256(officialIdKey, idName(municipality, idType, idNumber))).slice(0, 16));
}

const idName = (municipality: string, idType: string, idNumber: string) =>
  `official|${municipality}|${idType}|${normalizeOfficialIdNumber(idType, idNumber)}`;

function asUuidV8(bytes: Uint8Array): string {
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return uuidText(bytes);
}
