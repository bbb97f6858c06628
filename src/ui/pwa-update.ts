import { registerSW } from 'virtual:pwa-register';
import { logFailure, reportActionError } from './common/action';

type UpdateState = { needRefresh: boolean; offlineReady: boolean };
let state: UpdateState = { needRefresh: false, offlineReady: false };
const listeners = new Set<(s: UpdateState) => void>();
let updateSW: ((reload?: boolean) => Promise<void>) | null = null;

function set(patch: Partial<UpdateState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

/** Registers the service worker (through workbox-window) and reports when a new version waits. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => set({ needRefresh: true }),
    onOfflineReady: () => set({ offlineReady: true }),
    onRegisteredSW: (_url, registration) => {
      // Look for a new version every hour while the app stays open.
      // Offline, the check fails: logged, and tried again in an hour.
      if (registration) setInterval(() => void registration.update().catch(logFailure('Looking for a new version')), 3600_000);
    },
  });
}

export function subscribeUpdate(fn: (s: UpdateState) => void): () => void {
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}

export function applyUpdate(): void {
  void updateSW?.(true).catch((err: unknown) => reportActionError(err));
}

export function dismissUpdate(): void {
  set({ needRefresh: false, offlineReady: false });
}
