import { html as honoHtml, raw } from 'hono/html';

/** Markup in which every interpolated text was escaped (or was marked safe with `raw`). */
export type Html = ReturnType<typeof raw>;

/**
 * Hono's `html` tag: every interpolated string is escaped (& < > " '), nested templates and
 * arrays of them pass as they are, and null, undefined and false print nothing. The same
 * escaping suits the XML of the feed and the sitemap. The portal never interpolates a promise,
 * so its markup is ready at once, and typed so.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('A portal template was given a promise');
  return out;
}
