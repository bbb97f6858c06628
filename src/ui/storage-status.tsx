import { useEffect, useState } from 'preact/hooks';
import { formatBytes, messages as m } from './i18n/es-CO';

type Persist = 'granted' | 'denied' | 'unsupported' | 'checking';

/**
 * Asks the browser not to evict this app's data (on every screen, from the start), and says what
 * it answered where it matters: on the sync page, where the person looks after unsent work.
 * Elsewhere (`quiet`) it asks and shows nothing: the line alarmed people on every screen.
 */
export function StorageStatus({ quiet = false }: { quiet?: boolean }) {
  const [persist, setPersist] = useState<Persist>('checking');
  const [usage, setUsage] = useState<{ used: number; quota: number } | null>(null);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persist) {
      setPersist('unsupported');
      return;
    }
    void (async () => {
      const already = await storage.persisted();
      setPersist(already || (await storage.persist()) ? 'granted' : 'denied');
      const est = await storage.estimate();
      if (est.quota) setUsage({ used: est.usage ?? 0, quota: est.quota });
    })();
  }, []);
  if (persist === 'checking' || quiet) return null;
  return (
    <section class="card storage" aria-labelledby="storage-title">
      <h2 id="storage-title" class="visually-hidden">
        Almacenamiento
      </h2>
      <p data-testid="persist-state">
        {persist === 'granted' ? m.storage.persisted : persist === 'denied' ? m.storage.notPersisted : m.storage.unknown}
      </p>
      {usage && (
        <p class="muted" data-testid="storage-usage">
          {m.storage.usage(formatBytes(usage.used), formatBytes(usage.quota))} · {m.storage.free(formatBytes(Math.max(0, usage.quota - usage.used)))}
        </p>
      )}
    </section>
  );
}
