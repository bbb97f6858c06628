// Readable word-level diff for the portal's revision history.
// Text is split into words, whitespace runs and single punctuation marks, and the shortest
// edit script between the two token lists (Myers; an LCS table when the edit budget runs out)
// gives the diff. Common prefix/suffix are trimmed first, so a small edit in a long document
// stays word-level; a changed region over DIFF_LIMITS.maxWordTokens tokens on a side is diffed
// line by line instead, each changed group of lines being refined to words when small enough.
// Pure TypeScript, no dependencies.

export type DiffOp = 'same' | 'add' | 'del';
export interface DiffPart { op: DiffOp; text: string }

export const DIFF_LIMITS = Object.freeze({
  /** Above this many tokens on either side of the changed region, diff lines instead of words. */
  maxWordTokens: 2_000,
  /** Edit budget of the Myers pass (its memory grows with the square of the edit count). */
  maxEdits: 1_000,
  /** Largest LCS table (rows × columns); beyond it the region is shown as one deletion + one insertion. */
  maxCells: 4_000_000,
});

const TOKEN = /\s+|[\p{L}\p{M}\p{N}_]+|[^]/gu;
const LINE = /[^\n]*\n|[^\n]+/g;

const tokenize = (s: string): string[] => s.match(TOKEN) ?? [];
const splitLines = (s: string): string[] => s.match(LINE) ?? [];

function push(out: DiffPart[], op: DiffOp, text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** Interns tokens as small integers so comparisons are cheap. */
function intern(a: string[], b: string[]): [number[], number[]] {
  const ids = new Map<string, number>();
  const id = (t: string): number => { let v = ids.get(t); if (v === undefined) ids.set(t, (v = ids.size)); return v; };
  return [a.map(id), b.map(id)];
}

/**
 * Myers' O((N+M)·D) shortest edit script; null when more than `maxD` edits are needed.
 * Memory is O(D²) for the per-step snapshots, hence the budget.
 */
function myers(a: string[], b: string[], maxD: number, out: DiffPart[]): boolean {
  const [A, B] = intern(a, b);
  const n = A.length;
  const m = B.length;
  const off = n + m + 1;
  const v = new Int32Array(2 * off + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(n + m, maxD); d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { backtrack(a, b, trace, out); return true; }
    }
  }
  return false;
}

function backtrack(a: string[], b: string[], trace: Int32Array[], out: DiffPart[]): void {
  const ops: DiffPart[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d]!; // V after step d-1; index k is at k + d + 1
    const get = (k: number): number => prev[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && get(k - 1) < get(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = get(pk);
    const py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) { ops.push({ op: 'same', text: a[--x]! }); y--; }
    if (down) ops.push({ op: 'add', text: b[--y]! });
    else ops.push({ op: 'del', text: a[--x]! });
  }
  while (x > 0 && y > 0) { ops.push({ op: 'same', text: a[--x]! }); y--; }
  for (let i = ops.length - 1; i >= 0; i--) push(out, ops[i]!.op, ops[i]!.text);
}

/** Classic LCS table, for regions too different for the Myers budget but small enough to tabulate. */
function lcs(a: string[], b: string[], out: DiffPart[]): void {
  const [A, B] = intern(a, b);
  const n = A.length;
  const m = B.length;
  const w = m + 1;
  // dp[i*w+j] = LCS length of A[i..] and B[j..], at most min(n, m).
  const dp = Math.min(n, m) < 65_535 ? new Uint16Array((n + 1) * w) : new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = A[i] === B[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) { push(out, 'same', a[i++]!); j++; }
    else if (j >= m || (i < n && dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!)) push(out, 'del', a[i++]!);
    else push(out, 'add', b[j++]!);
  }
}

function diffTokens(a: string[], b: string[], out: DiffPart[], level: 'word' | 'line'): void {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  push(out, 'same', a.slice(0, pre).join(''));
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const big = midA.length > DIFF_LIMITS.maxWordTokens || midB.length > DIFF_LIMITS.maxWordTokens;
  if (level === 'word' && big) {
    diffLines(midA.join(''), midB.join(''), out);
  } else if (midA.length && midB.length && myers(midA, midB, DIFF_LIMITS.maxEdits, out)) {
    // done
  } else if (midA.length && midB.length && midA.length * midB.length <= DIFF_LIMITS.maxCells) {
    lcs(midA, midB, out);
  } else {
    push(out, 'del', midA.join(''));
    push(out, 'add', midB.join(''));
  }
  push(out, 'same', a.slice(a.length - suf).join(''));
}

/** Line diff; each run of changed lines is refined to words when it is small enough. */
function diffLines(before: string, after: string, out: DiffPart[]): void {
  const lines: DiffPart[] = [];
  diffTokens(splitLines(before), splitLines(after), lines, 'line');
  for (let k = 0; k < lines.length; k++) {
    const part = lines[k]!;
    if (part.op === 'same') { push(out, 'same', part.text); continue; }
    let del = '';
    let add = '';
    for (; k < lines.length && lines[k]!.op !== 'same'; k++) {
      if (lines[k]!.op === 'del') del += lines[k]!.text; else add += lines[k]!.text;
    }
    k--;
    const ta = tokenize(del);
    const tb = tokenize(add);
    if (ta.length && tb.length && ta.length <= DIFF_LIMITS.maxWordTokens && tb.length <= DIFF_LIMITS.maxWordTokens) {
      diffTokens(ta, tb, out, 'word');
    } else {
      push(out, 'del', del);
      push(out, 'add', add);
    }
  }
}

/**
 * Folds whitespace-only equalities that sit between two changes into the change, and puts
 * each change's deletions before its insertions: "a b" → "c d" reads as del "a b", add "c d"
 * rather than four alternating fragments.
 */
function cleanup(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let add = '';
  const flush = (): void => { push(out, 'del', del); push(out, 'add', add); del = add = ''; };
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    const inChange = del !== '' || add !== '';
    const next = parts[k + 1];
    if (p.op === 'same' && inChange && next && next.op !== 'same' && /^\s+$/.test(p.text)) {
      del += p.text;
      add += p.text;
    } else if (p.op === 'del') del += p.text;
    else if (p.op === 'add') add += p.text;
    else { flush(); push(out, 'same', p.text); }
  }
  flush();
  return out;
}

/**
 * Word-level diff. Joining the 'same' and 'del' texts gives `before`; joining the 'same' and
 * 'add' texts gives `after`. Adjacent parts never share an op and no part is empty.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const out: DiffPart[] = [];
  diffTokens(tokenize(before), tokenize(after), out, 'word');
  return cleanup(out);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** HTML for the revision history: escaped text, deletions in <del>, insertions in <ins>. */
export function diffToHtml(parts: readonly DiffPart[]): string {
  let html = '';
  for (const p of parts) {
    const text = escapeHtml(p.text);
    html += p.op === 'same' ? text : p.op === 'del' ? `<del>${text}</del>` : `<ins>${text}</ins>`;
  }
  return html;
}
