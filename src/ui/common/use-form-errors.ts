import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { messages as m } from '../i18n/es-CO';
import { issuesOf, sortIssues, type FieldIssue } from './field-issues';
import type { Notice } from './notice';

/**
 * A form's validation state, the one way every form shows what was refused: each reason under
 * its own field (InputField/SelectField take `error(field)`, which marks the input invalid and
 * ties the text to it), all of them at once, a summary naming the fields, and the focus on the
 * first field in error. `fail` fits onAction's second argument, so whatever the submit throws —
 * a device-side refusal, the server's, a schema checked in place — lands here.
 *
 * `labels` names the fields the form shows (keys are the schema's dotted paths, or the form's own
 * names with `aliases` mapping schema paths onto them).
 */
export function useFormErrors<F extends string>(labels: Readonly<Record<F, string>>, aliases: Readonly<Record<string, NoInfer<F>>> = {}) {
  const ref = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);
  // Bumped on each failed attempt, so the focus moves again even when the same fields fail.
  const [attempt, setAttempt] = useState(0);
  // The latest labels, read when a failure comes (a label may change with what is chosen).
  const named = useRef({ labels, aliases });
  named.current = { labels, aliases };

  useEffect(() => {
    if (attempt === 0) return;
    const first = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [attempt]);

  const api = useMemo(() => {
    /** Shows these issues (a form's own checks included) and moves the focus to the first. */
    const showIssues = (issues: readonly FieldIssue[], fallback?: string) => {
      const { labels: l, aliases: a } = named.current;
      const fields = Object.keys(l) as F[];
      const { byField, rest } = sortIssues(issues, fields, a);
      const inError = fields.flatMap((f) => (byField[f] ? [[l[f], byField[f]] as const] : []));
      setErrors(byField);
      const summary = [inError.length > 0 ? m.form.invalid(inError) : '', ...rest].filter(Boolean).join(' ');
      setNotice({ ok: false, text: summary || fallback || m.form.invalid([]) });
      setAttempt((n) => n + 1);
    };
    return {
      showIssues,
      /** A failure of the submit: its field reasons under the fields, anything else as the form's notice. */
      fail: (text: string, err?: unknown) => {
        const issues = err === undefined ? [] : issuesOf(err);
        if (issues.length > 0) showIssues(issues, text);
        else {
          setErrors({});
          setNotice({ ok: false, text });
        }
      },
      done: (text: string) => {
        setErrors({});
        setNotice({ ok: true, text });
      },
      clear: () => {
        setErrors({});
        setNotice(null);
      },
    };
  }, []);

  return { ref, errors, notice, error: (f: F): string | undefined => errors[f], ...api };
}
