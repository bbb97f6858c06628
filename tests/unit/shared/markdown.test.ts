import { describe, it, expect } from 'vitest';
import { MARKDOWN_LIMITS, markdownToPlainText, renderMarkdown } from '#shared/portal/markdown';

const md = (s: string, opts?: Parameters<typeof renderMarkdown>[1]): string => renderMarkdown(s, opts);
const SHA = 'ab'.repeat(32);

describe('renderMarkdown: blocks', () => {
  it('renders nothing for empty or blank input', () => {
    expect(md('')).toBe('');
    expect(md('   \n\n\t\n')).toBe('');
    expect(markdownToPlainText('')).toBe('');
  });

  it('maps # to h2 by default, and honours headingOffset (clamped to h2–h6)', () => {
    expect(md('# Uno\n## Dos\n###### Seis')).toBe('<h2>Uno</h2>\n<h3>Dos</h3>\n<h6>Seis</h6>');
    expect(md('# Uno', { headingOffset: 2 })).toBe('<h3>Uno</h3>');
    expect(md('# Uno', { headingOffset: 0 })).toBe('<h2>Uno</h2>');
    expect(md('## Dos', { headingOffset: -5 })).toBe('<h2>Dos</h2>');
    expect(md('#### Cuatro', { headingOffset: 4 })).toBe('<h6>Cuatro</h6>');
    expect(md('# Título con cierre ##')).toBe('<h2>Título con cierre</h2>');
    expect(md('#SinEspacio')).toBe('<p>#SinEspacio</p>');
    expect(md('Acta\n====\n\nAnexo\n-----')).toBe('<h2>Acta</h2>\n<h3>Anexo</h3>');
  });

  it('splits paragraphs on blank lines and keeps soft line breaks inside them', () => {
    expect(md('Primer párrafo\nsigue aquí.\n\nSegundo párrafo.')).toBe('<p>Primer párrafo\nsigue aquí.</p>\n<p>Segundo párrafo.</p>');
  });

  it('renders hard line breaks (two spaces or backslash), and soft ones with breaks: true', () => {
    expect(md('Calle 5  \nMiraflores\\\nGuaviare')).toBe('<p>Calle 5<br>\nMiraflores<br>\nGuaviare</p>');
    expect(md('Calle 5\nMiraflores', { breaks: true })).toBe('<p>Calle 5<br>\nMiraflores</p>');
  });

  it('renders nested lists, tight and loose, ordered with a start number', () => {
    expect(md('- uno\n- dos\n  - dos.a\n  - dos.b\n- tres')).toBe(
      '<ul>\n<li>uno</li>\n<li>dos\n<ul>\n<li>dos.a</li>\n<li>dos.b</li>\n</ul>\n</li>\n<li>tres</li>\n</ul>',
    );
    expect(md('1. primero\n2. segundo')).toBe('<ol>\n<li>primero</li>\n<li>segundo</li>\n</ol>');
    expect(md('3. tercero\n4. cuarto')).toBe('<ol start="3">\n<li>tercero</li>\n<li>cuarto</li>\n</ol>');
    expect(md('* a\n\n* b')).toBe('<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>');
    expect(md('1. Paso\n   1. Sub-paso\n      - detalle')).toBe(
      '<ol>\n<li>Paso\n<ol>\n<li>Sub-paso\n<ul>\n<li>detalle</li>\n</ul>\n</li>\n</ol>\n</li>\n</ol>',
    );
    expect(md('Texto\n- item')).toBe('<p>Texto</p>\n<ul>\n<li>item</li>\n</ul>');
  });

  it('renders fenced and indented code blocks with their content escaped', () => {
    expect(md('```html\n<b>hola</b> & "adiós"\n```')).toBe('<pre><code>&lt;b&gt;hola&lt;/b&gt; &amp; &quot;adiós&quot;\n</code></pre>');
    expect(md('~~~\n**no** [es](https://x.org)\n~~~')).toBe('<pre><code>**no** [es](https://x.org)\n</code></pre>');
    expect(md('    let x = 1 < 2;')).toBe('<pre><code>let x = 1 &lt; 2;\n</code></pre>');
    expect(md('```\nsin cerrar')).toBe('<pre><code>sin cerrar\n</code></pre>');
  });

  it('renders block quotes (nested, lazy continuation) and horizontal rules', () => {
    expect(md('> Cita\n> > interna\n\n---\n\n***')).toBe(
      '<blockquote>\n<p>Cita</p>\n<blockquote>\n<p>interna</p>\n</blockquote>\n</blockquote>\n<hr>\n<hr>',
    );
    expect(md('> uno\ndos')).toBe('<blockquote>\n<p>uno\ndos</p>\n</blockquote>');
  });

  it('renders GFM pipe tables with inline content and escaped pipes, short rows padded, no alignment attributes', () => {
    expect(md('| Vereda | Asistentes |\n| :--- | ---: |\n| La **Esperanza** | 12 |\n| `a\\|b` |')).toBe(
      '<table>\n<thead>\n<tr>\n<th>Vereda</th>\n<th>Asistentes</th>\n</tr>\n</thead>\n<tbody>\n' +
        '<tr>\n<td>La <strong>Esperanza</strong></td>\n<td>12</td>\n</tr>\n<tr>\n<td><code>a|b</code></td>\n<td></td>\n</tr>\n</tbody>\n</table>',
    );
    expect(md('a | b\n--- | ---')).toBe('<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>');
    expect(md('| a | b |\n| --- |')).toBe('<p>| a | b |\n| --- |</p>');
  });
});

