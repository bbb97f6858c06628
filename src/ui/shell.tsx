import { ROLE_LABELS } from '../shared/roles';
import { messages as m } from './i18n/es-CO';
import { PqrsdForm } from './pqrsd/pqrsd-form';
import { PqrsdList } from './pqrsd/pqrsd-list';
import { QuarantineList } from './quarantine-list';
import { useServices } from './services';
import { SignInForm } from './sign-in-form';
import { StorageStatus } from './storage-status';
import { SyncStatusBar, useSyncStatus } from './sync-status-bar';
import { UpdatePrompt } from './update-prompt';

const MUNICIPALITY_NAMES: Record<string, string> = {
  '95200': 'Miraflores',
  '95001': 'San José del Guaviare',
  '95015': 'Calamar',
  '95025': 'El Retorno',
};

export function Shell({ onSignOut }: { onSignOut(): void }) {
  const services = useServices();
  const { user } = services.session;
  const status = useSyncStatus();
  const canFile = user.role !== 'trainer';

  return (
    <>
      <a class="skip-link" href="#main">
        {m.skipToContent}
      </a>
      <header class="app-header">
        <div>
          <h1>{m.appName}</h1>
          <p class="muted">{m.municipalityOf(MUNICIPALITY_NAMES[user.municipality] ?? user.municipality)}</p>
        </div>
        <div class="user">
          <span>
            {user.displayName} · {ROLE_LABELS[user.role]}
          </span>
          <button
            type="button"
            onClick={() => {
              if (status.pending === 0 || confirm(m.signOutPending(status.pending))) onSignOut();
            }}
          >
            {m.signOut}
          </button>
        </div>
      </header>
      <SyncStatusBar />
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        {status.needsSignIn && (
          <SignInForm deviceId={services.deviceId} fixedUsername={user.username} onSignedIn={services.renewSession} />
        )}
        <h2 class="page-title">{m.pqrsd.title}</h2>
        {canFile && <PqrsdForm />}
        <PqrsdList />
        <QuarantineList />
        <StorageStatus />
      </main>
    </>
  );
}
