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

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!navigator.onLine) {
      setError(m.signIn.offlineFirstTime);
      return;
    }
    setBusy(true);
    try {
      // The sync transport is not part of the first screen's download.
      const { createTransport } = await import('../sync/transport');
      const transport = createTransport({ baseUrl: location.origin, getToken: () => null });
      const name = username.trim().toLowerCase();
      let session: Session;
      try {
        session = await transport.login(name, password, deviceId ?? (await deviceIdFor(name)));
      } catch (err) {
        // The id is another user's (people sharing a tablet, an id from before ids were per user):
        // this user gets a fresh one.
        if (deviceId || !(err instanceof ApiCallError) || err.code !== 'DEVICE_TAKEN') throw err;
        session = await transport.login(name, password, await renewDeviceIdFor(name));
      }
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
