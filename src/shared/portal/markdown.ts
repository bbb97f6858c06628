// Safe Markdown for the public portal (server-rendered) and the PWA live preview.
// Safe by construction: the source is tokenized here and in markdown-inline.ts, and HTML is
// built only from a fixed set of tags with every text and attribute value escaped. Raw HTML
// in a draft is shown as text. URLs go through the allow-list in markdown-inline.ts.
// Pure TypeScript, no DOM or Node APIs; linear-time-ish (no backtracking regexes, bounded
// nesting) so a hostile 100 KB draft cannot stall the server.

import { escapeHtml, parseInline, plainOf, safeHref, safeImageSrc, MAX_INLINE_DEPTH, type Inline } from './markdown-inline';

export { escapeHtml } from './markdown-inline';

export const MARKDOWN_LIMITS = Object.freeze({
  /** Longer input is truncated (not an error). */
  maxInputLength: 100_000,
  /** Deeper block quotes / lists are rendered as plain paragraphs. */
  maxBlockDepth: 12,
  /** Deeper emphasis stays literal text. */
  maxInlineDepth: MAX_INLINE_DEPTH,
  /** A pipe table with more columns is rendered as a paragraph. */
  maxTableColumns: 64,
});

export interface RenderMarkdownOptions {
  /** Resolves an `attachment:<sha256>` or `image:<id>` image ref to a URL; null renders the alt text. */
  imageResolver?: (ref: string) => string | null;
  /** Added to the number of '#'; default 1 ('#' → h2, the page owns h1). Result is clamped to h2–h6. */
  headingOffset?: number;
  /** Render single newlines inside a paragraph as <br> (GitHub-comment style). Default false. */
  breaks?: boolean;
}

type Block =
  | { t: 'p'; text: string }
  | { t: 'h'; level: number; text: string }
  | { t: 'code'; text: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { t: 'hr' }
  | { t: 'table'; head: string[]; rows: string[][] };

// ---------------------------------------------------------------------------
// Input normalisation

function prepare(source: string): string[] {
  let s = typeof source === 'string' ? source : '';
  if (s.length > MARKDOWN_LIMITS.maxInputLength) {
    let end = MARKDOWN_LIMITS.maxInputLength;
    const last = s.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    s = s.slice(0, end);
  }
  s = s.replace(/\r\n?|[\u2028\u2029]/g, '\n')
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    .replace(/[\u000b\u000c]/g, ' ').replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
  // Lone surrogates → U+FFFD (String#toWellFormed is not in every supported runtime).
  s = s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (m) => (m.length === 2 ? m : '\ufffd'));
  return s.split('\n').map(expandIndentTabs);
}

function expandIndentTabs(line: string): string {
  let i = 0;
  let col = 0;
  for (; i < line.length; i++) {
    if (line[i] === ' ') col++;
    else if (line[i] === '\t') col += 4 - (col % 4);
    else break;
  }
  return col === i ? line : ' '.repeat(col) + line.slice(i);
}

// ---------------------------------------------------------------------------
// Block structure

const indentOf = (l: string): number => { let i = 0; while (l.charCodeAt(i) === 32) i++; return i; };
const isBlank = (l: string): boolean => /^[ \t]*$/.test(l);

function atxHeading(l: string): { level: number; text: string } | null {
  const ind = indentOf(l);
  if (ind > 3) return null;
  let k = ind;
  while (l[k] === '#' && k - ind < 7) k++;
  const level = k - ind;
  if (level < 1 || level > 6 || (k < l.length && l[k] !== ' ' && l[k] !== '\t')) return null;
  let text = l.slice(k).trim();
  let e = text.length;
  while (e > 0 && text[e - 1] === '#') e--;
  if (e === 0) text = '';
  else if (e < text.length && (text[e - 1] === ' ' || text[e - 1] === '\t')) text = text.slice(0, e).trim();
  return { level, text };
}

function isHr(l: string): boolean {
  const ind = indentOf(l);
  const c = l[ind];
  if (ind > 3 || (c !== '-' && c !== '*' && c !== '_')) return false;
  let count = 0;
  for (let i = ind; i < l.length; i++) {
    if (l[i] === c) count++;
    else if (l[i] !== ' ' && l[i] !== '\t') return false;
  }
  return count >= 3;
}

