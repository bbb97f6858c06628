import { useEffect, useState } from 'preact/hooks';
import { messages as m } from './i18n/es-CO';
import { applyUpdate, dismissUpdate, subscribeUpdate } from './pwa-update';
import { isSuperseded, subscribeSuperseded } from '../db/superseded';
import { SupersededNotice } from './superseded-notice';

export function UpdatePrompt() {
  const [s, setS] = useState({ needRefresh: false, offlineReady: false });
  const [superseded, setSuperseded] = useState(isSuperseded());
  useEffect(() => subscribeUpdate(setS), []);
  useEffect(() => subscribeSuperseded(setSuperseded), []);
  if (superseded) return <SupersededNotice />;
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
