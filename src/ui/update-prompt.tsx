import { useEffect, useState } from 'preact/hooks';
import { messages as m } from './i18n/es-CO';
import { applyUpdate, dismissUpdate, subscribeUpdate } from './pwa-update';
import { SupersededNotice, useSuperseded } from './superseded-notice';

export function UpdatePrompt() {
  const [s, setS] = useState({ needRefresh: false, offlineReady: false });
  useEffect(() => subscribeUpdate(setS), []);
  // A tab a newer build closed says only that: an update offer would not help it.
  if (useSuperseded()) return <SupersededNotice />;
  if (!s.needRefresh && !s.offlineReady) return null;
  return (
    <div class="card notice" role="status">
      <p>{s.needRefresh ? m.update.available : m.update.offlineReady}</p>
      {s.needRefresh && (
        <button type="button" class="primary" onClick={applyUpdate}>
          {m.update.reload}
        </button>
      )}
      <button type="button" onClick={dismissUpdate}>
        {s.needRefresh ? m.update.later : m.update.close}
      </button>
    </div>
  );
}