function setextLevel(l: string): number {
  const ind = indentOf(l);
  const c = l[ind];
  if (ind > 3 || (c !== '=' && c !== '-')) return 0;
  let k = ind;
  while (l[k] === c) k++;
  return isBlank(l.slice(k)) ? (c === '=' ? 1 : 2) : 0;
}

interface Fence { ch: string; len: number; indent: number }
function fenceOpen(l: string): Fence | null {
  const ind = indentOf(l);
  const ch = l[ind];
  if (ind > 3 || (ch !== '`' && ch !== '~')) return null;
  let k = ind;
  while (l[k] === ch) k++;
  if (k - ind < 3 || (ch === '`' && l.indexOf('`', k) >= 0)) return null;
  return { ch, len: k - ind, indent: ind };
}
function isFenceClose(l: string, f: Fence): boolean {
  const ind = indentOf(l);
  if (ind > 3) return false;
  let k = ind;
  while (l[k] === f.ch) k++;
  return k - ind >= f.len && isBlank(l.slice(k));
}

interface Marker { ordered: boolean; ch: string; start: number; content: number; empty: boolean }
function listMarker(l: string): Marker | null {
  const ind = indentOf(l);
  if (ind > 3) return null;
  let k = ind;
  let ch = l[k];
  let start = 1;
  const ordered = ch !== '-' && ch !== '*' && ch !== '+';
  if (ordered) {
    while (k - ind < 9 && l.charCodeAt(k) >= 48 && l.charCodeAt(k) <= 57) k++;
    ch = l[k];
    if (k === ind || (ch !== '.' && ch !== ')')) return null;
    start = Number(l.slice(ind, k));
  }
  k++;
  if (k < l.length && l[k] !== ' ' && l[k] !== '\t') return null;
  const empty = isBlank(l.slice(k));
  let sp = 0;
  while (l[k + sp] === ' ') sp++;
  return { ordered, ch: ch!, start, content: k + (empty || sp < 1 || sp > 4 ? 1 : sp), empty };
}

function splitRow(l: string): string[] {
  let s = l.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || (s[i] === '|' && s[i - 1] !== '\\')) {
      cells.push(s.slice(start, i).trim().replace(/\\\|/g, '|'));
      start = i + 1;
    }
  }
  return cells;
}

function tableAt(lines: string[], i: number): number {
  const head = lines[i]!;
  const delim = lines[i + 1];
  if (delim === undefined || head.indexOf('|') < 0 || delim.indexOf('|') < 0 || delim.indexOf('-') < 0) return 0;
  if (indentOf(head) > 3 || indentOf(delim) > 3) return 0;
  const cells = splitRow(delim);
  if (cells.length > MARKDOWN_LIMITS.maxTableColumns || !cells.every((c) => /^:?-+:?$/.test(c))) return 0;
  return splitRow(head).length === cells.length ? cells.length : 0;
}

/** Does line i start a block that ends a paragraph (or a lazy continuation)? */
function interrupts(lines: string[], i: number, depth: number): boolean {
  const l = lines[i]!;
  if (isBlank(l) || indentOf(l) > 3) return isBlank(l);
  if (atxHeading(l) || fenceOpen(l) || isHr(l) || tableAt(lines, i)) return true;
  if (depth >= MARKDOWN_LIMITS.maxBlockDepth) return false;
  if (l[indentOf(l)] === '>') return true;
  const m = listMarker(l);
  return m !== null && !m.empty && (!m.ordered || m.start === 1);
}

