import { useEffect, useState } from 'preact/hooks';
import { messages as m } from './i18n/es-CO';
import { subscribeSuperseded } from '../db/superseded';

/**
 * Said when a newer build upgraded the database from another tab (src/db/superseded.ts). Not
 * dismissable and never reloading by itself: what is typed stays until the person reloads.
 */
export function SupersededNotice() {
  const [superseded, setSuperseded] = useState(false);
  useEffect(() => subscribeSuperseded(setSuperseded), []);
  if (!superseded) return null;
  return (
    <div class="card notice" role="alert">
      <p>{m.update.superseded}</p>
      <button type="button" class="primary" onClick={() => location.reload()}>
        {m.update.reloadTab}
      </button>
    </div>
  );
}
