import { ROLE_LABELS } from '#shared/roles';
import { ActionNotice } from './common/action-notice';
import { lazyPage } from './common/lazy-page';
import { messages as m } from './i18n/es-CO';
import { whoLine } from './i18n/format';
import { SectionNav } from './nav/section-nav';
import { PqrsdList } from './pqrsd/pqrsd-list';
import { QuarantineList } from './quarantine-list';
import { href, useRoute, type Route } from './router';
import { useMunicipalityProfile } from './municipality/use-profile';
import { useServices } from './services';
import { SignInForm } from './sign-in-form';
import { StorageStatus } from './storage-status';
import { SyncStatusBar, useSyncStatus } from './sync-status-bar';
import { UpdatePrompt } from './update-prompt';
import type { Role } from '#shared/roles';
import { ConflictList } from './conflicts/conflicts-page';
import { useLiveQuery } from './use-live-query';
import { ExportButton } from './sync/export-actions';
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { ChangePassword } from './change-password';
import { countUnsentWork } from '../modules/unsent-work';
import { RadicadoNotices } from './pqrsd/radicado-notices';

// Screens load on first use, so the first download is the shell and the request list.
const PqrsdReport = lazyPage(() => import('./pqrsd/pqrsd-report').then((m) => m.PqrsdReport));
const AttendancePage = lazyPage(() => import('./training/attendance-page').then((m) => m.AttendancePage));
const CoursePage = lazyPage(() => import('./training/course-page').then((m) => m.CoursePage));
const AttendanceSheet = lazyPage(() => import('./training/printables').then((m) => m.AttendanceSheet));
const Certificate = lazyPage(() => import('./training/printables').then((m) => m.Certificate));
const RosterPage = lazyPage(() => import('./training/roster-page').then((m) => m.RosterPage));
const TrainingHome = lazyPage(() => import('./training/training-home').then((m) => m.TrainingHome));
const TrainingIndicators = lazyPage(() => import('./training/training-indicators').then((m) => m.TrainingIndicators));
const DraftEditor = lazyPage(() => import('./portal/draft-editor').then((m) => m.DraftEditor));
const PortalHome = lazyPage(() => import('./portal/portal-home').then((m) => m.PortalHome));
const PhasesPage = lazyPage(() => import('./plan/phases-page').then((m) => m.PhasesPage));
const PlanActionPage = lazyPage(() => import('./plan/plan-action').then((m) => m.PlanActionPage));
const PlanDashboard = lazyPage(() => import('./plan/plan-dashboard').then((m) => m.PlanDashboard));
const PlanReportPage = lazyPage(() => import('./plan/plan-report-page').then((m) => m.PlanReportPage));
const DevicesPage = lazyPage(() => import('./admin/devices-page').then((m) => m.DevicesPage));
const UsersPage = lazyPage(() => import('./admin/users-page').then((m) => m.UsersPage));
const MunicipalityPage = lazyPage(() => import('./admin/municipality-page').then((m) => m.MunicipalityPage));
const HabeasPage = lazyPage(() => import('./habeas/habeas-page').then((m) => m.HabeasPage));
const SyncPage = lazyPage(() => import('./sync/sync-page').then((m) => m.SyncPage));
const PqrsdDetail = lazyPage(() => import('./pqrsd/pqrsd-detail').then((m) => m.PqrsdDetail));
const PqrsdReceipt = lazyPage(() => import('./pqrsd/pqrsd-receipt').then((m) => m.PqrsdReceipt));
const PqrsdForm = lazyPage(() => import('./pqrsd/pqrsd-form').then((m) => m.PqrsdForm));

/** Unsynced work older than this many days is worth a warning (device setting). */
const UNSYNCED_WARN_DAYS = 3;

/** What each role works with: the PQRSD desk, the training module, or both. */
function modulesOf(role: Role) {
  return {
    pqrsd: role !== 'trainer',
    file: role === 'admin' || role === 'committee' || role === 'official',
    training: role !== 'official',
    roster: role === 'admin' || role === 'trainer',
    // The data-protection officer's desk (Ley 1581).
    habeas: role === 'admin',
  };
}

type PageOf<P extends Route['page']> = Extract<Route, { page: P }>;

/** The screen of each page; the compiler refuses a page without one. */
const SCREENS: { [P in Route['page']]: (route: PageOf<P>, can: ReturnType<typeof modulesOf>) => JSX.Element } = {
  training: () => <TrainingHome />,
  course: (r) => <CoursePage id={r.id} />,
  session: (r) => <AttendancePage id={r.id} />,
  'attendance-sheet': (r) => <AttendanceSheet id={r.id} />,
  certificate: (r) => <Certificate courseId={r.courseId} officialId={r.officialId} />,
  'training-indicators': () => <TrainingIndicators />,
  roster: () => <RosterPage />,
  portal: () => <PortalHome />,
  draft: (r) => <DraftEditor id={r.id} />,
  conflicts: () => <ConflictList />,
  plan: () => <PlanDashboard />,
  'plan-action': (r) => <PlanActionPage n={r.n} />,
  'plan-phases': () => <PhasesPage />,
  'plan-report': () => <PlanReportPage />,
  sync: () => <SyncPage />,
  devices: () => <DevicesPage />,
  users: () => <UsersPage />,
  municipality: () => <MunicipalityPage />,
  password: () => <ChangePassword />,
  habeas: (_, can) => (can.habeas ? <HabeasPage /> : <PqrsdList />),
  new: (_, can) => (can.file ? <PqrsdForm /> : <PqrsdList />),
  detail: (r) => <PqrsdDetail id={r.id} />,
  receipt: (r) => <PqrsdReceipt id={r.id} />,
  report: () => <PqrsdReport />,
  list: () => <PqrsdList />,
};

