import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { markdownToPlainText, renderMarkdown } from '#shared/portal/markdown';

// ---------------------------------------------------------------------------
// A tiny HTML tag scanner, tokenizing roughly the way a browser does ('<' + name starts a tag,
// attributes end at whitespace, '/', '>' or '='; values are quoted or unquoted), so a payload
// that broke out of an attribute or smuggled a tag would show up as an extra tag/attribute.

interface Attr { name: string; value: string | null }
interface Tag { raw: string; name: string; closing: boolean; attrs: Attr[] }

function scanHtml(html: string): { tags: Tag[]; texts: string[] } {
  const tags: Tag[] = [];
  const texts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    texts.push(html.slice(i, lt < 0 ? html.length : lt));
    if (lt < 0) break;
    let j = lt + 1;
    const closing = html[j] === '/';
    if (closing) j++;
    const nameStart = j;
    while (j < html.length && !/[\s/>]/.test(html[j]!)) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    const attrs: Attr[] = [];
    for (;;) {
      while (j < html.length && /[\s/]/.test(html[j]!)) j++;
      if (j >= html.length) throw new Error(`unterminated tag: ${html.slice(lt, lt + 80)}`);
      if (html[j] === '>') { j++; break; }
      const an = j;
      j++;
      while (j < html.length && !/[\s/>=]/.test(html[j]!)) j++;
      const attrName = html.slice(an, j).toLowerCase();
      while (/\s/.test(html[j] ?? '')) j++;
      let value: string | null = null;
      if (html[j] === '=') {
        j++;
        while (/\s/.test(html[j] ?? '')) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          if (end < 0) throw new Error(`unterminated attribute: ${html.slice(lt, lt + 80)}`);
          value = html.slice(j + 1, end);
          j = end + 1;
        } else {
          const vs = j;
          while (j < html.length && !/[\s>]/.test(html[j]!)) j++;
          value = html.slice(vs, j);
        }
      }
      attrs.push({ name: attrName, value });
    }
    tags.push({ raw: html.slice(lt, j), name, closing, attrs });
    i = j;
  }
  return { tags, texts };
}

