import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DIFF_LIMITS, diffToHtml, diffWords, type DiffPart } from '#shared/portal/text-diff';

const side = (parts: DiffPart[], skip: 'add' | 'del'): string =>
  parts.filter((p) => p.op !== skip).map((p) => p.text).join('');

function expectReconstructs(before: string, after: string): DiffPart[] {
  const parts = diffWords(before, after);
  expect(side(parts, 'add')).toBe(before);
  expect(side(parts, 'del')).toBe(after);
  for (let i = 0; i < parts.length; i++) {
    expect(parts[i]!.text).not.toBe('');
    if (i > 0) expect(parts[i]!.op).not.toBe(parts[i - 1]!.op);
  }
  return parts;
}

describe('diffWords', () => {
  it('identical, empty and one-sided inputs', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('Igual', 'Igual')).toEqual([{ op: 'same', text: 'Igual' }]);
    expect(diffWords('', 'nuevo texto')).toEqual([{ op: 'add', text: 'nuevo texto' }]);
    expect(diffWords('texto viejo', '')).toEqual([{ op: 'del', text: 'texto viejo' }]);
  });

  it('replaces whole words, not letters', () => {
    expect(diffWords('El gato duerme.', 'El perro duerme.')).toEqual([
      { op: 'same', text: 'El ' },
      { op: 'del', text: 'gato' },
      { op: 'add', text: 'perro' },
      { op: 'same', text: ' duerme.' },
    ]);
  });

  it('groups neighbouring changed words into one readable change', () => {
    expect(diffWords('La reunión del martes por la tarde', 'La reunión del jueves en la mañana')).toEqual([
      { op: 'same', text: 'La reunión del ' },
      { op: 'del', text: 'martes por' },
      { op: 'add', text: 'jueves en' },
      { op: 'same', text: ' la ' },
      { op: 'del', text: 'tarde' },
      { op: 'add', text: 'mañana' },
    ]);
  });

  it('treats accented words and ñ as single words, punctuation as its own token', () => {
    expect(diffWords('Año de gestión, Miraflores.', 'Año de gestión; Miraflores.')).toEqual([
      { op: 'same', text: 'Año de gestión' },
      { op: 'del', text: ',' },
      { op: 'add', text: ';' },
      { op: 'same', text: ' Miraflores.' },
    ]);
    expect(diffWords('señor', 'señora')).toEqual([{ op: 'del', text: 'señor' }, { op: 'add', text: 'señora' }]);
  });

  it('shows insertions and deletions in the middle of a sentence', () => {
    expect(diffWords('Se convoca a la comunidad', 'Se convoca a toda la comunidad')).toEqual([
      { op: 'same', text: 'Se convoca a ' },
      { op: 'add', text: 'toda ' },
      { op: 'same', text: 'la comunidad' },
    ]);
    expectReconstructs('uno dos tres cuatro', 'uno tres cuatro cinco');
  });

  it('keeps a small edit in a long document at word level', () => {
    const doc = Array.from({ length: 4000 }, (_, i) => `palabra${i % 37}`).join(' ');
    const edited = doc.replace('palabra5 ', 'palabra5 nueva ');
    const parts = expectReconstructs(doc, edited);
    expect(parts.filter((p) => p.op === 'add')).toEqual([{ op: 'add', text: 'nueva ' }]);
  });

  it('falls back to a line diff (refined per changed line) for large changed regions, and stays fast', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `Línea ${i}: texto del acta número ${i % 11}.`).join('\n');
    const after = before.split('\n').map((l, i) => (i % 40 === 0 ? l.replace('texto', 'contenido') : l)).join('\n');
    const t0 = performance.now();
    const parts = expectReconstructs(before, after);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(parts.filter((p) => p.op === 'del').every((p) => p.text === 'texto')).toBe(true);
    expect(parts.filter((p) => p.op === 'add').every((p) => p.text === 'contenido')).toBe(true);
    expect(parts.filter((p) => p.op === 'add')).toHaveLength(75);
  });

  it('handles completely different large inputs quickly', () => {
    const a = Array.from({ length: DIFF_LIMITS.maxWordTokens * 2 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: DIFF_LIMITS.maxWordTokens * 2 }, (_, i) => `b${i}`).join('\n');
    const t0 = performance.now();
    expectReconstructs(a, b);
    expectReconstructs(a.replace(/ /g, '\n'), b);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('reconstructs both sides (property, arbitrary strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), (a, b) => {
        expectReconstructs(a, b);
      }),
      { numRuns: 500 },
    );
  });

  it('reconstructs both sides (property, similar texts from a small vocabulary)', () => {
    const word = fc.constantFrom('el', 'la', 'acta', 'reunión', 'Miraflores', 'año', ',', '.', ' ', '  ', '\n', '\t', 'ñandú', '¿qué?', '😀');
    const text = fc.array(word, { maxLength: 60 }).map((w) => w.join(''));
    const edit = fc.tuple(text, fc.array(fc.tuple(fc.nat(60), fc.nat(4), word), { maxLength: 6 })).map(([t, ops]) => {
      let s = t;
      for (const [at, del, ins] of ops) s = s.slice(0, at) + ins + s.slice(at + del);
      return [t, s] as const;
    });
    fc.assert(fc.property(edit, ([a, b]) => { expectReconstructs(a, b); }), { numRuns: 500 });
  });

  it('reconstructs both sides (property, long multi-line texts that trigger the line fallback)', () => {
    const line = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ' ', ','), { minLength: 1, maxLength: 12 }).map((l) => l.join(''));
    const doc = fc.array(line, { minLength: 300, maxLength: 600 }).map((ls) => ls.join('\n'));
    fc.assert(fc.property(doc, doc, (a, b) => { expectReconstructs(a, b); }), { numRuns: 20 });
  });
});

describe('diffToHtml', () => {
  it('wraps changes in <del>/<ins> and escapes all text', () => {
    const html = diffToHtml(diffWords('Valor <b>viejo</b> & "x"', 'Valor <b>nuevo</b> & \'x\''));
    expect(html).toBe('Valor &lt;b&gt;<del>viejo</del><ins>nuevo</ins>&lt;/b&gt; &amp; <del>&quot;</del><ins>&#39;</ins>x<del>&quot;</del><ins>&#39;</ins>');
  });

  it('never emits tags other than del/ins (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const html = diffToHtml(diffWords(a, b));
        const tags = html.match(/<[^>]*>/g) ?? [];
        expect(tags.every((t) => /^<\/?(del|ins)>$/.test(t))).toBe(true);
        expect(html.replace(/<\/?(del|ins)>/g, '')).not.toMatch(/[<>"']/);
      }),
      { numRuns: 500 },
    );
  });
});
