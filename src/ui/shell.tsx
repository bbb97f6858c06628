import { ROLE_LABELS } from '../shared/roles';
import { messages as m } from './i18n/es-CO';
import { PqrsdDetail } from './pqrsd/pqrsd-detail';
import { PqrsdForm } from './pqrsd/pqrsd-form';
import { PqrsdList } from './pqrsd/pqrsd-list';
import { PqrsdReceipt } from './pqrsd/pqrsd-receipt';
import { PqrsdReport } from './pqrsd/pqrsd-report';
import { QuarantineList } from './quarantine-list';
import { href, useRoute, type Route } from './router';
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

function Page({ route, canFile }: { route: Route; canFile: boolean }) {
  switch (route.page) {
    case 'new':
      return canFile ? <PqrsdForm /> : <PqrsdList />;
    case 'detail':
      return <PqrsdDetail id={route.id} />;
    case 'receipt':
      return <PqrsdReceipt id={route.id} />;
    case 'report':
      return <PqrsdReport />;
    case 'list':
      return <PqrsdList />;
  }
}

export function Shell({ onSignOut }: { onSignOut(): void }) {
  const services = useServices();
  const { user } = services.session;
  const status = useSyncStatus();
  const route = useRoute();
  const canRead = user.role !== 'trainer';
  const canFile = canRead && user.role !== 'internal_control';
  const links: [Route, string][] = [
    [{ page: 'list' }, m.nav.list],
    ...(canFile ? ([[{ page: 'new' }, m.nav.new]] as [Route, string][]) : []),
    [{ page: 'report' }, m.nav.report],
  ];

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
      {canRead && (
        <nav class="tabs" aria-label={m.nav.label}>
          {links.map(([r, label]) => (
            <a key={label} href={href(r)} aria-current={r.page === route.page ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      )}
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        {status.needsSignIn && (
          <SignInForm deviceId={services.deviceId} fixedUsername={user.username} onSignedIn={services.renewSession} />
        )}
        {canRead ? <Page route={route} canFile={canFile} /> : <p class="card">{m.pqrsd.noAccess}</p>}
        <QuarantineList />
        <StorageStatus />
      </main>
    </>
  );
}
