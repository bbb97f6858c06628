import { useEffect, useState } from 'preact/hooks';
import { messages as m } from './i18n/es-CO';
import { isSuperseded, subscribeSuperseded } from '../db/superseded';

/** Whether a newer build closed this tab's database (re-renders when it happens). */
export function useSuperseded(): boolean {
  const [superseded, setSuperseded] = useState(isSuperseded);
  useEffect(() => subscribeSuperseded(setSuperseded), []);
  return superseded;
}

/**
 * Said when a newer build upgraded the database from another tab (src/db/superseded.ts). Not
 * dismissable and never reloading by itself: what is typed stays until the person reloads.
 */
export function SupersededNotice() {
  if (!useSuperseded()) return null;
  return (
    <div class="card notice" role="alert">
      <p>{m.update.superseded}</p>
      <button type="button" class="primary" onClick={() => location.reload()}>
        {m.update.reloadTab}
      </button>
    </div>
  );
}
