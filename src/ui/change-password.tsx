import { useState } from 'preact/hooks';
import { ApiCallError, errorText } from '../api/client';
import { loginResponseSchema, PASSWORD_MIN_LENGTH } from '#shared/auth';
import { onAction } from './common/action';
import { ErrorText } from './common/notice';
import { messages as m } from './i18n/es-CO';
import { useServices } from './services';
import { rememberForOffline } from '../session/offline-unlock';
import { NewPasswordField, PasswordField } from './common/input-field';

const t = m.password;

/**
 * The user's own password change. `forced`: after an admin reset the server accepts nothing
 * else, so the shell shows only this screen until it is done.
 */
export function ChangePassword({ forced = false, onDone }: { forced?: boolean; onDone?(): void }) {
  const services = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Why the new password was refused (too short, too easy to guess), shown under its input.
  const [nextError, setNextError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setNextError(null);
    setDone(false);
    if (next.length < PASSWORD_MIN_LENGTH) return setNextError(t.tooShort);
    if (next !== again) return setError(t.mismatch);
    if (next === current) return setError(t.same);
    if (!navigator.onLine) return setError(t.offline);
    setBusy(true);
    try {
      const session = await services.api.post('/api/auth/password', { currentPassword: current, newPassword: next }, loginResponseSchema, { offline: t.offline });
      // The answer is a fresh session: the other devices are signed out, this one carries on.
      await services.renewSession(session);
      // The old password no longer opens this device offline; the new one does.
      await rememberForOffline(session.user.username, next, session);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      onDone?.();
    } catch (err) {
      const reason = err instanceof ApiCallError ? err.fields.newPassword : undefined;
      if (reason) setNextError(reason);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={onAction(submit)} aria-labelledby="password-title" noValidate data-testid="change-password">
      <h2 id="password-title">{forced ? t.forcedTitle : t.title}</h2>
      {forced && <p>{t.forced}</p>}
      <PasswordField id="current-password" label={forced ? t.currentForced : t.current} autocomplete="current-password" value={current} onValue={setCurrent} />
      <NewPasswordField id="new-password" label={t.next} hint={t.nextHint} error={nextError} value={next} onValue={setNext} />
      <PasswordField id="new-password-again" label={t.confirm} autocomplete="new-password" value={again} onValue={setAgain} />
      <ErrorText text={error ?? (nextError && m.form.invalid([[t.next, nextError]]))} />
      {done && !forced && (
        <p class="notice" role="status">
          {t.done}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.submitting : t.submit}
      </button>
    </form>
  );
}
