import { ApiCallError } from '../api/client';
import { logoutResponseSchema } from '#shared/auth';
import { clearSession, getDeviceId, type Session } from '../session/session';
import { onAction } from './common/action';
import { messages as m } from './i18n/es-CO';
import { ServicesContext, startServices, type Services } from './services';
import { Shell } from './shell';

/**
 * Everything a signed-in person uses (the database, sync, every screen), loaded after the
 * sign-in screen: the first visit on a slow link downloads only what signing in needs.
 */
export async function openSignedIn(session: Session): Promise<Services> {
  // A session names its device; one stored before sessions did used the profile's single id.
  return startServices(session, session.deviceId ?? (await getDeviceId()));
}

interface Props {
  services: Services;
  /** Called once this device has signed out, with a notice when the server did not confirm it. */
  onSignedOut(notice?: Promise<string | null>): void;
}

export function SignedInApp({ services, onSignedOut }: Props) {
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
          onSignedOut(ended);
        })}
      />
    </ServicesContext.Provider>
  );
}
