/**
 * What a file is, decided by its first bytes (never by its name or a declared type), against
 * the only kinds the product keeps: photos (JPEG, PNG, WebP) and scanned documents (PDF).
 * Anything else (HTML, SVG, scripts, office files) is refused, so no uploaded file can run in
 * a browser. Shared by the server (upload and serving) and the device (picking and opening).
 */
export const ALLOWED_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

/** Bytes needed to decide (the longest signature: RIFF····WEBP). */
export const SNIFF_BYTES = 12;

/** Said to a person whose file was refused (and the API's message for UNSUPPORTED_FILE_TYPE). */
export const UNSUPPORTED_FILE_TYPE_MESSAGE = 'Tipo de archivo no admitido: solo se aceptan fotos JPEG, PNG o WebP y documentos PDF.';

const startsWith = (head: Uint8Array, sig: readonly number[], at = 0) => head.length >= at + sig.length && sig.every((b, i) => head[at + i] === b);
const ascii = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
// A PDF must start with its header: readers accept junk before it, which is how polyglots hide.
const PDF = ascii('%PDF-');

/** The allowed type the bytes begin with, or null. `head` is the file's start (SNIFF_BYTES suffice). */
export function sniffFileType(head: Uint8Array): AllowedFileType | null {
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  if (startsWith(head, PDF)) return 'application/pdf';
  return null;
}

/** Shown in place (an <img>); everything else only as a download. */
export function isImageType(type: string | null): type is 'image/jpeg' | 'image/png' | 'image/webp' {
  return type === 'image/jpeg' || type === 'image/png' || type === 'image/webp';
}

/** File name extension for a type, so a download opens with the right program. */
export const FILE_TYPE_EXTENSIONS: Record<AllowedFileType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
