// HTML for the portal's Markdown (see markdown.ts): overrides of micromark's compiler so every
// URL goes through the policy in markdown-url.ts, headings start at h2, code and table cells carry
// no attributes, and images written as `image:`/`attachment:` refs become slots that the caller's
// resolver fills afterwards (so the compiled HTML can be cached).

import type { CompileContext, Definition, Handle, HtmlExtension } from 'micromark-util-types';
import { directImageSrc, escapeHtml, isImageRef, safeHref, unescapeHtml, type SafeLink } from './markdown-url';

export const HTML_LIMITS = Object.freeze({
  /** Empty cells added to short table rows, in all (padding would otherwise multiply the input). */
  maxPaddingCells: 10_000,
  /** Characters that reference links may copy from their definitions, in all; later ones stay text. */
  maxReferenceExpansion: 200_000,
});

/** Where an image ref's <img> (or its alt text) goes once resolved. */
export const IMAGE_SLOT = /<portal-image (\d+)>/g;

export interface ImageSlot {
  ref: string;
  /** HTML-escaped. */
  alt: string;
  /** ' title="…"' or ''. */
  title: string;
}

interface Media {
  image: boolean;
  labelId?: string;
  label?: string;
  referenceId?: string;
  destination?: string;
  title?: string;
}

// As micromark-util-normalize-identifier does, so references find their definitions.
const normalizeIdentifier = (value: string): string =>
  value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();

const openLink = (ctx: CompileContext, link: SafeLink, title?: string): void => {
  const t = title ? ` title="${escapeHtml(title)}"` : '';
  ctx.tag(`<a href="${escapeHtml(link.href)}"${t}${link.external ? ' rel="noopener noreferrer"' : ''}>`);
};

export interface PortalHtmlOptions {
  headingOffset: number;
  breaks: boolean;
  /** Link reference definitions of the whole draft (the document is compiled piece by piece). */
  definitions: Record<string, Definition>;
}

