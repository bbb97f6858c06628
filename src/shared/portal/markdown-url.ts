// URL policy of the portal's Markdown (see markdown.ts): which link targets and image sources
// may reach the HTML, percent-encoded and HTML-escaped. Links: http, https, mailto, tel and
// relative references on the same site. Images: only the municipality's own files.

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes & < > " ' — safe for text and for double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const UNESC: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Reverses escapeHtml (and micromark's own encoding, a subset of it). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESC[e]!);
}

// ASCII kept as is in a URL, as CommonMark's reference renderers do; the rest is percent-encoded.
const URL_KEEP = /[!#$&-;=?-Z_a-z~]/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;

/** Percent-encodes spaces, controls, quotes, brackets and non-ASCII, keeping valid %XX escapes. */
export function normalizeUrl(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (c === 37) out += HEX2.test(value.slice(i + 1, i + 3)) ? '%' : '%25';
    else if (c < 128) out += URL_KEEP.test(ch) ? ch : `%${c < 16 ? '0' : ''}${c.toString(16).toUpperCase()}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else out += c >= 0xd800 && c <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(ch);
  }
  return out;
}

// Control, format and invisible characters a lenient URL reader might skip (combining ones on purpose).
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffd]/g;
const DANGER = /(?:javascript|vbscript|livescript|mocha|data):/;
const ENTITY = /&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(colon|tab|newline));?/gi;
const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n' };

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '';
}

/** What a lenient reader could make of a URL: %XX and entities decoded repeatedly, invisibles dropped. */
function loose(url: string): string {
  let s = url;
  for (let round = 0; round < 5; round++) {
    const next = s
      .replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(ENTITY, (_, hex?: string, dec?: string, name?: string) =>
        hex ? codePoint(parseInt(hex, 16)) : dec ? codePoint(parseInt(dec, 10)) : NAMED[name!.toLowerCase()]!);
    if (next === s) break;
    s = next;
  }
  return s.replace(INVISIBLE, '').toLowerCase();
}

const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** The scheme of a normalised URL (lower case), '' for a relative reference. */
function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  const end = url.search(/[/?#]/);
  return colon >= 0 && (end < 0 || colon < end) ? url.slice(0, colon).toLowerCase() : '';
}

export interface SafeLink {
  /** Percent-encoded, not yet HTML-escaped. */
  href: string;
  /** http(s): gets rel="noopener noreferrer". */
  external: boolean;
}

/**
 * A link target the portal may point to, or null: http(s)://, mailto, tel, or a relative
 * reference on the same site ('doc', '../x', '/portal/…', '?q', '#id'). A colon before the first
 * '/', '?' or '#' is a scheme, so '%6Aavascript:' is refused rather than read as a path.
 */
export function safeHref(dest: string): SafeLink | null {
  const href = normalizeUrl(dest);
  if (href === '' || href.startsWith('//')) return null; // '//host' leaves the site
  const scheme = schemeOf(href);
  const external = scheme === 'http' || scheme === 'https';
  if ((scheme !== '' && !LINK_SCHEMES.has(scheme)) || (external && !/^https?:\/\//i.test(href))) return null;
  if (DANGER.test(loose(href))) return null;
  return { href, external };
}

const IMAGE_REF = /^(?:attachment:[0-9a-fA-F]{64}|image:[A-Za-z0-9_-]{1,128})$/;
const ARCHIVE_PATH = /^\/portal\/archivo\/[0-9a-f]{64}$/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** `attachment:<sha256>` or `image:<id>`: a file of the draft, resolved by the caller. */
export function isImageRef(dest: string): boolean {
  return IMAGE_REF.test(dest);
}

/** An image written as a plain URL shows only when it is one of the portal's published files. */
export function directImageSrc(dest: string): string | null {
  return ARCHIVE_PATH.test(dest) ? dest : null;
}

/**
 * Re-checks what a resolver answered for an image ref: a same-site path, a blob: URL of the
 * PWA's local store, or an inline PNG/JPEG/WebP. Anything else (or a throw) is refused.
 */
export function resolvedImageSrc(ref: string, resolver: ((ref: string) => string | null) | undefined): string | null {
  let answer: unknown = null;
  try {
    answer = resolver ? resolver(ref) : null;
  } catch {
    return null;
  }
  if (typeof answer !== 'string') return null;
  if (DATA_IMAGE.test(answer)) return answer; // base64 needs no encoding; data URLs can be large
  const src = normalizeUrl(answer);
  const sameSite = src.startsWith('/') && !src.startsWith('//');
  const local = /^blob:https?:\/\//i.test(src);
  return (sameSite || local) && !DANGER.test(loose(src)) ? src : null;
}
