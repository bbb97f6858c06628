import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_LIMITS, capNesting, splitPieces } from '#shared/portal/markdown-blocks';
import { SizedCache } from '#shared/portal/markdown-cache';
import { compilePieces } from '#shared/portal/markdown-compile';

// The renderer parses a draft in pieces (micromark's block parser is quadratic on long ones).
// A cut taken where the text allows must not change the HTML; forced cuts are for over-long
// list/quote runs only and must never fall inside top-level fenced code.

const opts = { headingOffset: 1, breaks: false };
const whole = (doc: string): string =>
  compilePieces(splitPieces(doc, { minPieceLength: Infinity, maxPieceLength: Infinity, hardPieceLength: Infinity }), opts).html;
const everySafeCut = (doc: string): string[] => splitPieces(doc, { minPieceLength: 0, maxPieceLength: Infinity, hardPieceLength: Infinity });

const LINES = [
  '', '', '', 'párrafo con *énfasis*', 'más texto', '- a', '- b', '  - anidado', '    sangrado', '1. uno', '2) dos', '10. diez', '> cita', '>',
  'línea perezosa', '```', '~~~', '```js', '    ```', '  ```', '> ```', '- ```', '| a | b |', '|---|---|', '| 1 | 2 |', '[x]: /u "t"', '[x] ref',
  '[y]: <>', '[y]', '===', '---', '***', '* * *', '# título', '\tcódigo', '  dos espacios', '* estrella', '+ más', '<div>', 'https://x.org/a',
  '  > cita en ítem', '-', '1.', '  ', '\t', '> - a', '>   - b', '  1. x', '-\tuno', '[a](<b c>)', '![i](/portal/archivo/x)', '- ```', '  ~~~', '>   ```',
  '   ```', ' ~~~~', '```` x', '\t```', '1.  ```', '   - c', '      - d', '>```', '[z]:', '  /z', '"título"', '   [w]: /w', '--', '=', '- - -',
  '  -', '   1.', '1)', '> >', '>  ```', '  *', 'a  ', '\\', '`x`',
];
const doc = fc.array(fc.constantFrom(...LINES), { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('splitPieces', () => {
  it('every cut it may take without being forced leaves the HTML unchanged', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const pieces = everySafeCut(d);
        expect(pieces.join('')).toBe(splitPieces(d, { minPieceLength: Infinity, maxPieceLength: Infinity, hardPieceLength: Infinity }).join(''));
        expect(compilePieces(pieces, opts).html).toBe(whole(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('does cut: blank line then a block that cannot continue the one before', () => {
    // Not before a list item, which could continue a list above it.
    expect(everySafeCut('a\n\nb\n\n> c\n\n- d\n\n- e\n\n  f\n\ng')).toEqual(['a\n\n', 'b\n\n', '> c\n\n- d\n\n- e\n\n  f\n\n', 'g']);
    expect(everySafeCut('```\na\n\nb\n```\n\nc')).toEqual(['```\na\n\nb\n```\n\n', 'c']);
    // Code in a list item holds back the cut after the item (micromark renders it differently
    // when the item ends the document), but not the next one.
    expect(everySafeCut('- paso\n\n  ```\n  código\n  ```\n\nPárrafo\n\nOtro')).toEqual(['- paso\n\n  ```\n  código\n  ```\n\nPárrafo\n\n', 'Otro']);
    // '[z]:' is a paragraph, so '-' underlines it and the indented fence below is top-level code.
    expect(everySafeCut('[z]:\n-\n  ```\n\nx\n\ny')).toEqual(['[z]:\n-\n  ```\n\nx\n\ny']);
  });

  it('forces cuts in a long run of list items or quotes, before a top-level one, and never in top-level fenced code', () => {
    const list = Array.from({ length: 2000 }, (_, i) => `- elemento ${i}\n  - sub`).join('\n');
    const pieces = splitPieces(list);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(`${list.split('\n').join('\n')}`);
    for (const p of pieces) expect(p.length).toBeLessThan(BLOCK_LIMITS.maxPieceLength + 50);
    for (const p of pieces.slice(1)) expect(p.startsWith('- elemento ')).toBe(true);
    const fenced = '```\n' + '- x\n'.repeat(10_000) + '```\n';
    expect(splitPieces(fenced)).toEqual([fenced]);
    expect(splitPieces('a\n'.repeat(20_000))).toHaveLength(1); // a paragraph parses in linear time: never cut
    // A fence line inside a list item does not pass for top-level code that would stop all cuts.
    expect(splitPieces('- ```\n  ```\n' + list).length).toBeGreaterThan(1);
  });
});

describe('capNesting', () => {
  it('escapes the container marker past maxBlockDepth on a line, and leaves thematic breaks alone', () => {
    const max = BLOCK_LIMITS.maxBlockDepth;
    expect(capNesting('> '.repeat(max) + 'x')).toBe('> '.repeat(max) + 'x');
    expect(capNesting('> '.repeat(max + 2) + 'x')).toBe('> '.repeat(max) + '\\> > x');
    expect(capNesting('1. '.repeat(max + 1) + 'x')).toBe('1. '.repeat(max) + '1\\. x');
    expect(capNesting('- '.repeat(max + 5))).toBe('- '.repeat(max + 5));
  });
});

describe('SizedCache', () => {
  it('keeps what was used last within its size, and refuses an entry larger than a quarter of it', () => {
    const cache = new SizedCache<string>(100);
    cache.set('a', 'A', 20);
    cache.set('b', 'B', 20);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 20);
    cache.set('d', 'D', 20);
    cache.set('e', 'E', 25); // 105 > 100: 'b' was used least recently
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d'), cache.get('e')]).toEqual(['A', 'C', 'D', 'E']);
    cache.set('f', 'F', 26);
    expect(cache.get('f')).toBeUndefined();
  });
});
