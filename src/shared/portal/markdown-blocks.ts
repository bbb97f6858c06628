// Source preparation for the portal's Markdown (see markdown.ts): input normalisation, the
// nesting cap, and the split into independent top-level pieces. micromark's block parser does
// work proportional to the whole document each time a container closes (nested lists, block
// quotes, lazy lines), which a hostile draft turns into minutes; parsing pieces that cannot
// affect each other keeps that cost proportional to the piece.

export const BLOCK_LIMITS = Object.freeze({
  /** Longer input is truncated (not an error). */
  maxInputLength: 100_000,
  /** More nested block quotes / list items on one line are shown as text. */
  maxBlockDepth: 12,
  /** Pieces are at least this long where the text allows (each parse has a fixed cost). */
  minPieceLength: 2_000,
  /** A piece with list items or block quotes is cut before a top-level one past this length. */
  maxPieceLength: 4_000,
  /** Past this length such a piece is cut at the next line outside fenced code, whatever it holds. */
  hardPieceLength: 12_000,
});

/** Truncates, unifies line endings and replaces control characters and lone surrogates. */
export function normaliseSource(source: string): string {
  let s = typeof source === 'string' ? source : '';
  if (s.length > BLOCK_LIMITS.maxInputLength) {
    let end = BLOCK_LIMITS.maxInputLength;
    const last = s.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    s = s.slice(0, end);
  }
  s = s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    .replace(/[\u000b\u000c]/g, ' ')
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
  // Lone surrogates → U+FFFD (String#toWellFormed is not in every supported runtime).
  return s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (m) => (m.length === 2 ? m : '\ufffd'));
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** End of the container marker ('>', '-', '1.' …) at `j`, and where a backslash would defuse it; null if none. */
function markerAt(line: string, j: number): { end: number; escape: number } | null {
  const c = line[j];
  if (c === '>') return { end: j + 1, escape: j };
  if ((c === '-' || c === '+' || c === '*') && (j + 1 === line.length || isSpace(line[j + 1]))) return { end: j + 1, escape: j };
  let k = j;
  while (k - j < 9 && isDigit(line[k])) k++;
  if (k > j && (line[k] === '.' || line[k] === ')') && (k + 1 === line.length || isSpace(line[k + 1]))) return { end: k + 1, escape: k };
  return null;
}

