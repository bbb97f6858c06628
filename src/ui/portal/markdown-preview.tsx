import { useEffect, useState } from 'preact/hooks';
import { renderMarkdown } from '#shared/portal/markdown';

/** Parsing a long draft on every key press would make typing lag: the preview follows once typing pauses. */
const PREVIEW_DELAY_MS = 250;

/**
 * The draft as the portal will show it, with the same renderer. It lives in the editor's own
 * chunk (loaded with that screen), so the parser is not part of the app's first load.
 */
export function MarkdownPreview({ body, imageResolver, labelledBy }: {
  body: string;
  imageResolver: (ref: string) => string | null;
  labelledBy: string;
}) {
  const [shown, setShown] = useState(body);
  useEffect(() => {
    if (shown === body) return;
    const timer = setTimeout(() => setShown(body), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body, shown]);
  return (
    <div
      class="preview"
      role="region"
      aria-labelledby={labelledBy}
      data-testid="preview"
      // renderMarkdown escapes everything and emits only an allow-list of tags and URLs.
      dangerouslySetInnerHTML={{ __html: renderMarkdown(shown, { imageResolver }) }}
    />
  );
}
