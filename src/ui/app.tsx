import { useEffect, useState } from 'preact/hooks';
import { ApiCallError } from '../api/client';
import { logoutResponseSchema } from '../shared/auth';
import { clearSession, getDeviceId, loadSession, saveSession, type Session } from '../session/session';
import { onAction, reportActionError } from './common/action';
import { ActionNotice } from './common/action-notice';
import { messages as m } from './i18n/es-CO';
import { ServicesContext, startServices, type Services } from './services';
import { Shell } from './shell';
import { SignInForm } from './sign-in-form';

type State = { phase: 'loading' } | { phase: 'signed-out'; notice?: string } | { phase: 'ready'; services: Services };

/** Opens straight into the app when a session is stored, with or without a connection. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void (async () => {
      const session = await loadSession();
      // A session names its device; one stored before sessions did used the profile's single id.
      setState(session ? { phase: 'ready', services: startServices(session, session.deviceId ?? (await getDeviceId())) } : { phase: 'signed-out' });
    })().catch((err: unknown) => {
      // The stored session cannot be read: signing in again is the way on, with the reason shown.
      reportActionError(err);
      setState({ phase: 'signed-out' });
    });
  }, []);

  if (state.phase === 'loading') return <p class="loading">{m.appName}…</p>;

  if (state.phase === 'signed-out') {
    return (
      <main id="main" class="signed-out">
        <h1>{m.appName}</h1>
        <ActionNotice />
        {state.notice && (
          <p class="notice" role="status">
            {state.notice}
          </p>
        )}
        <SignInForm
          onSignedIn={async (session: Session) => {
            await saveSession(session);
            setState({ phase: 'ready', services: startServices(session, session.deviceId ?? (await getDeviceId())) });
          }}
        />
      </main>
    );
  }

  const { services } = state;
  return (
    <ServicesContext.Provider value={services}>
      <Shell
        onSignOut={onAction(async () => {
          // Offline this device signs out all the same (the server's session expires on its own),
          // without waiting for the answer; the person is told when the server did not confirm.
          const ended = services.api.post('/api/auth/logout', {}, logoutResponseSchema).then(
            () => null,
            (err: unknown) => {
              // 401: the server had already ended this session.
              if (err instanceof ApiCallError && err.kind === 'auth') return null;
              console.warn('Sign-out not confirmed by the server', err);
              return m.signOutNotConfirmed;
            },
          );
          services.dispose();
          await clearSession();
          setState({ phase: 'signed-out' });
          void ended.then((notice) => notice && setState((s) => (s.phase === 'signed-out' ? { phase: 'signed-out', notice } : s)));
        })}
      />
    </ServicesContext.Provider>
  );
}
