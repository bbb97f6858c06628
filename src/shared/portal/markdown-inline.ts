// Inline Markdown for the portal renderer (see markdown.ts): HTML escaping, entity decoding,
// the URL policy and the inline tokenizer. The tokenizer only builds a tree of inline nodes;
// HTML is produced by markdown.ts from a fixed set of tags. Linear-time design (CommonMark
// delimiter and bracket stacks, indexed backtick runs, bounded scans, no backtracking regex).

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'br' }
  | { t: 'soft' }
  | { t: 'em' | 'strong'; c: Inline[] }
  | { t: 'link'; dest: string; title: string; c: Inline[]; auto?: 'angle' | 'bare' }
  | { t: 'img'; dest: string; title: string; c: Inline[] };

/** Emphasis/link nesting deeper than this stays literal text (keeps rendering recursion bounded). */
export const MAX_INLINE_DEPTH = 16;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes & < > " ' — safe for text and for double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

// ---------------------------------------------------------------------------
// Entities

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', deg: '°',
  hellip: '…', ndash: '–', mdash: '—', laquo: '«', raquo: '»', iexcl: '¡', iquest: '¿', euro: '€',
  middot: '·', ordf: 'ª', ordm: 'º', aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú',
  Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', ntilde: 'ñ', Ntilde: 'Ñ',
  uuml: 'ü', Uuml: 'Ü', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  // Characters attackers spell as entities to hide a URL scheme.
  colon: ':', Tab: '\t', NewLine: '\n', lpar: '(', rpar: ')', sol: '/', period: '.', comma: ',',
};
const ENTITY_RE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;

function fromCodePoint(cp: number): string {
  const bad = cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp < 0x20 && cp !== 9 && cp !== 10) || (cp >= 0x7f && cp <= 0x9f);
  return bad ? '\ufffd' : String.fromCodePoint(cp);
}

/** Decodes the entity starting at `p` (which holds '&'); null when there is none. */
function entityAt(s: string, p: number): { v: string; end: number } | null {
  ENTITY_RE.lastIndex = p;
  const m = ENTITY_RE.exec(s);
  if (!m) return null;
  if (m[1] !== undefined) return { v: fromCodePoint(parseInt(m[1], 16)), end: ENTITY_RE.lastIndex };
  if (m[2] !== undefined) return { v: fromCodePoint(parseInt(m[2], 10)), end: ENTITY_RE.lastIndex };
  const named = Object.prototype.hasOwnProperty.call(NAMED, m[3]!) ? NAMED[m[3]!] : undefined;
  return named === undefined ? null : { v: named, end: ENTITY_RE.lastIndex };
}

