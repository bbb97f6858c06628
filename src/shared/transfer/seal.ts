import { hmacSha256, toBase64Url, verifyHmacSha256 } from '../crypto/hmac';
import { canonicalJson } from './canonical-json';
import type { PendingExport } from './pending-export';

/** Domain separation: a MAC made for this purpose cannot be passed off as one made for another. */
const SEAL_CONTEXT = 'gel-campo/pendientes/seal/v2\n';

/** The text a seal covers: the whole file but its seal, canonically serialised. */
export function sealedText(file: Record<string, unknown>): string {
  const { seal: _seal, ...content } = file;
  return SEAL_CONTEXT + canonicalJson(content);
}

/** Seals a file with the device's key (on the device, at export). */
export async function sealExport(content: Omit<PendingExport, 'seal'>, deviceKey: string): Promise<PendingExport> {
  // Sealed as it will be read back: what JSON keeps of it (no Dates, no undefined members).
  const plain = JSON.parse(JSON.stringify(content)) as Omit<PendingExport, 'seal'>;
  const mac = toBase64Url(await hmacSha256(deviceKey, sealedText(plain)));
  return { ...plain, seal: { alg: 'HMAC-SHA256', mac } };
}

/**
 * Checks a file's seal against its author's device key, over the file as received (before any
 * schema strips or normalises a member): everything applied afterwards was covered.
 */
export async function sealVerifies(raw: Record<string, unknown>, mac: string, deviceKey: string): Promise<boolean> {
  return verifyHmacSha256(deviceKey, sealedText(raw), mac);
}
