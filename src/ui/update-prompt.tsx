import { useEffect, useState } from 'preact/hooks';
import { messages as m } from './i18n/es-CO';
import { applyUpdate, dismissUpdate, subscribeUpdate } from './pwa-update';
import { subscribeSuperseded } from '../db/superseded';

export function UpdatePrompt() {
  const [s, setS] = useState({ needRefresh: false, offlineReady: false });
  const [superseded, setSuperseded] = useState(false);
  useEffect(() => subscribeUpdate(setS), []);
  useEffect(() => subscribeSuperseded(setSuperseded), []);
  // Not dismissable and never reloading by itself: what is typed stays until the person reloads.
  if (superseded)
    return (
      <div class="card notice" role="alert">
        <p>{m.update.superseded}</p>
        <button type="button" class="primary" onClick={() => location.reload()}>
          {m.update.reloadTab}
        </button>
      </div>
    );
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