function parseBlocks(lines: string[], depth: number): { blocks: Block[]; blankBetween: boolean } {
  const blocks: Block[] = [];
  const nested = depth < MARKDOWN_LIMITS.maxBlockDepth;
  let blankBetween = false;
  let sawBlank = false;
  let i = 0;
  const n = lines.length;
  while (i < n) {
    const l = lines[i]!;
    if (isBlank(l)) { sawBlank = blocks.length > 0; i++; continue; }
    if (sawBlank) blankBetween = true;
    sawBlank = false;
    const ind = indentOf(l);
    if (ind >= 4) {
      const code: string[] = [];
      while (i < n && (isBlank(lines[i]!) || indentOf(lines[i]!) >= 4)) code.push(lines[i++]!.slice(4));
      while (code.length && isBlank(code[code.length - 1]!)) code.pop();
      blocks.push({ t: 'code', text: code.join('\n') });
      continue;
    }
    const fence = fenceOpen(l);
    if (fence) {
      const code: string[] = [];
      for (i++; i < n && !isFenceClose(lines[i]!, fence); i++) {
        const x = lines[i]!;
        code.push(x.slice(Math.min(fence.indent, indentOf(x))));
      }
      i++;
      blocks.push({ t: 'code', text: code.join('\n') });
      continue;
    }
    const h = atxHeading(l);
    if (h) { blocks.push({ t: 'h', level: h.level, text: h.text }); i++; continue; }
    if (isHr(l)) { blocks.push({ t: 'hr' }); i++; continue; }
    if (nested && l[ind] === '>') {
      const inner: string[] = [];
      while (i < n) {
        const x = lines[i]!;
        const xi = indentOf(x);
        if (xi <= 3 && x[xi] === '>') {
          const rest = x.slice(xi + 1);
          inner.push(rest[0] === ' ' || rest[0] === '\t' ? rest.slice(1) : rest);
        } else if (isBlank(x) || isBlank(inner[inner.length - 1]!) || interrupts(lines, i, depth)) break;
        else inner.push(x);
        i++;
      }
      blocks.push({ t: 'quote', c: parseBlocks(inner.map(expandIndentTabs), depth + 1).blocks });
      continue;
    }
    const marker = nested ? listMarker(l) : null;
    if (marker) {
      const list = parseList(lines, i, marker, depth);
      blocks.push(list.block);
      i = list.next;
      continue;
    }
    const cols = tableAt(lines, i);
    if (cols) {
      const rows: string[][] = [];
      for (i += 2; i < n && !interrupts(lines, i, depth); i++) rows.push(splitRow(lines[i]!).slice(0, cols));
      blocks.push({ t: 'table', head: splitRow(l), rows });
      continue;
    }
    const para = [l.trimStart()];
    let setext = 0;
    for (i++; i < n; i++) {
      setext = setextLevel(lines[i]!);
      if (setext) { i++; break; }
      if (interrupts(lines, i, depth)) break;
      para.push(lines[i]!.trimStart());
    }
    const text = para.join('\n');
    blocks.push(setext ? { t: 'h', level: setext, text: text.trim() } : { t: 'p', text: text.trimEnd() });
  }
  return { blocks, blankBetween };
}

function parseList(lines: string[], i: number, first: Marker, depth: number): { block: Block; next: number } {
  const items: Block[][] = [];
  const n = lines.length;
  let loose = false;
  let j = i;
  while (j < n) {
    const m = listMarker(lines[j]!);
    if (!m || m.ordered !== first.ordered || m.ch !== first.ch || isHr(lines[j]!)) break;
    const body = [m.empty ? '' : lines[j]!.slice(m.content)];
    let k = j + 1;
    for (; k < n; k++) {
      const x = lines[k]!;
      if (isBlank(x)) { body.push(''); continue; }
      if (indentOf(x) >= m.content) { body.push(x.slice(m.content)); continue; }
      const prev = body[body.length - 1]!;
      if (prev !== '' && !interrupts(lines, k, depth) && !listMarker(x)) { body.push(x.trimStart()); continue; }
      break;
    }
    let end = body.length;
    while (end > 1 && body[end - 1] === '') end--;
    k -= body.length - end;
    body.length = end;
    const parsed = parseBlocks(body, depth + 1);
    items.push(parsed.blocks);
    if (parsed.blankBetween) loose = true;
    let b = k;
    while (b < n && isBlank(lines[b]!)) b++;
    j = k;
    if (b > k) {
      const next = b < n ? listMarker(lines[b]!) : null;
      if (!next || next.ordered !== first.ordered || next.ch !== first.ch || isHr(lines[b]!)) break;
      loose = true;
      j = b;
    }
  }
  return { block: { t: 'list', ordered: first.ordered, start: first.start, tight: !loose, items }, next: j };
}

// ---------------------------------------------------------------------------
// Rendering

interface Ctx { resolver?: (ref: string) => string | null; offset: number; breaks: boolean }

