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
// A fence after any container markers or indentation (inside a quote or a list item).
const INNER_FENCE = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*(`{3,}|~{3,})(.*)$/;
const INNER_CLOSE = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const CONTAINER_LINE = /^[ \t]*(?:>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))/;
const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);

interface Fence { ch: string; len: number }

function fenceOpen(line: string, re: RegExp): Fence | null {
  const m = re.exec(line);
  if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) return null;
  return { ch: m[1]![0]!, len: m[1]!.length };
}

function closesFence(line: string, fence: Fence, re: RegExp): boolean {
  const m = re.exec(line);
  return m !== null && m[1]![0] === fence.ch && m[1]!.length >= fence.len && isBlank(m[2]!);
}

/**
 * Splits normalised source into pieces that parse the same alone as together: a cut goes after
 * a blank line, before a line that starts in column 0 with neither a list marker (which could
 * continue a list) nor indentation (which could continue an item), outside fenced code. Link
 * reference definitions are shared by the caller. Over-long pieces with list items or quotes are
 * also cut before a top-level item or quote (so a long list may render as two), and past
 * hardPieceLength at any line outside fenced code. Tables, paragraphs and code parse in linear
 * time and are never cut.
 */
export function splitPieces(text: string, limits: Pick<typeof BLOCK_LIMITS, 'minPieceLength' | 'maxPieceLength' | 'hardPieceLength'> = BLOCK_LIMITS): string[] {
  const lines = text.split('\n').map(capNesting);
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  let risky = false;
  let fence: Fence | null = null; // top-level fenced code: never cut
  let inner: Fence | null = null; // fenced code in a quote or list item: only forced cuts
  const cut = (i: number): void => {
    pieces.push(lines.slice(start, i).join('\n') + '\n');
    start = i;
    size = 0;
    risky = false;
    inner = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      if (closesFence(line, fence, FENCE)) fence = null;
    } else {
      if (i > start) {
        const col0 = line !== '' && !isSpace(line[0]);
        const top = col0 && CONTAINER_LINE.test(line);
        const safe = !inner && col0 && !LIST_ITEM.test(line) && isBlank(lines[i - 1]!) && size >= limits.minPieceLength;
        if (safe || (risky && size > (top ? limits.maxPieceLength : limits.hardPieceLength))) cut(i);
      }
      fence = fenceOpen(line, FENCE);
      if (inner) {
        if (closesFence(line, inner, INNER_CLOSE)) inner = null;
      } else if (!fence) inner = fenceOpen(line, INNER_FENCE);
      risky ||= CONTAINER_LINE.test(line);
    }
    size += line.length + 1;
  }
  const last = lines.slice(start).join('\n');
  if (last !== '' || pieces.length === 0) pieces.push(last);
  return pieces;
}