export function portalHtml(opts: PortalHtmlOptions): { extension: HtmlExtension; images: ImageSlot[] } {
  const images: ImageSlot[] = [];
  const media: Media[] = [];
  let expanded = 0;
  let padding = 0;
  let inParagraph = false;
  let afterBreak = false;
  const top = (): Media => media[media.length - 1]!;
  const rank = (n: number): number => Math.min(6, Math.max(2, n + opts.headingOffset));
  const isTight = (ctx: CompileContext): boolean => {
    const stack = ctx.getData('tightStack');
    return stack[stack.length - 1] === true;
  };

  function image(ctx: CompileContext, label: string, dest: string | undefined, title: string | undefined, nested: boolean): undefined {
    const alt = escapeHtml(unescapeHtml(label.replace(/<[^>]*>/g, '')));
    if (dest === undefined || media.some((m) => m.image)) return ctx.raw(alt);
    const t = title ? ` title="${escapeHtml(title)}"` : '';
    if (isImageRef(dest)) {
      images.push({ ref: dest, alt, title: t });
      return ctx.tag(`<portal-image ${images.length - 1}>`);
    }
    const src = directImageSrc(dest);
    if (src) return ctx.tag(`<img src="${escapeHtml(src)}" alt="${alt}"${t} loading="lazy">`);
    // Any other image becomes a link to it (when that is an allowed link), or its alt text.
    const link = nested ? null : safeHref(dest);
    if (!link) return ctx.raw(alt);
    openLink(ctx, link, title);
    ctx.raw(alt);
    ctx.tag('</a>');
  }

  function exitMedia(this: CompileContext): undefined {
    const m = media.pop()!;
    let dest = m.destination;
    let title = m.title;
    if (dest === undefined) {
      const def = this.getData('definitions')[normalizeIdentifier(m.referenceId || m.labelId || '')];
      expanded += (def?.destination?.length ?? 0) + (def?.title?.length ?? 0);
      if (def && expanded <= HTML_LIMITS.maxReferenceExpansion) {
        dest = def.destination ?? '';
        title = def.title === undefined ? undefined : unescapeHtml(def.title); // micromark stored it encoded
      }
    }
    const label = m.label ?? '';
    const nested = media.length > 0; // CommonMark never nests links; inside an image this is alt text
    if (m.image) return image(this, label, dest, title, nested);
    const link = dest === undefined || nested ? null : safeHref(dest);
    if (!link) return this.raw(label);
    openLink(this, link, title);
    this.raw(label);
    this.tag('</a>');
  }

  function autolink(ctx: CompileContext, dest: string, text: string, angle: boolean): undefined {
    const nested = media.length > 0;
    const link = nested ? null : safeHref(dest);
    if (!link) return ctx.raw(angle && !nested ? `&lt;${escapeHtml(text)}&gt;` : escapeHtml(text));
    openLink(ctx, link);
    ctx.raw(escapeHtml(text));
    ctx.tag('</a>');
  }

  const hardBreak: Handle = function (this: CompileContext) {
    this.tag('<br>');
    afterBreak = true;
  };

  const rawString = (field: 'destination' | 'title'): { enter: Handle; exit: Handle } => ({
    enter(this: CompileContext) {
      this.buffer();
      this.setData('ignoreEncode', true); // kept raw here, encoded and escaped by the URL policy
    },
    exit(this: CompileContext) {
      top()[field] = this.resume();
      this.setData('ignoreEncode');
    },
  });
  const destination = rawString('destination');
  const title = rawString('title');

  const extension: HtmlExtension = {
    enter: {
      null() {
        const own = this.getData('definitions');
        for (const [id, def] of Object.entries(opts.definitions)) own[id] ??= def;
      },
      image() {
        media.push({ image: true });
      },
      link() {
        media.push({ image: false });
      },
      resource() {
        this.buffer(); // line endings inside a resource are dropped
        top().destination = '';
      },
      resourceDestinationString: destination.enter,
      resourceTitleString: title.enter,
      paragraph() {
        if (!isTight(this)) {
          this.lineEndingIfNeeded();
          this.tag('<p>');
        }
        this.setData('slurpAllLineEndings');
        inParagraph = true;
      },
      // micromark leaves line endings "slurped" after a block of only link definitions, which would
      // glue together the lines of a following code block or table.
      codeFenced() {
        this.lineEndingIfNeeded();
        this.tag('<pre><code');
        this.setData('fencesCount', 0);
        this.setData('slurpAllLineEndings');
      },
      codeIndented() {
        this.lineEndingIfNeeded();
        this.tag('<pre><code>');
        this.setData('slurpAllLineEndings');
      },
      table(token) {
        this.lineEndingIfNeeded();
        this.tag('<table>');
        this.setData('tableAlign', token._align);
        this.setData('slurpAllLineEndings');
      },
      tableHeader() {
        this.lineEndingIfNeeded();
        this.tag('<th>');
      },
      tableData() {
        if (this.getData('tableColumn')! >= this.getData('tableAlign')!.length) return this.buffer(); // extra cell: dropped
        this.lineEndingIfNeeded();
        this.tag('<td>');
      },
    },
    exit: {
      labelText(token) {
        top().labelId = this.sliceSerialize(token);
      },
      label() {
        top().label = this.resume();
      },
      referenceString(token) {
        top().referenceId = this.sliceSerialize(token);
      },
      resourceDestinationString: destination.exit,
      resourceTitleString: title.exit,
      image: exitMedia,
      link: exitMedia,
      autolinkProtocol(token) {
        const uri = this.sliceSerialize(token);
        autolink(this, uri, uri, true);
      },
      autolinkEmail(token) {
        const uri = this.sliceSerialize(token);
        autolink(this, `mailto:${uri}`, uri, true);
      },
      portalLiteral(token) {
        this.raw(this.encode(this.sliceSerialize(token)));
      },
      portalBareUrl(token) {
        const uri = this.sliceSerialize(token);
        autolink(this, uri, uri, false);
      },
      atxHeadingSequence(token) {
        if (this.getData('headingRank')) return; // the closing sequence
        this.setData('headingRank', this.sliceSerialize(token).length);
        this.lineEndingIfNeeded();
        this.tag(`<h${rank(this.getData('headingRank')!)}>`);
      },
      atxHeading() {
        this.tag(`</h${rank(this.getData('headingRank')!)}>`);
        this.setData('headingRank');
      },
      setextHeading() {
        const value = this.resume();
        const h = rank(this.getData('headingRank')!);
        this.lineEndingIfNeeded();
        this.tag(`<h${h}>`);
        this.raw(value);
        this.tag(`</h${h}>`);
        this.setData('slurpAllLineEndings');
        this.setData('headingRank');
      },
      codeFencedFenceInfo() {
        this.resume(); // no class="language-…": code carries no attributes
      },
      hardBreakEscape: hardBreak,
      hardBreakTrailing: hardBreak,
      thematicBreak() {
        this.lineEndingIfNeeded();
        this.tag('<hr>');
      },
      lineEnding(token) {
        const soft = !afterBreak;
        afterBreak = false;
        if (this.getData('slurpAllLineEndings')) return;
        if (this.getData('slurpOneLineEnding')) return this.setData('slurpOneLineEnding');
        if (this.getData('inCodeText')) return this.raw(' ');
        if (opts.breaks && inParagraph && soft && !this.getData('ignoreEncode')) this.tag('<br>');
        this.raw(this.encode(this.sliceSerialize(token)));
      },
      paragraph() {
        inParagraph = false;
        if (isTight(this)) this.setData('slurpAllLineEndings', true);
        else this.tag('</p>');
      },
      tableRow() {
        const columns = this.getData('tableAlign')!.length;
        let column = this.getData('tableColumn')!;
        for (; column < columns && padding < HTML_LIMITS.maxPaddingCells; column++, padding++) {
          this.lineEndingIfNeeded();
          this.tag('<td></td>');
        }
        this.setData('tableColumn', column);
        this.lineEndingIfNeeded();
        this.tag('</tr>');
      },
    },
  };
  return { extension, images };
}
