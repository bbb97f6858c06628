// Rows of the benchmark table, targets next to the figures, and the printed table.

export type Verdict = 'met' | 'missed' | 'info' | 'n/a';

export interface Row {
  part: string;
  figure: string;
  value: string;
  target: string;
  verdict: Verdict;
  /** Numbers behind the row, for results.json. */
  data?: Record<string, unknown>;
}

export interface Finding {
  part: string;
  title: string;
  /** Where the time or the bytes go (lines of a profile). */
  lines: string[];
}

export interface PartResult {
  rows: Row[];
  findings: Finding[];
  raw?: Record<string, unknown>;
}

export const info = (part: string, figure: string, value: string, data?: Record<string, unknown>): Row => ({
  part,
  figure,
  value,
  target: '',
  verdict: 'info',
  data,
});

/** A row judged against a target: `ok` decides met / missed; NaN values are n/a. */
export function judged(part: string, figure: string, value: string, target: string, ok: boolean | null, data?: Record<string, unknown>): Row {
  return { part, figure, value, target, verdict: ok === null ? 'n/a' : ok ? 'met' : 'missed', data };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const msf = (ms: number, digits = 1) => `${ms.toFixed(digits)} ms`;
export const ratio = (x: number) => `${x.toFixed(2)}×`;

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

const MARK: Record<Verdict, string> = { met: 'met', missed: 'MISSED', info: '', 'n/a': 'n/a' };

/** A plain-text table that reads in a terminal and pastes into Markdown as a code block. */
export function formatTable(rows: readonly Row[]): string {
  const widths = { part: 7, figure: 46, value: 40, target: 22, verdict: 6 };
  const line = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++) {
      out.push(
        [
          (cells[0]?.[i] ?? '').padEnd(widths.part),
          (cells[1]?.[i] ?? '').padEnd(widths.figure),
          (cells[2]?.[i] ?? '').padEnd(widths.value),
          (cells[3]?.[i] ?? '').padEnd(widths.target),
          cells[4]?.[i] ?? '',
        ]
          .join(' | ')
          .trimEnd(),
      );
    }
    return out.join('\n');
  };
  const sep = ['part', 'figure', 'value', 'target', 'verdict'].map((k) => '-'.repeat(widths[k as keyof typeof widths])).join('-|-');
  const out = [line([['part'], ['figure'], ['value'], ['target'], ['verdict']]), sep];
  let lastPart = '';
  for (const r of rows) {
    if (lastPart && r.part !== lastPart) out.push(sep);
    lastPart = r.part;
    out.push(line([[r.part], wrap(r.figure, widths.figure), wrap(r.value, widths.value), wrap(r.target, widths.target), [MARK[r.verdict]]]));
  }
  return out.join('\n');
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => [`[${f.part}] ${f.title}`, ...f.lines.map((l) => `    ${l}`)].join('\n')).join('\n\n');
}
