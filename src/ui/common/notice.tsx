import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

/** The outcome of a form or an action: said politely when it went well, as an alert when not. */
export type Notice = { ok: boolean; text: string } | null;

/** A form's outcome, with `done`/`fail` to set it (`fail` fits onAction's second argument). */
export function useNotice() {
  const [notice, setNotice] = useState<Notice>(null);
  // The setters keep their identity across renders, so effects may depend on them.
  const set = useMemo(
    () => ({
      done: (text: string) => setNotice({ ok: true, text }),
      fail: (text: string) => setNotice({ ok: false, text }),
      clear: () => setNotice(null),
    }),
    [],
  );
  return { notice, ...set };
}

interface LineProps {
  /** A <span> inside a line of inputs; else a paragraph. */
  inline?: boolean;
  id?: string;
  testId?: string;
}

/** Shows a Notice: success as role=status, failure as role=alert. */
export function FormNotice({ notice, inline, id, testId }: LineProps & { notice: Notice }) {
  if (!notice) return null;
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag id={id} class={notice.ok ? 'success' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid={testId}>
      {notice.text}
    </Tag>
  );
}

/** An error message (role=alert), or nothing when there is none. */
export function ErrorText({ text, inline, id, testId }: LineProps & { text: string | null | undefined | false }) {
  return text ? <FormNotice notice={{ ok: false, text }} inline={inline} id={id} testId={testId} /> : null;
}

/** The end of a form: how it went (a Notice, or just an error), then its primary submit button. */
export function FormFooter({ notice = null, error, label, disabled }: { notice?: Notice; error?: string | null; label: ComponentChildren; disabled?: boolean }) {
  return (
    <>
      <FormNotice notice={error ? { ok: false, text: error } : notice} />
      <button type="submit" class="primary" disabled={disabled}>
        {label}
      </button>
    </>
  );
}
