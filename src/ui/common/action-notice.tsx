import { useEffect, useState } from 'preact/hooks';
import { messages as m } from '../i18n/es-CO';
import { dismissActionError, subscribeActionErrors } from './action';

/** The region where a failed action without a place of its own is shown (see onAction). */
export function ActionNotice() {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => subscribeActionErrors(setText), []);
  if (!text) return null;
  return (
    <div class="card warning" role="alert" data-testid="action-error">
      <p>{m.actionFailed(text)}</p>
      <button type="button" onClick={dismissActionError}>
        {m.update.close}
      </button>
    </div>
  );
}