function renderInline(nodes: Inline[], ctx: Ctx, inLink: boolean): string {
  let out = '';
  for (const node of nodes) {
    switch (node.t) {
      case 'text': out += escapeHtml(node.v); break;
      case 'code': out += `<code>${escapeHtml(node.v)}</code>`; break;
      case 'br': out += '<br>\n'; break;
      case 'soft': out += ctx.breaks ? '<br>\n' : '\n'; break;
      case 'em': case 'strong': out += `<${node.t}>${renderInline(node.c, ctx, inLink)}</${node.t}>`; break;
      case 'link': {
        const safe = inLink ? null : safeHref(node.dest);
        const inner = renderInline(node.c, ctx, true);
        if (!safe) out += node.auto === 'angle' ? `&lt;${inner}&gt;` : inner;
        else {
          const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
          const rel = safe.external ? ' rel="noopener noreferrer"' : '';
          out += `<a href="${escapeHtml(safe.href)}"${title}${rel}>${inner}</a>`;
        }
        break;
      }
      case 'img': {
        const alt = plainOf(node.c);
        const src = safeImageSrc(node.dest, ctx.resolver);
        const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
        out += src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${title} loading="lazy">` : escapeHtml(alt);
        break;
      }
    }
  }
  return out;
}

function renderBlocks(blocks: Block[], ctx: Ctx, tight: boolean): string {
  const inline = (text: string): string => renderInline(parseInline(text), ctx, false);
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.t) {
      case 'p': out.push(tight ? inline(b.text) : `<p>${inline(b.text)}</p>`); break;
      case 'h': {
        const tag = `h${Math.min(6, Math.max(2, b.level + ctx.offset))}`;
        out.push(`<${tag}>${inline(b.text)}</${tag}>`);
        break;
      }
      case 'code': out.push(`<pre><code>${escapeHtml(b.text ? b.text + '\n' : '')}</code></pre>`); break;
      case 'quote': out.push(`<blockquote>\n${renderBlocks(b.c, ctx, false)}\n</blockquote>`); break;
      case 'hr': out.push('<hr>'); break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
        const items = b.items.map((it) => `<li>${renderBlocks(it, ctx, b.tight)}</li>`);
        out.push(`<${tag}${start}>\n${items.join('\n')}\n</${tag}>`);
        break;
      }
      case 'table': {
        const row = (cells: string[], tag: string): string =>
          `<tr>${cells.map((c) => `<${tag}>${inline(c)}</${tag}>`).join('')}</tr>`;
        const body = b.rows.length ? `\n<tbody>\n${b.rows.map((r) => row(r, 'td')).join('\n')}\n</tbody>` : '';
        out.push(`<table>\n<thead>\n${row(b.head, 'th')}\n</thead>${body}\n</table>`);
        break;
      }
    }
  }
  return out.join('\n');
}

/**
 * Renders an official's Markdown draft to safe HTML (p, h2–h6, strong, em, code, pre,
 * blockquote, ul/ol/li, a, img, hr, br, table). Never throws; input over
 * MARKDOWN_LIMITS.maxInputLength characters is truncated.
 */
export function renderMarkdown(source: string, opts?: RenderMarkdownOptions): string {
  const { imageResolver, headingOffset: off, breaks } = opts ?? {};
  const ctx: Ctx = {
    resolver: typeof imageResolver === 'function' ? imageResolver : undefined,
    offset: typeof off === 'number' && Number.isFinite(off) ? Math.trunc(off) : 1,
    breaks: breaks === true,
  };
  return renderBlocks(parseBlocks(prepare(source), 0).blocks, ctx, false);
}

function plainBlocks(blocks: Block[], sep: string): string {
  const inline = (text: string): string => plainOf(parseInline(text), '\n');
  const out: string[] = [];
  for (const b of blocks) {
    if (b.t === 'p' || b.t === 'h') out.push(inline(b.text));
    else if (b.t === 'code') out.push(b.text);
    else if (b.t === 'quote') out.push(plainBlocks(b.c, '\n\n'));
    else if (b.t === 'table') out.push([b.head, ...b.rows].map((r) => r.map(inline).join(' | ')).join('\n'));
    else if (b.t === 'list') {
      out.push(b.items.map((it, k) =>
        (b.ordered ? `${b.start + k}. ` : '- ') + plainBlocks(it, '\n').replace(/\n/g, '\n  ')).join('\n'));
    }
  }
  return out.filter((s) => s !== '').join(sep);
}

/**
 * The draft as plain text (for summaries, search and the Atom feed): no markup, links give
 * their text, images their alt text. NOT HTML-escaped — escape it where it is embedded.
 */
export function markdownToPlainText(source: string): string {
  return plainBlocks(parseBlocks(prepare(source), 0).blocks, '\n\n').replace(/\n{3,}/g, '\n\n').trim();
}