const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'a', 'img', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const VOID_TAGS = new Set(['img', 'hr', 'br']);
const ALLOWED_ATTRS = new Set(['href', 'src', 'alt', 'title', 'rel', 'loading', 'start']);
const ATTRS_BY_TAG: Record<string, string[]> = { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'] };
const ESCAPED_ONLY = /&(?!(?:amp|lt|gt|quot|#39);)/;
const decode = (v: string): string =>
  v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** What the most permissive URL reader could see: %XX decoded repeatedly, invisibles dropped, lower case. */
function loose(v: string): string {
  let s = v;
  for (let k = 0; k < 5; k++) s = s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return s.replace(/[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '').toLowerCase();
}
// Absolute http(s), mailto, tel, or a relative reference on the same site: no scheme (no ':' before the
// first '/', '?' or '#'), not '//host' and not starting with a backslash.
const HREF_OK = /^(?:https?:\/\/|mailto:|tel:|\/(?![/\\])|(?=[^/\\])[^:/?#]*(?:[/?#]|$))/i;
const SRC_OK = /^(?:https:\/\/|\/(?![/\\])|data:image\/(?:png|jpeg|webp);base64,[a-z0-9+/]+=*$)/i;
const URL_DANGER = /javascript:|vbscript:|livescript:|data:text|data:(?!image\/(?:png|jpeg|webp);base64,)/;

/** Throws (via expect) when the rendered HTML contains anything outside the allow-list. */
function assertSafeHtml(html: string, context: string): void {
  const lower = html.toLowerCase();
  for (const bad of ['<script', '<iframe', '<object', '<embed', '<style', '<svg', '<math', '<link', '<meta', '<base', '<form', '<!--']) {
    expect(lower.includes(bad), `${bad} in ${context}\n${html}`).toBe(false);
  }
  const { tags, texts } = scanHtml(html);
  for (const text of texts) {
    expect(/[<>]/.test(text) || ESCAPED_ONLY.test(text), `unescaped text in ${context}: ${text}`).toBe(false);
  }
  const stack: string[] = [];
  for (const tag of tags) {
    const where = `${tag.raw} in ${context}`;
    expect(ALLOWED_TAGS.has(tag.name), `tag not allowed: ${where}`).toBe(true);
    // The brief's check, on the tag parts only (quoted values blanked out).
    expect(/\son[a-z]+\s*=/i.test(tag.raw.replace(/"[^"]*"|'[^']*'/g, '""')), `event handler: ${where}`).toBe(false);
    if (tag.closing) {
      expect(tag.attrs, where).toEqual([]);
      expect(stack.pop(), `unbalanced: ${where}`).toBe(tag.name);
      continue;
    }
    if (!VOID_TAGS.has(tag.name)) stack.push(tag.name);
    const names = tag.attrs.map((a) => a.name);
    expect(new Set(names).size, `duplicate attribute: ${where}`).toBe(names.length);
    for (const { name, value } of tag.attrs) {
      expect(ALLOWED_ATTRS.has(name) && (ATTRS_BY_TAG[tag.name] ?? []).includes(name), `attribute ${name} not allowed: ${where}`).toBe(true);
      expect(value, `attribute without value: ${where}`).not.toBeNull();
      expect(tag.raw.includes(`${name}="${value}"`), `attribute not double-quoted: ${where}`).toBe(true);
      expect(ESCAPED_ONLY.test(value!) || /[<>"']/.test(value!), `unescaped attribute value: ${where}`).toBe(false);
      const v = decode(value!);
      if (name === 'href' || name === 'src') {
        expect((name === 'href' ? HREF_OK : SRC_OK).test(v), `${name} prefix: ${where}`).toBe(true);
        expect(URL_DANGER.test(loose(v)), `dangerous URL: ${where}`).toBe(false);
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        expect(/[\s\u0000-\u001f\u007f-\u009f]/.test(v), `whitespace/control in URL: ${where}`).toBe(false);
      }
      if (name === 'rel') expect(v).toBe('noopener noreferrer');
      if (name === 'loading') expect(v).toBe('lazy');
      if (name === 'start') expect(v).toMatch(/^\d{1,9}$/);
    }
    if (tag.name === 'img') expect(names.includes('alt') && names.includes('loading') && names.includes('src'), where).toBe(true);
    if (tag.name === 'a') expect(names.includes('href'), where).toBe(true);
    if (tag.name === 'a' && /^https?:/i.test(decode(tag.attrs.find((a) => a.name === 'href')!.value!))) {
      expect(names.includes('rel'), `external link without rel: ${where}`).toBe(true);
    }
  }
  expect(stack, `unclosed tags in ${context}`).toEqual([]);
}

// ---------------------------------------------------------------------------
// Payloads (OWASP XSS filter evasion cheat sheet style, plus Markdown-specific ones)

const B64_HTML = 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==';
const PAYLOADS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<script>alert(String.fromCharCode(88,83,83))</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>script>alert(1)<</script>/script>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</p><script>alert(1)</script><p>',
  '</code></pre><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)">',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<svg onload=alert(1)>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="javascript:alert(1)">',
  `<embed src="data:text/html;base64,${B64_HTML}">`,
  '<style>@import "http://xss.example/xss.css";</style>',
  '<div style="background-image: url(javascript:alert(1))">',
  '<p style="x:expression(alert(1))">x</p>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href=javascript&colon;alert(1)>x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<a href="https://x" style="color:red" onclick="alert(1)">x</a>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<x onclick=alert(1)>click',
  '" style="position:fixed;top:0" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus='",
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](java\nscript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;avascript&#x3A;alert(1))',
  '[x](j&#97;v&#97;script:alert(1))',
  '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](javascript%3Aalert(1))',
  '[x](  javascript:alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x](java\u0000script:alert(1))',
  '[x](java\u200bscript:alert(1))',
  '[x](\\javascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](VBScript:msgbox(1))',
  `[x](data:text/html;base64,${B64_HTML})`,
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](<javascript:alert(1)>)',
  '[x](javascript://%0Aalert(1))',
  '[x](javascript:alert(1) "title")',
  '[x]( javascript:alert(1) )',
  '[x](tel:javascript:alert(1))',
  '[x](mailto:javascript:alert(1))',
  '[x](https://example.org/?next=javascript:alert(1))',
  '[x](//evil.example/x)',
  '[x](/\\evil.example)',
  '[x](#"><script>alert(1)</script>)',
  '[x](<https://example.org/a b\tc\u0001d\u00a0e>)',
  '![x](javascript:alert(1))',
  `![x](data:text/html;base64,${B64_HTML})`,
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](data:image/png;base64,AAAA"onerror="alert(1))',
  '![x](x onerror=alert(1))',
  '![x"onerror="alert(1)](https://example.org/a.png)',
  '![x](https://example.org/a.png"onerror="alert(1))',
  '![x](image:abc"onerror=alert(1))',
  '![x](//evil.example/a.png)',
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,alert(1)>',
  '<https://example.org/"onmouseover="alert(1)>',
  '<https://example.org/javascript:alert(1)>',
  '<mailto:x@y.co?body=<script>>',
  '[a](http://x "a\\" onmouseover=\\"alert(1)")',
  "[a](http://x 'a\\' onmouseover=\\'alert(1)')",
  '[a](http://x "a" onmouseover="alert(1)")',
  '[a](https://example.org/"onmouseover="alert(1))',
  "[a](https://example.org/'onmouseover='alert(1))",
  '[[x](javascript:alert(1))](https://example.org)',
  '[x]([y](javascript:alert(1)))',
  '[![x](javascript:alert(1))](javascript:alert(2))',
  '[x](javascript:alert(1)\u2028)',
  '***[x](javascript:alert(1))***',
  'x\u2028<script>alert(1)</script>',
  '\u2029[x](javascript:alert(1))',
  '\u0000<script>alert(1)</script>',
  '<scr\u0000ipt>alert(1)</script>',
  '<scri%00pt>alert(1)</scri%00pt>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '`<script>alert(1)</script>`',
  '```\n</code></pre><script>alert(1)</script>\n```',
  '| <script>alert(1)</script> | <img src=x onerror=alert(1)> |\n|---|---|\n| [x](javascript:alert(1)) | y |',
  'javascript:alert(1)',
  'https://example.org/<script>alert(1)</script>',
  'https://example.org/"onmouseover="alert(1)',
  '[x](https://example.org/\u202egnp.exe)',
  '[\u202ex](https://example.org)',
];

// Every payload goes into every position where a draft could carry it.
const POSITIONS: Record<string, (p: string) => string> = {
  document: (p) => p,
  paragraph: (p) => `Texto antes ${p} texto después.`,
  linkText: (p) => `[${p}](https://example.org/)`,
  linkUrl: (p) => `[enlace](${p})`,
  linkUrlAngle: (p) => `[enlace](<${p}>)`,
  linkTitle: (p) => `[enlace](https://example.org/ "${p}")`,
  imageAlt: (p) => `![${p}](https://example.org/a.png)`,
  imageSrc: (p) => `![imagen](${p})`,
  autolink: (p) => `<${p}>`,
  heading: (p) => `# ${p}`,
  listItem: (p) => `- uno\n- ${p}\n  - ${p}`,
  orderedItem: (p) => `7. ${p}`,
  blockquote: (p) => `> ${p}`,
  tableCell: (p) => `| a | b |\n|---|---|\n| ${p} | x |`,
  codeSpan: (p) => `\`${p}\``,
  codeBlock: (p) => '```\n' + p + '\n```',
  emphasis: (p) => `**${p}** _${p}_`,
};

const resolver = (ref: string): string | null => (ref.startsWith('image:') ? '/imagenes/' + ref.slice(6) : null);

describe('markdown XSS', () => {
  it('has a broad payload list', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(60);
  });

  it('the tag scanner itself catches unsafe markup', () => {
    const unsafe = [
      '<p><script>alert(1)</script></p>', '<img src="x" onerror="alert(1)" alt="" loading="lazy">', '<p onclick=alert(1)>x</p>',
      '<a href="javascript:alert(1)">x</a>', '<a href="java&#115;cript:x">x</a>', '<a href="/x" style="color:red">x</a>',
      '<img src="data:text/html;base64,xx" alt="" loading="lazy">', '<p>a > b</p>', '<p>a & b</p>', '<p><em>x</p>',
      '<a href="/x" title="a"b">x</a>', '<svg></svg>', '<a href="https://x.org">x</a>', '<a href="//evil.example">x</a>',
      '<a href="java%09script:alert(1)">x</a>', '<a href="x:y/z">x</a>', '<a href="\\evil.example">x</a>', '<a href="">x</a>',
    ];
    for (const html of unsafe) expect(() => assertSafeHtml(html, 'self-test'), html).toThrow();
    expect(() => assertSafeHtml('<p><a href="/x" title="j&amp;s">a &amp; b &lt;</a></p>', 'self-test')).not.toThrow();
    expect(() => assertSafeHtml('<p><a href="doc.pdf">a</a> <a href="../x?y=1#z">b</a> <a href="#id">c</a></p>', 'self-test')).not.toThrow();
  });

  for (const [position, wrap] of Object.entries(POSITIONS)) {
    it(`every payload is neutralised as ${position}`, () => {
      for (const payload of PAYLOADS) {
        const source = wrap(payload);
        assertSafeHtml(renderMarkdown(source), `${position}: ${JSON.stringify(source)}`);
        assertSafeHtml(renderMarkdown(source, { imageResolver: resolver, headingOffset: 2, breaks: true }), `${position}+opts`);
        expect(() => markdownToPlainText(source)).not.toThrow();
      }
    });
  }

  it('all payloads together in one document', () => {
    assertSafeHtml(renderMarkdown(PAYLOADS.join('\n')), 'joined');
    assertSafeHtml(renderMarkdown(PAYLOADS.join('')), 'concatenated');
  });

  it('spot checks: dangerous links keep only their text', () => {
    for (const p of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](&#106;avascript:alert(1))', '[x](%6Aavascript:alert(1))',
      '[x](<java\tscript:alert(1)>)', '[x](vbscript:msgbox(1))', `[x](data:text/html;base64,${B64_HTML})`, '[x](javascript&colon;alert(1))']) {
      expect(renderMarkdown(p), p).toBe('<p>x</p>');
    }
    expect(renderMarkdown(`![x](data:text/html;base64,${B64_HTML})`)).toBe('<p>x</p>');
    expect(renderMarkdown('[a](http://x "a\\" onmouseover=\\"alert(1)")')).toBe(
      '<p><a href="http://x" title="a&quot; onmouseover=&quot;alert(1)" rel="noopener noreferrer">a</a></p>',
    );
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  const MD_TOKENS = [
    '*', '**', '_', '__', '`', '```', '~~~', '[', ']', '(', ')', '![', '](', '<', '>', '"', "'", '\\', '&', '#', '|', '-', '1.',
    '\n', '\n\n', '\t', '    ', '# ', '- ', '> ', '| --- |', '---', '\u2028', '\u0000', '\u200b', '&#106;', '&colon;', '&#x3A;',
    '%6A', '%3A', 'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:text/html,', 'data:image/png;base64,AAAA',
    'data:image/svg+xml;base64,', 'http://', 'https://', '//', 'mailto:', 'tel:', `attachment:${'0'.repeat(64)}`, 'image:x',
    'alert(1)', '<script>', '</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', ' onerror=', ' onclick="',
    ' style="', '<a href="', '<iframe>', '<style>', 'x', 'a b', 'ñ', 'é',
  ];
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...MD_TOKENS) },
    { weight: 1, arbitrary: fc.constantFrom(...PAYLOADS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  );
  const markdownish = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

  it('property: arbitrary strings render to allowed tags and attributes only', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { assertSafeHtml(renderMarkdown(s), JSON.stringify(s)); }), { numRuns: 1000 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => { assertSafeHtml(renderMarkdown(s), JSON.stringify(s)); }),
      { numRuns: 1000 },
    );
  });

  it('property: Markdown syntax mixed with HTML and URL schemes renders to allowed tags and attributes only', () => {
    fc.assert(
      fc.property(markdownish, (s) => {
        assertSafeHtml(renderMarkdown(s), JSON.stringify(s));
        assertSafeHtml(renderMarkdown(s, { imageResolver: resolver }), JSON.stringify(s));
        expect(typeof markdownToPlainText(s)).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });
});
