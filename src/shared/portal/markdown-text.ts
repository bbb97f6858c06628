// Plain text of the portal's Markdown (see markdown.ts), read back from the renderer's own HTML:
// a fixed set of tags with every text and attribute escaped, so a tag scan is exact here.

import { unescapeHtml } from './markdown-url';

interface Frame {
  tag: string;
  blocks: string[];
  /** Ordered lists: the next item's number. */
  next?: number;
  row?: string[];
}

const TAG = /<(\/?)([a-z][a-z0-9-]*)([^>]*)>/g;
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'ul', 'ol', 'table', 'hr']);

/**
 * Blocks separated by a blank line, list items as '- ' or 'n. ' with nested items indented,
 * table rows as 'a | b', hard breaks as newlines, images as their alt text. Not HTML-escaped.
 */
export function htmlToPlainText(html: string): string {
  const stack: Frame[] = [{ tag: 'root', blocks: [] }];
  let text: string | null = null; // inline text being collected
  let pre = false;
  let afterBreak = false;
  const frame = (): Frame => stack[stack.length - 1]!;
  const flush = (): void => {
    if (text === null) return;
    const value = pre ? text.replace(/\n$/, '') : text.trim();
    text = null;
    const f = frame();
    if (f.row) f.row.push(value);
    else if (value !== '') f.blocks.push(value);
  };
  const closeFrame = (): Frame => {
    flush();
    return stack.pop()!;
  };
  const onText = (raw: string): void => {
    if (text === null) return;
    let s = unescapeHtml(raw);
    if (!pre) s = (afterBreak ? s.replace(/^\n/, '') : s).replace(/\n/g, ' ');
    afterBreak = false;
    text += s;
  };
  const onTag = (closing: boolean, tag: string, attrs: string): void => {
    if (!closing && BLOCK_TAGS.has(tag)) flush();
    if (closing) {
      if (tag === 'p' || /^h\d$/.test(tag) || tag === 'th' || tag === 'td') flush();
      else if (tag === 'pre') {
        flush();
        pre = false;
      } else if (tag === 'li') {
        const item = closeFrame();
        frame().blocks.push(item.blocks.join('\n'));
      } else if (tag === 'ul' || tag === 'ol') {
        const list = closeFrame();
        const start = list.next ?? 0;
        const items = list.blocks.map((b, k) => (tag === 'ol' ? `${start + k}. ` : '- ') + b.replace(/\n/g, '\n  '));
        frame().blocks.push(items.join('\n'));
      } else if (tag === 'blockquote' || tag === 'table') {
        const inner = closeFrame();
        frame().blocks.push(inner.blocks.join(tag === 'table' ? '\n' : '\n\n'));
      } else if (tag === 'tr') {
        const f = frame();
        f.blocks.push(f.row!.join(' | '));
        delete f.row;
      }
      return;
    }
    if (tag === 'p' || /^h\d$/.test(tag) || tag === 'th' || tag === 'td') text = '';
    else if (tag === 'pre') {
      text = '';
      pre = true;
    } else if (tag === 'li') {
      flush();
      stack.push({ tag, blocks: [] });
      text = '';
    } else if (tag === 'ul' || tag === 'ol') {
      stack.push({ tag, blocks: [], next: Number(/start="(\d+)"/.exec(attrs)?.[1] ?? 1) });
    } else if (tag === 'blockquote' || tag === 'table') stack.push({ tag, blocks: [] });
    else if (tag === 'tr') frame().row = [];
    else if (tag === 'br' && text !== null) {
      text += '\n';
      afterBreak = true;
    } else if (tag === 'img' && text !== null) text += unescapeHtml(/\salt="([^"]*)"/.exec(attrs)?.[1] ?? '');
  };

  let last = 0;
  for (const m of html.matchAll(TAG)) {
    onText(html.slice(last, m.index));
    onTag(m[1] === '/', m[2]!, m[3]!);
    last = m.index + m[0].length;
  }
  onText(html.slice(last));
  while (stack.length > 1) {
    const f = closeFrame();
    frame().blocks.push(f.blocks.join('\n'));
  }
  flush();
  return stack[0]!.blocks.join('\n\n').replace(/\n{3,}/g, '\n\n').trim();
}