describe('renderMarkdown: inline', () => {
  it('renders emphasis and strong emphasis, including nesting and intraword rules', () => {
    expect(md('*a* _b_ **c** __d__ ***e***')).toBe('<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <em><strong>e</strong></em></p>');
    expect(md('**negrita con *cursiva* dentro**')).toBe('<p><strong>negrita con <em>cursiva</em> dentro</strong></p>');
    expect(md('snake_case_name y 2*3*4')).toBe('<p>snake_case_name y 2<em>3</em>4</p>');
    expect(md('* no es énfasis *')).toBe('<ul>\n<li>no es énfasis *</li>\n</ul>');
    expect(md('a * b * c')).toBe('<p>a * b * c</p>');
  });

  it('renders code spans with their content escaped and literal', () => {
    expect(md('Use `<script>` y `` a`b `` y `*no*`')).toBe('<p>Use <code>&lt;script&gt;</code> y <code>a`b</code> y <code>*no*</code></p>');
    expect(md('`sin cerrar')).toBe('<p>`sin cerrar</p>');
  });

  it('renders links: inline, with title, relative, mailto, tel, autolinks and bare URLs', () => {
    expect(md('[Alcaldía](https://miraflores-guaviare.gov.co "Sitio oficial")')).toBe(
      '<p><a href="https://miraflores-guaviare.gov.co" title="Sitio oficial" rel="noopener noreferrer">Alcaldía</a></p>',
    );
    expect(md('[trámites](/tramites?x=1&y=2) [arriba](#inicio)')).toBe(
      '<p><a href="/tramites?x=1&amp;y=2">trámites</a> <a href="#inicio">arriba</a></p>',
    );
    expect(md('[correo](mailto:contacto@miraflores.gov.co) [llamar](tel:+5760000000)')).toBe(
      '<p><a href="mailto:contacto@miraflores.gov.co">correo</a> <a href="tel:+5760000000">llamar</a></p>',
    );
    expect(md('<https://gov.co> y <contacto@miraflores.gov.co>')).toBe(
      '<p><a href="https://gov.co" rel="noopener noreferrer">https://gov.co</a> y <a href="mailto:contacto@miraflores.gov.co">contacto@miraflores.gov.co</a></p>',
    );
    expect(md('Ver https://www.gov.co/tramites. (o https://x.org/a_(b))')).toBe(
      '<p>Ver <a href="https://www.gov.co/tramites" rel="noopener noreferrer">https://www.gov.co/tramites</a>. ' +
        '(o <a href="https://x.org/a_(b)" rel="noopener noreferrer">https://x.org/a_(b)</a>)</p>',
    );
    expect(md('[**fuerte** y `código`](/a)')).toBe('<p><a href="/a"><strong>fuerte</strong> y <code>código</code></a></p>');
    expect(md('[espacio](<https://x.org/a b>)')).toBe('<p><a href="https://x.org/a%20b" rel="noopener noreferrer">espacio</a></p>');
    expect(md('[página](https://es.wikipedia.org/wiki/Señal)')).toBe(
      '<p><a href="https://es.wikipedia.org/wiki/Se%C3%B1al" rel="noopener noreferrer">página</a></p>',
    );
  });

  it('links relative references on the same site', () => {
    expect(md('[documento](doc.pdf) [arriba](../inicio#a) [página 2](?p=2)')).toBe(
      '<p><a href="doc.pdf">documento</a> <a href="../inicio#a">arriba</a> <a href="?p=2">página 2</a></p>',
    );
  });

  it('renders the text of links with disallowed schemes, other hosts or no destination, without a link', () => {
    expect(md('[x](javascript:alert(1))')).toBe('<p>x</p>');
    expect(md('[ftp](ftp://x.org) [proto](//evil.example) [sin barra](http:x.org) [esquema](%6Aavascript:x)')).toBe(
      '<p>ftp proto sin barra esquema</p>',
    );
    expect(md('<ftp://x.org/a>')).toBe('<p>&lt;ftp://x.org/a&gt;</p>');
    expect(md('[sin destino]()')).toBe('<p>sin destino</p>');
  });

  it('does not nest links', () => {
    expect(md('[ver https://a.org](https://b.org)')).toBe('<p><a href="https://b.org" rel="noopener noreferrer">ver https://a.org</a></p>');
  });

  it('shows images only from the portal\'s own files; any other image becomes a link to it, or its alt text', () => {
    expect(md(`![Plaza principal](/portal/archivo/${SHA} "Foto")`)).toBe(
      `<p><img src="/portal/archivo/${SHA}" alt="Plaza principal" title="Foto" loading="lazy"></p>`,
    );
    expect(md(`[![*ícono* del sitio](/portal/archivo/${SHA})](https://x.org)`)).toBe(
      `<p><a href="https://x.org" rel="noopener noreferrer"><img src="/portal/archivo/${SHA}" alt="ícono del sitio" loading="lazy"></a></p>`,
    );
    expect(md('![Plaza principal](https://x.org/plaza.jpg "Foto")')).toBe(
      '<p><a href="https://x.org/plaza.jpg" title="Foto" rel="noopener noreferrer">Plaza principal</a></p>',
    );
    expect(md('![*énfasis* en alt](/img/logo.png)')).toBe('<p><a href="/img/logo.png">énfasis en alt</a></p>');
    expect(md('![punto](data:image/png;base64,iVBORw0KGgo=) ![svg](data:image/svg+xml;base64,PHN2Zz4=)')).toBe('<p>punto svg</p>');
    expect(md(`![otro archivo](/portal/archivo/${SHA}.html) ![mayúsculas](/portal/archivo/${SHA.toUpperCase()})`)).toBe(
      `<p><a href="/portal/archivo/${SHA}.html">otro archivo</a> <a href="/portal/archivo/${SHA.toUpperCase()}">mayúsculas</a></p>`,
    );
    expect(md('[![ícono](https://x.org/i.png)](https://x.org)')).toBe('<p><a href="https://x.org" rel="noopener noreferrer">ícono</a></p>');
  });

  it('resolves attachment:/image: refs through imageResolver, re-checking the answer', () => {
    const seen: string[] = [];
    const imageResolver = (ref: string): string | null => {
      seen.push(ref);
      if (ref === `attachment:${SHA}`) return '/api/adjuntos/abc';
      if (ref === 'image:0190a1b2-c3d4') return 'data:image/webp;base64,UklGRg==';
      if (ref === 'image:blob') return 'blob:https://app.example/1234';
      if (ref === 'image:evil') return 'javascript:alert(1)';
      return null;
    };
    expect(md(`![acta](attachment:${SHA}) ![foto](image:0190a1b2-c3d4)`, { imageResolver })).toBe(
      '<p><img src="/api/adjuntos/abc" alt="acta" loading="lazy"> <img src="data:image/webp;base64,UklGRg==" alt="foto" loading="lazy"></p>',
    );
    expect(md('![local](image:blob)', { imageResolver })).toBe('<p><img src="blob:https://app.example/1234" alt="local" loading="lazy"></p>');
    expect(md('![mala](image:evil) ![falta](image:nope)', { imageResolver })).toBe('<p>mala falta</p>');
    expect(md('![sin resolver](image:abc)')).toBe('<p>sin resolver</p>');
    expect(md('![falla](image:abc)', { imageResolver: () => { throw new Error('db'); } })).toBe('<p>falla</p>');
    expect(md('![blob directo](blob:https://app.example/1234)', { imageResolver })).toBe('<p>blob directo</p>');
    expect(seen).toEqual([`attachment:${SHA}`, 'image:0190a1b2-c3d4', 'image:blob', 'image:evil', 'image:nope']);
  });

  it('shows raw HTML as escaped text', () => {
    expect(md('<b>hola</b> & <em onclick="x">adiós</em>')).toBe('<p>&lt;b&gt;hola&lt;/b&gt; &amp; &lt;em onclick=&quot;x&quot;&gt;adiós&lt;/em&gt;</p>');
    expect(md('<div>\nbloque\n</div>')).toBe('<p>&lt;div&gt;\nbloque\n&lt;/div&gt;</p>');
  });

  it('handles backslash escapes and entities', () => {
    expect(md('\\*no\\* \\[tampoco\\] \\\\')).toBe('<p>*no* [tampoco] \\</p>');
    expect(md('&copy; 2026 &amp; &ntilde; &#241; &#xF1; &bogus;')).toBe('<p>© 2026 &amp; ñ ñ ñ &amp;bogus;</p>');
  });

  it('follows CommonMark where the hand-made renderer did not: references, parentheses, entities, tabs', () => {
    expect(md('Ver el [informe][inf], el [acta][] y la [ley].\n\n[inf]: /portal/contenido/informe-2025 "Informe 2025"\n[acta]: acta.pdf\n[LEY]: <https://x.gov.co/ley 1712>')).toBe(
      '<p>Ver el <a href="/portal/contenido/informe-2025" title="Informe 2025">informe</a>, el <a href="acta.pdf">acta</a> y la ' +
        '<a href="https://x.gov.co/ley%201712" rel="noopener noreferrer">ley</a>.</p>',
    );
    expect(md('[norma](https://x.gov.co/n.php?i=\\(56882\\)) [a](foo(and(bar))) [b](<foo(and(bar)>)')).toBe(
      '<p><a href="https://x.gov.co/n.php?i=(56882)" rel="noopener noreferrer">norma</a> <a href="foo(and(bar))">a</a> <a href="foo(and(bar)">b</a></p>',
    );
    expect(md('&frac34; &hearts; &AElig; [enlace](/f&ouml;&ouml; "f&ouml;&ouml;")')).toBe('<p>¾ ♥ Æ <a href="/f%C3%B6%C3%B6" title="föö">enlace</a></p>');
    expect(md('-\t\tcódigo\n\n>\t\tcita')).toBe(
      '<ul>\n<li>\n<pre><code>  código\n</code></pre>\n</li>\n</ul>\n<blockquote>\n<pre><code>  cita\n</code></pre>\n</blockquote>',
    );
  });

  it('passes Spanish text with accents, ñ, ¿¡ and « » through unchanged', () => {
    const text = '¿Cuál es el año de fundación? ¡Miraflores, Guaviare! Niño, pingüino, «acción», Ñandú.';
    expect(md(text)).toBe(`<p>${text}</p>`);
    expect(markdownToPlainText(`## ${text}`)).toBe(text);
  });
});

