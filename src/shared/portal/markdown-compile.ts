// Compiles the pieces of a draft (see markdown-blocks.ts) with micromark: each piece is parsed
// and compiled on its own (what it allocates is garbage before the next starts), sharing one
// parser and the draft's link reference definitions so a reference finds a later definition.

import { compile, parse, postprocess, preprocess } from 'micromark';
import { gfmTableHtml } from 'micromark-extension-gfm-table';
import type { Definition, Event, HtmlExtension, ParseContext } from 'micromark-util-types';
import { portalHtml, type ImageSlot } from './markdown-html';
import { portalSyntax } from './markdown-syntax';

export interface Compiled {
  /** With a `<portal-image n>` slot where each image ref goes. */
  html: string;
  images: ImageSlot[];
}

/**
 * The link reference definitions of all pieces, as micromark itself reads them (the first one
 * wins). Each piece gets its own parser here, so its references only meet definitions that
 * micromark's default compiler also knows.
 */
function definitionsOf(pieces: string[]): { defined: string[]; definitions: Record<string, Definition> } {
  const defined: string[] = [];
  const definitions: Record<string, Definition> = {};
  const collect: HtmlExtension = {
    exit: {
      null() {
        for (const [id, def] of Object.entries(this.getData('definitions'))) definitions[id] ??= def;
      },
    },
  };
  for (const piece of pieces) {
    if (!piece.includes(']:')) continue;
    const parser = parse({ extensions: portalSyntax() });
    compile({ htmlExtensions: [collect] })(parsePiece(parser, piece));
    defined.push(...parser.defined);
  }
  return { defined, definitions };
}

/** Events of one piece. The parser keeps a line-number table of lazy lines, which must not leak. */
function parsePiece(parser: ParseContext, piece: string): Event[] {
  parser.lazy = {};
  return postprocess(parser.document().write(preprocess()(piece, undefined, true)));
}

function trimNewlines(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 10) start++;
  while (end > start && s.charCodeAt(end - 1) === 10) end--;
  return s.slice(start, end);
}

export function compilePieces(pieces: string[], opts: { headingOffset: number; breaks: boolean }): Compiled {
  const { defined, definitions } = pieces.some((p) => p.includes(']:')) ? definitionsOf(pieces) : { defined: [], definitions: {} };
  const parser = parse({ extensions: portalSyntax() });
  parser.defined.push(...defined);
  const { extension, images } = portalHtml({ ...opts, definitions });
  const table = gfmTableHtml();
  const parts: string[] = [];
  for (const piece of pieces) {
    const html = trimNewlines(compile({ htmlExtensions: [table, extension] })(parsePiece(parser, piece)));
    if (html !== '') parts.push(html);
  }
  return { html: parts.join('\n'), images };
}
