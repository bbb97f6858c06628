import { useEffect, useState } from 'preact/hooks';
import { loadSession, saveSession, type Session } from '../session/session';
import { reportActionError } from './common/action';
import { ActionNotice } from './common/action-notice';
import { messages as m } from './i18n/es-CO';
import type { Services } from './services';
import { SignInForm } from './sign-in-form';

type SignedIn = typeof import('./signed-in');
type State = { phase: 'loading' } | { phase: 'signed-out'; notice?: string } | { phase: 'ready'; services: Services; ui: SignedIn };

/** The signed-in app, a separate chunk (precached, so it loads offline too). */
async function signIn(session: Session): Promise<State> {
  const ui = await import('./signed-in');
  return { phase: 'ready', services: await ui.openSignedIn(session), ui };
}

/** Opens straight into the app when a session is stored, with or without a connection. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void (async () => {
      const session = await loadSession();
      setState(session ? await signIn(session) : { phase: 'signed-out' });
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
            setState(await signIn(session));
          }}
        />
      </main>
    );
  }

  const { services, ui } = state;
  return (
    <ui.SignedInApp
      services={services}
      onSignedOut={(ended) => {
        setState({ phase: 'signed-out' });
        void ended?.then((notice) => notice && setState((s) => (s.phase === 'signed-out' ? { phase: 'signed-out', notice } : s)));
      }}
    />
  );
}
