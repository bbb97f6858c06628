import { useEffect, useState } from 'preact/hooks';
import { clearSession, getDeviceId, loadSession, saveSession, type Session } from '../session/session';
import { messages as m } from './i18n/es-CO';
import { ServicesContext, startServices, type Services } from './services';
import { Shell } from './shell';
import { SignInForm } from './sign-in-form';

type State = { phase: 'loading' } | { phase: 'signed-out' } | { phase: 'ready'; services: Services };

/** Opens straight into the app when a session is stored, with or without a connection. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void (async () => {
      const session = await loadSession();
      // A session names its device; one stored before sessions did used the profile's single id.
      setState(session ? { phase: 'ready', services: startServices(session, session.deviceId ?? (await getDeviceId())) } : { phase: 'signed-out' });
    })();
  }, []);

  if (state.phase === 'loading') return <p class="loading">{m.appName}…</p>;

  if (state.phase === 'signed-out') {
    return (
      <main id="main" class="signed-out">
        <h1>{m.appName}</h1>
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
        onSignOut={async () => {
          services.dispose();
          // Best effort: offline, the token simply expires on the server.
          void fetch('/api/auth/logout', {
            method: 'POST',
            headers: { authorization: `Bearer ${services.session.token}` },
          }).catch(() => undefined);
          await clearSession();
          setState({ phase: 'signed-out' });
        }}
      />
    </ServicesContext.Provider>
  );
}