describe('renderMarkdown: robustness', () => {
  it('normalises line endings, control characters and lone surrogates', () => {
    expect(md('a\r\nb\rc\u2028d')).toBe('<p>a\nb\nc\nd</p>');
    expect(md('nul\u0000 bell\u0007')).toBe('<p>nul\ufffd bell\ufffd</p>');
    expect(md('x\ud800y \udc00')).toBe('<p>x\ufffdy \ufffd</p>');
    expect(md('emoji 😀 ok')).toBe('<p>emoji 😀 ok</p>');
  });

  it('truncates input longer than MARKDOWN_LIMITS.maxInputLength instead of failing', () => {
    expect(MARKDOWN_LIMITS.maxInputLength).toBe(100_000);
    const long = 'a'.repeat(MARKDOWN_LIMITS.maxInputLength) + 'ZZZ';
    const html = md(long);
    expect(html).toBe(`<p>${'a'.repeat(MARKDOWN_LIMITS.maxInputLength)}</p>`);
    const splitPair = 'a'.repeat(MARKDOWN_LIMITS.maxInputLength - 1) + '😀';
    expect(md(splitPair)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('does not recurse without bound on deep nesting', () => {
    expect(() => md('> '.repeat(5000) + 'x')).not.toThrow();
    expect(() => md('- '.repeat(5000) + 'x')).not.toThrow();
    expect(() => md('*'.repeat(20_000) + 'x' + '*'.repeat(20_000))).not.toThrow();
    expect(() => md('*a _'.repeat(5000) + 'b' + '_ a*'.repeat(5000))).not.toThrow();
    expect(() => md('['.repeat(5000) + 'x' + '](/a)'.repeat(5000))).not.toThrow();
    expect((md('> '.repeat(100) + 'x').match(/<blockquote>/g) ?? []).length).toBe(MARKDOWN_LIMITS.maxBlockDepth);
  });

});

// A hang guard, not a performance target (those live in bench/). micromark stays linear on these
// only because of the bounds in markdown-blocks.ts and markdown-syntax.ts; without them several
// take minutes (nested lists, block quotes, unmatched brackets and emphasis, setext headings).
// Measured in CPU time, best of 3, so a busy machine does not make the check flaky.
describe('renderMarkdown: 100 KB hostile inputs', () => {
  const N = MARKDOWN_LIMITS.maxInputLength;
  const fill = (unit: string): string => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
  const inputs: Record<string, string> = {
    emphasis: fill('*a '), mixedEmphasis: fill('**a_'), alternating: fill('*_'), nestedEmphasis: fill('*a **b ***c '),
    deepEmphasis: '*'.repeat(N / 2) + 'a' + '*'.repeat(N / 2 - 1),
    openBrackets: fill('['), closeBrackets: fill(']'), openLinks: fill('[a]('), images: fill('!['),
    unclosedTitles: fill('[a](b "'), unclosedAngle: fill('[a](<'), parenDest: fill('[a](b('), nested: fill('[') + fill(']('),
    backticks: fill('` ``'), growingBackticks: Array.from({ length: 440 }, (_, i) => '`'.repeat(i + 1) + ' ').join(''),
    quotes: fill('> ') + 'x', lists: '- '.repeat(N / 2 - 1) + 'x', ordered: fill('1. '),
    staircase: Array.from({ length: 2000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
    angles: fill('<a'), longAngle: '<' + 'a'.repeat(N - 2) + '>', entities: fill('&#'), namedEntities: fill('&a'),
    urls: fill('http://'), urlParens: 'https://a.b/' + ')'.repeat(N), pipes: fill('|'),
    tableRows: '|a'.repeat(60) + '|\n' + '|-'.repeat(60) + '|\n' + fill('|x\n'),
    backslashes: fill('\\'), hardBreaks: fill('a  \n'), headingSpaces: '# ' + ' '.repeat(N - 3) + 'x',
    fences: fill('```\n'), setext: fill('a\n=\n'), emails: fill('<a@'), autolinks: fill('<https://a.b>'),
    mixed: fill('*[`<&_!]h\n> - 1. | '), words: fill('palabra '),
    openersThenClosers: fill('*a ').slice(0, N / 2) + fill('a_ ').slice(0, N / 2),
    starsThenUnderscores: fill('**a ').slice(0, N / 2) + fill('a* ').slice(0, N / 2),
    emptyLinks: fill('![[]()'), intraword: fill('a_'),
    // Quadratic in micromark itself until bounded here:
    nestedLists: fill('- x\n  - y\n'), dedents: fill('- a\n  - b\n    - c\n'), deepLines: fill('- '.repeat(12) + 'x\n'),
    oneItem: '- top\n' + fill('  - a\n    - b\n'), lazyQuotes: fill('> a\nb\n'), manyQuotes: fill('> a\n\n'),
    unmatchedCloses: fill('[a]') + ']', ampersandLines: fill('a & b\n'), hopelessClosers: fill('\\*').slice(0, N - 4000) + fill('a_ ').slice(0, 4000),
    links: fill('[a](b) '), references: '[a]: /' + 'u'.repeat(500) + '\n\n' + fill('[a] '),
    wideTable: '|a'.repeat(2000) + '|\n' + '|-'.repeat(2000) + '|\n' + fill('x\n'), bareUrls: fill('https://a.b/c_(d) '),
  };
  const cpuMs = (fn: () => unknown): number => {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };

  for (const [name, src] of Object.entries(inputs)) {
    it(`${name}: renders within bounded time and output`, () => {
      let best = Infinity;
      let html = '';
      // A fresh source each run (trailing spaces), so the cache does not answer.
      for (let run = 0; run < 3 && best >= 5000; run++) best = Math.min(best, cpuMs(() => (html = renderMarkdown(src + ' '.repeat(run)))));
      expect(best, 'renderMarkdown CPU ms').toBeLessThan(5000);
      expect(html.length, 'no amplification').toBeLessThan(12 * N);
      expect(cpuMs(() => markdownToPlainText(src)), 'markdownToPlainText CPU ms').toBeLessThan(5000);
    });
  }
});

describe('renderMarkdown: bounds on hostile structure', () => {
  it('copies at most maxReferenceExpansion characters from link definitions; later references stay text', () => {
    const url = '/' + 'u'.repeat(999);
    const html = md(`[a]: ${url}\n\n${'[a] '.repeat(1000)}`);
    const links = html.split('<a href=').length - 1;
    expect(links).toBe(Math.floor(MARKDOWN_LIMITS.maxReferenceExpansion / url.length));
    expect(html).toContain(' a a a');
  });

  it('pads short table rows with at most maxPaddingCells empty cells', () => {
    const html = md('|a'.repeat(60) + '|\n' + '|-'.repeat(60) + '|\n' + 'x\n'.repeat(1000));
    expect(html.split('<td></td>').length - 1).toBe(MARKDOWN_LIMITS.maxPaddingCells);
    expect(html.split('<tr>').length - 1).toBe(1001);
  });

  it('reads at most maxSetextHeadings setext headings; later underlines are text', () => {
    const html = md('Título\n===\n\n'.repeat(MARKDOWN_LIMITS.maxSetextHeadings + 5));
    expect(html.split('<h2>').length - 1).toBe(MARKDOWN_LIMITS.maxSetextHeadings);
    expect(html.split('<p>Título\n===</p>').length - 1).toBe(5);
  });

  it('resolves at most maxDelimiterRuns emphasis runs per paragraph and none longer than maxDelimiterLength', () => {
    const pairs = MARKDOWN_LIMITS.maxDelimiterRuns / 2;
    const html = md('*a* '.repeat(pairs + 3));
    expect(html.split('<em>').length - 1).toBe(pairs);
    expect(html).toMatch(/<\/em> \*a\* \*a\* \*a\*<\/p>$/);
    const run = '*'.repeat(MARKDOWN_LIMITS.maxDelimiterLength + 1);
    expect(md(`${run}a${run}`)).toBe(`<p>${run}a${run}</p>`);
    expect(md('_a_ '.repeat(3) + 'x_ '.repeat(5000))).toContain('<em>a</em> <em>a</em> <em>a</em>'); // closers without openers cost nothing
  });

  it('cuts an over-long list before a top-level item, keeping every item and its text', () => {
    const items = Array.from({ length: 600 }, (_, i) => `- elemento ${i}`).join('\n');
    const html = md(items);
    expect(html.split('<ul>').length - 1).toBeGreaterThan(1);
    expect(html.split('<li>').length - 1).toBe(600);
    expect(markdownToPlainText(items).split('\n').filter(Boolean)).toEqual(items.split('\n'));
  });

  it('finds a definition in another piece of a long draft', () => {
    const filler = 'Párrafo de relleno con texto suficiente para ocupar espacio.\n\n'.repeat(100);
    expect(md(`Ver [acta].\n\n${filler}[acta]: /portal/contenido/acta`)).toMatch(/^<p>Ver <a href="\/portal\/contenido\/acta">acta<\/a>\.<\/p>/);
  });
});

describe('markdownToPlainText', () => {
  it('strips markup, keeps link text and image alt, and puts blocks on separate lines', () => {
    const source = [
      '# Convocatoria', '', 'La **Alcaldía** invita a la [reunión](https://x.org) del `martes`.', '',
      '- Punto uno', '- Punto *dos*', '  1. sub', '', '![Mapa de la vereda](/m.png)', '', '> Cita', '', '---', '',
      '| A | B |', '|---|---|', '| 1 | 2 |', '', '```', 'código <b>', '```',
    ].join('\n');
    expect(markdownToPlainText(source)).toBe(
      'Convocatoria\n\nLa Alcaldía invita a la reunión del martes.\n\n- Punto uno\n- Punto dos\n  1. sub\n\n' +
        'Mapa de la vereda\n\nCita\n\nA | B\n1 | 2\n\ncódigo <b>',
    );
  });

  it('keeps raw HTML as text (the caller escapes it) and drops unsafe link targets', () => {
    expect(markdownToPlainText('<script>x</script> [a](javascript:alert(1))')).toBe('<script>x</script> a');
    expect(markdownToPlainText('línea  \nsiguiente\ny más')).toBe('línea\nsiguiente y más');
  });
});
