// Safe Markdown for the public portal (server-rendered) and the PWA's live preview, parsed by
// micromark (CommonMark with GFM tables). Safe by construction: raw HTML is not parsed (it shows
// as text), every text and attribute is escaped, links and images go through the allow-lists in
// markdown-url.ts, and the constructs micromark handles in more than linear time are bounded
// (markdown-blocks.ts, markdown-syntax.ts), so a hostile 100 KB draft cannot stall the server.

import { BLOCK_LIMITS, normaliseSource, splitPieces } from './markdown-blocks';
import { SizedCache } from './markdown-cache';
import { compilePieces, type Compiled } from './markdown-compile';
import { HTML_LIMITS, IMAGE_SLOT } from './markdown-html';
import { SYNTAX_LIMITS } from './markdown-syntax';
import { htmlToPlainText } from './markdown-text';
import { escapeHtml, resolvedImageSrc } from './markdown-url';

export const MARKDOWN_LIMITS = Object.freeze({ ...BLOCK_LIMITS, ...SYNTAX_LIMITS, ...HTML_LIMITS });

export interface RenderMarkdownOptions {
  /** Resolves an `attachment:<sha256>` or `image:<id>` image ref to a URL; null renders the alt text. */
  imageResolver?: (ref: string) => string | null;
  /** Added to the number of '#'; default 1 ('#' → h2, the page owns h1). Result is clamped to h2–h6. */
  headingOffset?: number;
  /** Render single newlines inside a paragraph as <br> (GitHub-comment style). Default false. */
  breaks?: boolean;
}

// Published pages and the search read the same drafts again and again; parsing is the cost.
const compiled = new SizedCache<Compiled>(4_000_000);
const plainTexts = new SizedCache<string>(2_000_000);

function compileMarkdown(source: string, headingOffset: number, breaks: boolean): Compiled {
  const key = `${headingOffset}|${breaks ? 1 : 0}|${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const result = compilePieces(splitPieces(normaliseSource(source)), { headingOffset, breaks });
  compiled.set(key, result, key.length + result.html.length);
  return result;
}

/**
 * Renders an official's Markdown draft to safe HTML (p, h2–h6, strong, em, code, pre,
 * blockquote, ul/ol/li, a, img, hr, br, table). Never throws; input over
 * MARKDOWN_LIMITS.maxInputLength characters is truncated.
 */
export function renderMarkdown(source: string, opts?: RenderMarkdownOptions): string {
  const { imageResolver, headingOffset: off, breaks } = opts ?? {};
  const offset = typeof off === 'number' && Number.isFinite(off) ? Math.trunc(off) : 1;
  const { html, images } = compileMarkdown(typeof source === 'string' ? source : '', offset, breaks === true);
  if (images.length === 0) return html;
  const resolver = typeof imageResolver === 'function' ? imageResolver : undefined;
  return html.replace(IMAGE_SLOT, (_, n: string) => {
    const image = images[Number(n)]!;
    const src = resolvedImageSrc(image.ref, resolver);
    return src ? `<img src="${escapeHtml(src)}" alt="${image.alt}"${image.title} loading="lazy">` : image.alt;
  });
}

/**
 * The draft as plain text (for summaries, search and the Atom feed): no markup, links give
 * their text, images their alt text. NOT HTML-escaped — escape it where it is embedded.
 */
export function markdownToPlainText(source: string): string {
  const text = typeof source === 'string' ? source : '';
  const hit = plainTexts.get(text);
  if (hit !== undefined) return hit;
  const plain = htmlToPlainText(renderMarkdown(text));
  plainTexts.set(text, plain, text.length + plain.length);
  return plain;
}