const isAsciiPunct = (c: number): boolean =>
  (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

/** Resolves backslash escapes (optional) and known entities. */
export function decodeText(s: string, backslashes = true): string {
  if (s.indexOf('&') < 0 && (!backslashes || s.indexOf('\\') < 0)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (backslashes && c === 92 && i + 1 < s.length && isAsciiPunct(s.charCodeAt(i + 1))) {
      out += s[++i];
    } else if (c === 38) {
      const e = entityAt(s, i);
      if (e) { out += e.v; i = e.end - 1; } else out += '&';
    } else out += s[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// URL policy

const URL_KEEP = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;
const HEX2 = /^[0-9a-fA-F]{2}$/;

/** Percent-encodes everything outside a conservative ASCII set (controls, spaces, quotes, non-ASCII). */
function encodeUrl(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (c === 37) {
      out += HEX2.test(s.slice(i + 1, i + 3)) ? '%' : '%25';
    } else if (c < 128) {
      out += URL_KEEP.test(ch) ? ch : '%' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
    } else {
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? s.slice(i, i + 2) : ch;
      i += pair.length - 1;
      try { out += encodeURIComponent(pair); } catch { out += '%EF%BF%BD'; }
    }
  }
  return out;
}

// Control, format and invisible characters a URL parser might skip (combining ones included on purpose).
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffd]/g;
const DANGER = /(?:javascript|vbscript|livescript|mocha|data):/;

/** What a permissive parser could read: entities and %XX decoded repeatedly, invisibles dropped, lower case. */
function loose(u: string): string {
  let s = u;
  for (let round = 0; round < 5; round++) {
    const next = decodeText(s, false).replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (next === s) break;
    s = next;
  }
  return s.replace(INVISIBLE, '').toLowerCase();
}

const isSafeRelative = (x: string): boolean => x.startsWith('/') && !x.startsWith('//') && !x.startsWith('/\\');

/** Safe href for a link destination, or null. Allows http(s), mailto, tel, '/path', '#frag'. */
export function safeHref(dest: string): { href: string; external: boolean } | null {
  const href = encodeUrl(dest.trim());
  const ok = (x: string): boolean => x.startsWith('http://') || x.startsWith('https://') ||
    x.startsWith('mailto:') || x.startsWith('tel:') || x.startsWith('#') || isSafeRelative(x);
  const lower = href.toLowerCase();
  const norm = loose(href);
  if (!href || DANGER.test(norm) || !ok(lower) || !ok(norm)) return null;
  return { href, external: lower.startsWith('http') };
}

const DATA_IMAGE = /^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/i;
const IMAGE_REF = /^(?:attachment:[0-9a-fA-F]{64}|image:[A-Za-z0-9_-]{1,128})$/;

function checkImage(raw: string, fromResolver: boolean): string | null {
  if (DATA_IMAGE.test(raw.trim())) return raw.trim(); // base64 needs no encoding; data URLs can be large
  const src = encodeUrl(raw.trim());
  const lower = src.toLowerCase();
  const norm = loose(src);
  const ok = (x: string): boolean => x.startsWith('https://') || isSafeRelative(x) || (fromResolver && x.startsWith('blob:'));
  return src && !DANGER.test(norm) && ok(lower) && ok(norm) ? src : null;
}

/**
 * Safe img src, or null. Allows https:, '/path', data:image/(png|jpeg|webp);base64. An
 * `attachment:<sha256>` or `image:<id>` ref is passed whole to `resolver`; its answer is
 * re-checked (it may also be a blob: URL from the PWA's local store).
 */
export function safeImageSrc(dest: string, resolver?: (ref: string) => string | null): string | null {
  const ref = dest.trim();
  if (IMAGE_REF.test(ref)) {
    let resolved: unknown = null;
    try { resolved = resolver ? resolver(ref) : null; } catch { resolved = null; }
    return typeof resolved === 'string' ? checkImage(resolved, true) : null;
  }
  return checkImage(ref, false);
}

// ---------------------------------------------------------------------------
// Inline tokenizer

interface LNode { n: Inline; h: number; prev: LNode | null; next: LNode | null }
interface Delim {
  node: LNode; ch: string; count: number; orig: number; idx: number;
  canOpen: boolean; canClose: boolean; prev: Delim | null; next: Delim | null;
}
interface Bracket { node: LNode; image: boolean; seq: number; prev: Bracket | null; prevDelim: Delim | null }

const SPECIAL = new Uint8Array(128);
for (const ch of '\n\\`*_![]<&h') SPECIAL[ch.charCodeAt(0)] = 1;
const WS = /\s/;
const PUNCT = /[\p{P}\p{S}]/u;
const INLINE_SYNTAX = /[\n\\`*_![\]<&]|https?:\/\//;
const URL_STOP = /[\s<>[\]`"]/;
const URL_TRAIL = /[?!.,:;*_~'"]/;

function skipWs(s: string, p: number): number {
  while (p < s.length && (s[p] === ' ' || s[p] === '\t' || s[p] === '\n')) p++;
  return p;
}

/** Parses `(dest "title")` with `p` just after '('. Bounded: stops at the first structural stop. */
function linkTail(s: string, p: number): { dest: string; title: string; end: number } | null {
  const n = s.length;
  let dest: string;
  p = skipWs(s, p);
  if (s[p] === '<') {
    let q = p + 1;
    while (q < n && s[q] !== '>' && s[q] !== '<' && s[q] !== '\n') q += s[q] === '\\' ? 2 : 1;
    if (q >= n || s[q] !== '>') return null;
    dest = s.slice(p + 1, q);
    p = q + 1;
  } else {
    let q = p;
    let depth = 0;
    while (q < n) {
      const c = s.charCodeAt(q);
      if (c === 92 && q + 1 < n && isAsciiPunct(s.charCodeAt(q + 1))) { q += 2; continue; }
      if (c <= 32 || c === 127) break;
      if (c === 40 && ++depth > 32) return null;
      if (c === 41 && depth-- === 0) break;
      q++;
    }
    if (depth > 0) return null;
    dest = s.slice(p, q);
    p = q;
  }
  const before = p;
  p = skipWs(s, p);
  let title = '';
  const open = s[p];
  if (p > before && (open === '"' || open === "'" || open === '(')) {
    const close = open === '(' ? ')' : open;
    let q = p + 1;
    while (q < n && s[q] !== close) {
      if (open === '(' && s[q] === '(') return null;
      q += s[q] === '\\' ? 2 : 1;
    }
    if (q >= n) return null;
    title = s.slice(p + 1, q);
    p = skipWs(s, q + 1);
  }
  if (s[p] !== ')') return null;
  return { dest: decodeText(dest), title: decodeText(title), end: p + 1 };
}

/** Tokenizes one paragraph/heading/cell of inline Markdown into a node tree. */
export function parseInline(text: string): Inline[] {
  if (!INLINE_SYNTAX.test(text)) return text ? [{ t: 'text', v: text }] : [];
  const n = text.length;
  let head = null as LNode | null;
  let tail = null as LNode | null;
  let dTop: Delim | null = null;
  let bTop: Bracket | null = null;
  let buf = '';
  let delimIdx = 0;
  let bracketSeq = 0;
  let linkFloor = -1; // '[' openers with seq <= linkFloor are inactive (no links in links)

  const append = (node: Inline, h = 0): LNode => {
    const l: LNode = { n: node, h, prev: tail, next: null };
    if (tail) tail.next = l; else head = l;
    tail = l;
    return l;
  };
  const flush = (): void => { if (buf) { append({ t: 'text', v: buf }); buf = ''; } };
  const unlink = (l: LNode): void => {
    if (l.prev) l.prev.next = l.next; else head = l.next;
    if (l.next) l.next.prev = l.prev; else tail = l.prev;
  };
  const removeDelim = (d: Delim): void => {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev; else dTop = d.prev;
  };

  // Backtick runs indexed by length, so finding a code span's closer is amortised O(1).
  let runs: Map<number, number[]> | undefined;
  const runPtr = new Map<number, number>();
  const indexRuns = (): Map<number, number[]> => {
    const map = new Map<number, number[]>();
    for (let i = text.indexOf('`'); i >= 0; ) {
      let j = i;
      while (text[j] === '`') j++;
      const list = map.get(j - i) ?? [];
      list.push(i);
      map.set(j - i, list);
      i = text.indexOf('`', j);
    }
    return map;
  };
  const closerRun = (len: number, after: number): number => {
    runs ??= indexRuns();
    const list = runs.get(len);
    if (!list) return -1;
    let k = runPtr.get(len) ?? 0;
    while (k < list.length && list[k]! < after) k++;
    runPtr.set(len, k);
    return k < list.length ? list[k]! : -1;
  };

  const processEmphasis = (bottom: Delim | null): void => {
    if (!dTop || dTop === bottom) return;
    const floor = new Map<string, number>();
    const bottomIdx = bottom ? bottom.idx : -1;
    let closer: Delim | null = dTop;
    while (closer && closer.prev && closer.prev !== bottom) closer = closer.prev;
    if (closer === bottom) closer = null;
    while (closer) {
      if (!closer.canClose) { closer = closer.next; continue; }
      const key = closer.ch + (closer.canOpen ? '1' : '0') + (closer.orig % 3);
      const stop = Math.max(bottomIdx, floor.get(key) ?? -1);
      let opener: Delim | null = closer.prev;
      while (opener && opener.idx > stop) {
        if (opener.ch === closer.ch && opener.canOpen) {
          const odd = (opener.canClose || closer.canOpen) && (opener.orig + closer.orig) % 3 === 0 &&
            !(opener.orig % 3 === 0 && closer.orig % 3 === 0);
          if (!odd) break;
        }
        opener = opener.prev;
      }
      let height = 0;
      if (opener && opener.idx > stop) {
        for (let x = opener.node.next; x && x !== closer.node; x = x.next) height = Math.max(height, x.h);
      }
      if (!opener || opener.idx <= stop || height + 1 > MAX_INLINE_DEPTH) {
        floor.set(key, closer.prev ? closer.prev.idx : -1);
        const next: Delim | null = closer.next;
        if (!closer.canOpen) removeDelim(closer);
        closer = next;
        continue;
      }
      const use = closer.count >= 2 && opener.count >= 2 ? 2 : 1;
      opener.count -= use;
      closer.count -= use;
      (opener.node.n as { v: string }).v = closer.ch.repeat(opener.count);
      (closer.node.n as { v: string }).v = closer.ch.repeat(closer.count);
      const kids: Inline[] = [];
      for (let x = opener.node.next; x && x !== closer.node; x = x.next) kids.push(x.n);
      const wrap: LNode = { n: { t: use === 2 ? 'strong' : 'em', c: merge(kids) }, h: height + 1, prev: opener.node, next: closer.node };
      opener.node.next = wrap;
      closer.node.prev = wrap;
      opener.next = closer;
      closer.prev = opener;
      if (opener.count === 0) { unlink(opener.node); removeDelim(opener); }
      if (closer.count === 0) {
        const next: Delim | null = closer.next;
        unlink(closer.node);
        removeDelim(closer);
        closer = next;
      }
    }
    while (dTop && dTop !== bottom) removeDelim(dTop);
  };

  const closeBracket = (p: number): number => {
    flush();
    const op = bTop;
    if (!op) { buf += ']'; return p + 1; }
    bTop = op.prev;
    const tailInfo = !op.image && op.seq <= linkFloor ? null : text[p + 1] === '(' ? linkTail(text, p + 2) : null;
    if (!tailInfo) { buf += ']'; return p + 1; }
    processEmphasis(op.prevDelim);
    const kids: Inline[] = [];
    let height = 0;
    for (let x = op.node.next; x; x = x.next) { kids.push(x.n); height = Math.max(height, x.h); }
    while (tail !== op.node) unlink(tail!);
    unlink(op.node);
    const flat = height + 1 > MAX_INLINE_DEPTH;
    const c = flat ? [{ t: 'text' as const, v: plainOf(kids) }] : merge(kids);
    append({ t: op.image ? 'img' : 'link', dest: tailInfo.dest, title: tailInfo.title, c }, flat ? 1 : height + 1);
    if (!op.image) linkFloor = bracketSeq;
    return tailInfo.end;
  };

  let p = 0;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c >= 128 || !SPECIAL[c]) {
      const start = p;
      while (p < n && (text.charCodeAt(p) >= 128 || !SPECIAL[text.charCodeAt(p)])) p++;
      buf += text.slice(start, p);
      continue;
    }
    const ch = text[p]!;
    if (ch === '\n') {
      let k = buf.length;
      while (k > 0 && buf[k - 1] === ' ') k--;
      const hard = buf.length - k >= 2;
      buf = buf.slice(0, k);
      flush();
      append(hard ? { t: 'br' } : { t: 'soft' });
      p = skipWs(text, p + 1);
    } else if (ch === '\\') {
      const next = text.charCodeAt(p + 1);
      if (next === 10) { flush(); append({ t: 'br' }); p = skipWs(text, p + 2); }
      else if (isAsciiPunct(next)) { buf += text[p + 1]; p += 2; }
      else { buf += '\\'; p++; }
    } else if (ch === '`') {
      let e = p;
      while (text[e] === '`') e++;
      const close = closerRun(e - p, e);
      if (close < 0) { buf += text.slice(p, e); p = e; continue; }
      let code = text.slice(e, close).replace(/\n/g, ' ');
      if (code.length > 2 && code[0] === ' ' && code[code.length - 1] === ' ' && code.trim() !== '') code = code.slice(1, -1);
      flush();
      append({ t: 'code', v: code });
      p = close + (e - p);
    } else if (ch === '*' || ch === '_') {
      let e = p;
      while (text[e] === ch) e++;
      const before = p > 0 ? text[p - 1]! : ' ';
      const after = e < n ? text[e]! : ' ';
      const wsB = WS.test(before), wsA = WS.test(after), puB = PUNCT.test(before), puA = PUNCT.test(after);
      const left = !wsA && (!puA || wsB || puB);
      const right = !wsB && (!puB || wsA || puA);
      const canOpen = ch === '*' ? left : left && (!right || puB);
      const canClose = ch === '*' ? right : right && (!left || puA);
      flush();
      const node = append({ t: 'text', v: text.slice(p, e) });
      if (canOpen || canClose) {
        const d: Delim = { node, ch, count: e - p, orig: e - p, idx: delimIdx++, canOpen, canClose, prev: dTop, next: null };
        if (dTop) dTop.next = d;
        dTop = d;
      }
      p = e;
    } else if (ch === '[' || (ch === '!' && text[p + 1] === '[')) {
      flush();
      const image = ch === '!';
      const node = append({ t: 'text', v: image ? '![' : '[' });
      bTop = { node, image, seq: ++bracketSeq, prev: bTop, prevDelim: dTop };
      p += image ? 2 : 1;
    } else if (ch === ']') {
      p = closeBracket(p);
    } else if (ch === '<') {
      let q = p + 1;
      while (q < n && text.charCodeAt(q) > 32 && text[q] !== '<' && text[q] !== '>') q++;
      const inner = text.slice(p + 1, q);
      const isUri = text[q] === '>' && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/.test(inner);
      const isEmail = !isUri && text[q] === '>' && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/.test(inner);
      if (text[q] === '>' && (isUri || isEmail)) {
        flush();
        append({ t: 'link', dest: isUri ? inner : 'mailto:' + inner, title: '', c: [{ t: 'text', v: inner }], auto: 'angle' }, 1);
        p = q + 1;
      } else { buf += '<'; p++; }
    } else if (ch === '&') {
      const e = entityAt(text, p);
      if (e) { buf += e.v; p = e.end; } else { buf += '&'; p++; }
    } else if (ch === 'h' && (text.startsWith('https://', p) || text.startsWith('http://', p)) &&
      (p === 0 || !/[A-Za-z0-9/:@.&%+-]/.test(text[p - 1]!))) {
      let q = p;
      while (q < n && !URL_STOP.test(text[q]!)) q++;
      let opens = 0;
      let closes = 0;
      for (let k = p; k < q; k++) { if (text[k] === '(') opens++; else if (text[k] === ')') closes++; }
      while (q > p) {
        const last = text[q - 1]!;
        if (URL_TRAIL.test(last)) q--;
        else if (last === ')' && closes > opens) { closes--; q--; }
        else break;
      }
      const url = text.slice(p, q);
      if (url.length > url.indexOf('//') + 2) {
        flush();
        append({ t: 'link', dest: url, title: '', c: [{ t: 'text', v: url }], auto: 'bare' }, 1);
        p += url.length;
      } else { buf += 'h'; p++; }
    } else {
      buf += ch;
      p++;
    }
  }
  flush();
  processEmphasis(null);
  const out: Inline[] = [];
  for (let x: LNode | null = head; x; x = x.next) out.push(x.n);
  return merge(out);
}

/** Joins adjacent text nodes and drops empty ones (delimiters fully used by emphasis). */
function merge(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.t !== 'text') { out.push(node); continue; }
    if (!node.v) continue;
    const last = out[out.length - 1];
    if (last && last.t === 'text') out[out.length - 1] = { t: 'text', v: last.v + node.v };
    else out.push(node);
  }
  return out;
}

/** Plain text of inline nodes: images give their alt text, breaks give a space or newline. */
export function plainOf(nodes: Inline[], hardBreak = ' '): string {
  let out = '';
  for (const node of nodes) {
    if (node.t === 'text' || node.t === 'code') out += node.v;
    else if (node.t === 'br') out += hardBreak;
    else if (node.t === 'soft') out += ' ';
    else out += plainOf(node.c, hardBreak);
  }
  return out;
}