/** Escapes the marker that would open block nesting level maxBlockDepth + 1 on this line. */
export function capNesting(line: string): string {
  if (THEMATIC_BREAK.test(line)) return line;
  let i = 0;
  for (let depth = 1; ; depth++) {
    while (isSpace(line[i])) i++;
    const marker = markerAt(line, i);
    if (!marker) return line;
    if (depth > BLOCK_LIMITS.maxBlockDepth) return `${line.slice(0, marker.escape)}\\${line.slice(marker.escape)}`;
    i = marker.end;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// A fence after container markers (in a quote or list item), at any indentation.
const IN_CONTAINER_FENCE = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*(?:`{3,}|~{3,})/;
// Lines that start a block and so cannot be the lazy continuation of an item's paragraph.
const NOT_LAZY = /^(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|>|([-*_])(?:[ \t]*\1){2,}[ \t]*$)/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const CONTAINER_LINE = /^[ \t]*(?:>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))/;
const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);
// '* * *' is a thematic break, not three list markers.
const isItemLine = (line: string): boolean => LIST_ITEM.test(line) && !THEMATIC_BREAK.test(line);
const isContainerLine = (line: string): boolean => CONTAINER_LINE.test(line) && !THEMATIC_BREAK.test(line);

interface Fence {
  ch: string;
  len: number;
}

function fenceOpen(line: string): Fence | null {
  const m = FENCE.exec(line);
  if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) return null;
  return { ch: m[1]![0]!, len: m[1]!.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  return m !== null && m[1]![0] === fence.ch && m[1]!.length >= fence.len && isBlank(m[2]!);
}

function indentOf(line: string): number {
  let column = 0;
  for (const c of line) {
    if (c === ' ') column++;
    else if (c === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}

/** Where the content of a list item starting in column 0 begins (CommonMark: 1–4 spaces after the marker). */
function contentColumn(line: string): number {
  const marker = /^(?:[-+*]|\d{1,9}[.)])/.exec(line)![0].length;
  const rest = line.slice(marker);
  const spaces = indentOf(rest);
  return marker + (spaces >= 1 && spaces <= 4 && !isBlank(rest) ? spaces : 1);
}

export interface PieceLimits {
  minPieceLength: number;
  maxPieceLength: number;
  hardPieceLength: number;
}

/**
 * Splits normalised source into pieces that parse the same alone as together: a cut goes after
 * a blank line, before a line that starts in column 0 with neither a list marker (which could
 * continue a list) nor indentation (which could continue an item), outside fenced code, and not
 * right after a list item or quote that holds fenced code. Link reference definitions are shared
 * by the caller. A piece with list items or quotes is also cut, past maxPieceLength, before a
 * top-level item or quote (so a long list may render as two), and past hardPieceLength at any line
 * outside top-level fenced code. Other pieces (paragraphs, tables, code) parse in linear time.
 */
export function splitPieces(text: string, limits: PieceLimits = BLOCK_LIMITS): string[] {
  const lines = text.split('\n').map(capNesting);
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  let risky = false;
  let fence: Fence | null = null; // top-level fenced code: never cut
  let itemColumn = 0; // content column of the top-level list item the text is in, 0 outside one
  let itemCertain = true; // false once that item may have ended (a '-' under text, a lazy-looking line)
  let itemFence: Fence | null = null; // fenced code in that item
  // Fenced code seen in the current item or quote: micromark renders such code, if left open,
  // differently at the end of a document than before a following block, so that block is not cut.
  let codeInContainer = false;
  // Code whose level cannot be told from here: no cut that is not forced until the next forced one.
  let unsure = false;
  const cut = (i: number): void => {
    pieces.push(lines.slice(start, i).join('\n') + '\n');
    start = i;
    size = 0;
    risky = false;
    unsure = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      size += line.length + 1;
      continue;
    }
    const col0 = line !== '' && !isSpace(line[0]);
    const prevBlank = i > 0 && isBlank(lines[i - 1]!);
    const indent = indentOf(line);
    const content = line.trimStart();
    if (i > start) {
      const top = col0 && isContainerLine(line);
      const safe = col0 && !isItemLine(line) && prevBlank && !codeInContainer && !unsure && size >= limits.minPieceLength;
      if (safe || (risky && size > (top ? limits.maxPieceLength : limits.hardPieceLength))) cut(i);
    }
    risky ||= isContainerLine(line);
    size += line.length + 1;
    if (itemFence) {
      if (!isBlank(line) && indent < itemColumn) itemFence = null; // the item ended, and its code with it
      else {
        if (indent >= itemColumn && closesFence(line, itemFence)) itemFence = null;
        continue;
      }
    }
    if (col0 && (isContainerLine(line) || prevBlank || NOT_LAZY.test(line))) codeInContainer = false; // a new container, or none
    if (itemColumn > 0 && !isBlank(line) && indent < itemColumn) {
      // Not indented as the item's content: the item ended, unless this is a lazy line of its paragraph.
      if (prevBlank || NOT_LAZY.test(content)) itemColumn = 0;
      else if (!isItemLine(content)) itemCertain = false;
    }
    // A top-level item: indented less than the item it follows, so not nested in it.
    if (indent <= 3 && isItemLine(content) && (itemColumn === 0 || indent < itemColumn)) {
      itemColumn = indent + contentColumn(content);
      // After text, an empty item or one numbered other than 1 cannot start a list: it is text.
      itemCertain = prevBlank || i === 0 || !(/^(?:[-+*]|\d{1,9}[.)])[ \t]*$/.test(content) || /^(?!1[.)])\d/.test(content));
      codeInContainer = false;
      const onMarker = fenceOpen(content.slice(itemColumn - indent));
      if (onMarker) {
        codeInContainer = true;
        if (itemCertain) itemFence = onMarker;
        else unsure = true;
      }
      continue;
    }
    const open = fenceOpen(line);
    // Code in column 0, or indented less than the item's content, is outside any item.
    if (open && (col0 || itemColumn === 0 || indent < itemColumn)) {
      fence = open;
      itemColumn = 0;
    } else if (open) {
      codeInContainer = true;
      if (itemCertain) itemFence = open;
      else unsure = true;
    } else if (IN_CONTAINER_FENCE.test(line)) codeInContainer = true;
  }
  const last = lines.slice(start).join('\n');
  if (last !== '' || pieces.length === 0) pieces.push(last);
  return pieces;
}
