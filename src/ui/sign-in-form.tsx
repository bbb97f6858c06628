import { useState } from 'preact/hooks';
import { deviceIdFor, renewDeviceIdFor, type Session } from '../session/session';
import { ApiCallError } from '../api/client';
import { onAction } from './common/action';
import { FormFooter } from './common/notice';
import { errorMessage, messages as m } from './i18n/es-CO';
import { InputField, PasswordField } from './common/input-field';

interface Props {
  /** Signing in again on a running device: its id. Otherwise this profile's id for the user. */
  deviceId?: string;
  onSignedIn(session: Session): void | Promise<void>;
  /** Signing in again as the same user after the server refused the session. */
  fixedUsername?: string;
}

export function SignInForm({ deviceId, onSignedIn, fixedUsername }: Props) {
  const [username, setUsername] = useState(fixedUsername ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** No link: a user who signed in here before opens their own data with the password's seal. */
  async function signInOffline(name: string): Promise<void> {
    const { unlockOffline } = await import('../session/offline-unlock');
    const unlocked = await unlockOffline(name, password);
    if (unlocked.ok) return onSignedIn(unlocked.session);
    setError(
      unlocked.reason === 'wrong-password' ? m.signIn.offlineWrongPassword : unlocked.reason === 'expired' ? m.signIn.offlineExpired : m.signIn.offlineFirstTime,
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const name = username.trim().toLowerCase();
    // Signing in again after the server refused the session needs the server; a fresh start need not.
    const mayUnlock = !fixedUsername;
    setBusy(true);
    try {
      if (!navigator.onLine) {
        if (mayUnlock) await signInOffline(name);
        else setError(m.signIn.offlineFirstTime);
        return;
      }
      // The sync transport is not part of the first screen's download.
      const { createTransport } = await import('../sync/transport');
      const transport = createTransport({ baseUrl: location.origin, getToken: () => null });
      let session: Session;
      try {
        session = await transport.login(name, password, deviceId ?? (await deviceIdFor(name)));
      } catch (err) {
        if (mayUnlock && err instanceof ApiCallError && err.offline) return await signInOffline(name);
        // The id is another user's (people sharing a tablet, an id from before ids were per user):
        // this user gets a fresh one.
        if (deviceId || !(err instanceof ApiCallError) || err.code !== 'DEVICE_TAKEN') throw err;
        session = await transport.login(name, password, await renewDeviceIdFor(name));
      }
      const { rememberForOffline } = await import('../session/offline-unlock');
      await rememberForOffline(name, password, session);
      await onSignedIn(session);
    } catch (err) {
      setError(err instanceof ApiCallError ? (err.offline ? m.signIn.offlineFirstTime : err.message) : errorMessage('INTERNAL'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card sign-in" onSubmit={onAction(submit)} aria-labelledby="sign-in-title" noValidate>
      <h2 id="sign-in-title">{m.signIn.title}</h2>
      <p>{fixedUsername ? m.signIn.again : m.signIn.intro}</p>
      <InputField
        id="username"
        label={m.signIn.username}
        name="username"
        autocomplete="username"
        autocapitalize="none"
        required
        value={username}
        readOnly={Boolean(fixedUsername)}
        onInput={(e) => setUsername(e.currentTarget.value)}
      />
      <PasswordField id="password" label={m.signIn.password} name="password" autocomplete="current-password" value={password} onValue={setPassword} />
      <FormFooter error={error} label={busy ? m.signIn.submitting : m.signIn.submit} disabled={busy} />
    </form>
  );
}