function Page({ route, can }: { route: Route; can: ReturnType<typeof modulesOf> }) {
  if (!can.pqrsd && ['list', 'new', 'detail', 'receipt', 'report'].includes(route.page)) return <TrainingHome />;
  const screen = SCREENS[route.page] as (route: Route, can: ReturnType<typeof modulesOf>) => JSX.Element;
  return screen(route, can);
}

export function Shell({ onSignOut }: { onSignOut(): void }) {
  const services = useServices();
  const { user } = services.session;
  const status = useSyncStatus();
  const route = useRoute();
  const can = modulesOf(user.role);
  /** Unsent items found when "Cerrar sesión" was pressed (null: no question open). */
  const [askSignOut, setAskSignOut] = useState<number | null>(null);
  const [, rerender] = useState(0);
  // After an admin reset the server accepts nothing else: the new password comes first.
  const mustChange = !status.needsSignIn && (user.mustChangePassword || status.lastError?.code === 'PASSWORD_CHANGE_REQUIRED');
  const oldest = useLiveQuery(() => services.db.outbox.orderBy('seq').first(), [services.db], undefined);
  const staleDays = oldest ? (Date.now() - Date.parse(oldest.createdAt)) / 86_400_000 : 0;
  const openConflicts = useLiveQuery(() => services.db.conflict.filter((c) => !c.resolved).count(), [services.db], 0);
  const profile = useMunicipalityProfile();
  // The sections this person works with, in the order of the tabs.
  const links = (
    [
      [can.pqrsd, { page: 'list' }, m.nav.list],
      [can.file, { page: 'new' }, m.nav.new],
      [can.pqrsd, { page: 'report' }, m.nav.report],
      [can.training, { page: 'training' }, m.nav.training],
      [can.roster, { page: 'roster' }, m.nav.roster],
      [true, { page: 'portal' }, m.nav.portal],
      [true, { page: 'plan' }, m.nav.plan],
      [user.role === 'admin', { page: 'devices' }, m.nav.devices],
      [user.role === 'admin', { page: 'users' }, m.nav.users],
      [user.role === 'admin', { page: 'municipality' }, m.nav.municipality],
      [can.habeas, { page: 'habeas' }, m.nav.habeas],
      [openConflicts > 0, { page: 'conflicts' }, `${m.nav.conflicts} (${openConflicts})`],
    ] satisfies [boolean, Route, string][]
  ).flatMap(([shown, route, label]) => (shown ? [[route, label] as const] : []));
  const section = (p: Route['page']) =>
    ['training', 'course', 'session', 'attendance-sheet', 'certificate', 'training-indicators'].includes(p) ? 'training' : p === 'detail' || p === 'receipt' ? 'list' : p === 'draft' ? 'portal' : p.startsWith('plan') ? 'plan' : p;

  return (
    <>
      <a class="skip-link" href="#main">
        {m.skipToContent}
      </a>
      <header class="app-header">
        <div>
          <h1>{m.appName}</h1>
          <p class="muted" data-testid="header-entity">{profile.entityName}</p>
        </div>
        <div class="user">
          <span>
            {whoLine([user.displayName, ROLE_LABELS[user.role], user.dependencia])}
          </span>
          {!mustChange && <a href={href({ page: 'password' })}>{m.password.title}</a>}
          <button
            type="button"
            onClick={() =>
              void countUnsentWork(services.db).then((n) => (n === 0 ? onSignOut() : setAskSignOut(n)), (err: unknown) => {
                // Unknown is not "nothing": ask, so the person can still export.
                console.error('Could not count unsent work', err);
                setAskSignOut(status.pending);
              })
            }
          >
            {m.signOut}
          </button>
        </div>
      </header>
      <SyncStatusBar />
      {links.length > 1 && !mustChange && <SectionNav links={links} current={section(route.page)} phoneExtras={[
            [{ page: 'sync' }, m.nav.sync],
            [{ page: 'password' }, m.password.title],
          ]} />}
      <UpdatePrompt />
      {staleDays > UNSYNCED_WARN_DAYS && (
        <div class="card warning" role="alert" data-testid="stale-warning">
          {m.sync.oldUnsynced(UNSYNCED_WARN_DAYS)} <ExportButton />
        </div>
      )}
      {askSignOut !== null && (
        <div class="card notice" role="alertdialog" aria-labelledby="signout-title" aria-describedby="signout-text">
          <h2 id="signout-title">{m.sync.signOutTitle}</h2>
          <p id="signout-text">{m.sync.signOutText(askSignOut)}</p>
          <div class="actions">
            <ExportButton />
            <button type="button" onClick={onSignOut}>
              {m.sync.signOutAnyway}
            </button>
            <button type="button" class="primary" onClick={() => setAskSignOut(null)}>
              {m.sync.cancel}
            </button>
          </div>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        <ActionNotice />
        {can.pqrsd && <RadicadoNotices />}
        {status.needsSignIn && (
          <SignInForm deviceId={services.deviceId} fixedUsername={user.username} onSignedIn={services.renewSession} />
        )}
        {mustChange ? <ChangePassword forced onDone={() => rerender((n) => n + 1)} /> : <Page route={route} can={can} />}
        <QuarantineList />
        <StorageStatus quiet={route.page !== 'sync'} />
      </main>
    </>
  );
}
