import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiCallError, errorText } from '../../api/client';
import {
  adminUserResponseSchema,
  adminUsersResponseSchema,
  passwordResetResponseSchema,
  PASSWORD_MIN_LENGTH,
  type AdminUser,
} from '../../shared/auth';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/roles';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';

const t = m.users;

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange(r: Role): void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

/** Edits one user: name, role, dependencia, active (the server refuses self-lockout). */
function EditUser({ user, isMe, onSaved, onCancel }: { user: AdminUser; isMe: boolean; onSaved(u: AdminUser): void; onCancel(): void }) {
  const services = useServices();
  const [name, setName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [dependencia, setDependencia] = useState(user.dependencia ?? '');
  const [active, setActive] = useState(user.active);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    if (name.trim().length < 3) return setError(t.nameTooShort);
    try {
      const body = { displayName: name, role, dependencia, active };
      onSaved((await services.api.patch(`/api/admin/users/${user.id}`, body, adminUserResponseSchema)).user);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <form class="card" onSubmit={save} aria-labelledby="edit-user-title" noValidate data-testid="edit-user">
      <h3 id="edit-user-title" tabIndex={-1} ref={heading}>
        {t.editTitle(user.displayName)}
      </h3>
      <label for="edit-name">{t.name}</label>
      <input id="edit-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="edit-role">{t.role}</label>
      <RoleSelect id="edit-role" value={role} onChange={setRole} />
      <label for="edit-dependencia">{t.dependencia}</label>
      <input id="edit-dependencia" aria-describedby="edit-dependencia-hint" value={dependencia} onInput={(e) => setDependencia(e.currentTarget.value)} />
      <p id="edit-dependencia-hint" class="muted">
        {t.dependenciaHint}
      </p>
      <label class="check">
        <input type="checkbox" checked={active} disabled={isMe} onChange={(e) => setActive(e.currentTarget.checked)} /> {t.activeLabel}
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

/** Creates a user of the admin's municipality, with a dependencia. */
function CreateUser({ onCreated }: { onCreated(u: AdminUser): void }) {
  const services = useServices();
  const [form, setForm] = useState({ username: '', displayName: '', role: 'official' as Role, dependencia: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  // Why the password was refused (too short, too easy to guess), shown under its input.
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    setPasswordError(null);
    if (form.password.length < PASSWORD_MIN_LENGTH) return setPasswordError(`${t.password}: ${t.passwordHint}`);
    try {
      const body = { ...form, municipality: services.session.user.municipality };
      const { user } = await services.api.post('/api/admin/users', body, adminUserResponseSchema);
      onCreated(user);
      setForm({ username: '', displayName: '', role: 'official', dependencia: '', password: '' });
    } catch (err) {
      const reason = err instanceof ApiCallError ? err.fields.password : undefined;
      if (reason) setPasswordError(reason);
      else setError(errorText(err));
    }
  }

  return (
    <form class="card" onSubmit={create} aria-labelledby="create-user-title" noValidate data-testid="create-user">
      <h3 id="create-user-title">{t.createTitle}</h3>
      <label for="new-username">{t.username}</label>
      <input id="new-username" autocomplete="off" autocapitalize="none" required value={form.username} onInput={set('username')} />
      <label for="new-name">{t.name}</label>
      <input id="new-name" autocomplete="off" required value={form.displayName} onInput={set('displayName')} />
      <label for="new-role">{t.role}</label>
      <RoleSelect id="new-role" value={form.role} onChange={(role) => setForm({ ...form, role })} />
      <label for="new-dependencia">{t.dependencia}</label>
      <input id="new-dependencia" aria-describedby="new-dependencia-hint" value={form.dependencia} onInput={set('dependencia')} />
      <p id="new-dependencia-hint" class="muted">
        {t.dependenciaHint}
      </p>
      <label for="new-user-password">{t.password}</label>
      <input
        id="new-user-password"
        type="password"
        autocomplete="new-password"
        required
        aria-describedby={passwordError ? 'new-user-password-error new-user-password-hint' : 'new-user-password-hint'}
        aria-invalid={passwordError ? true : undefined}
        value={form.password}
        onInput={set('password')}
      />
      {passwordError && (
        <p id="new-user-password-error" class="error" role="alert">
          {passwordError}
        </p>
      )}
      <p id="new-user-password-hint" class="muted">
        {t.passwordHint}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary">
        {t.create}
      </button>
    </form>
  );
}

/** The temporary password, shown once, with a copy button. */
function TemporaryPassword({ name, password, onClose }: { name: string; password: string; onClose(): void }) {
  const [copy, setCopy] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="card notice" aria-labelledby="temp-title" data-testid="temporary-password">
      <h3 id="temp-title" tabIndex={-1} ref={heading}>
        {t.resetTitle(name)}
      </h3>
      <p>{t.resetShown}</p>
      <p>
        <code class="secret" data-testid="temp-password">
          {password}
        </code>
      </p>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard
              .writeText(password)
              .then(() => setCopy(t.copied))
              .catch(() => setCopy(t.copyFailed))
          }
        >
          {t.copy}
        </button>
        <button type="button" class="primary" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <p role="status">{copy ?? ''}</p>
    </section>
  );
}

/** The admin's users: list, create, edit, reset password (needs a connection: the server's list). */
export function UsersPage() {
  const services = useServices();
  const me = services.session.user.id;
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [temp, setTemp] = useState<{ name: string; password: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const load = () =>
    services.api
      .get('/api/admin/users', adminUsersResponseSchema, { offline: t.offline })
      .then((b) => setUsers(b.users))
      .catch((err: unknown) => setNotice({ kind: 'error', text: errorText(err) }));
  useEffect(() => void load(), []);

  const replace = (u: AdminUser) => setUsers((list) => (list ?? []).map((x) => (x.id === u.id ? u : x)));
  async function reset(u: AdminUser) {
    if (!confirm(t.confirmReset(u.displayName))) return;
    setNotice(null);
    try {
      const r = await services.api.post(`/api/admin/users/${u.id}/reset-password`, {}, passwordResetResponseSchema);
      replace(r.user);
      setTemp({ name: u.displayName, password: r.temporaryPassword });
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    }
  }

  const editingUser = users?.find((u) => u.id === editing) ?? null;
  return (
    <section class="card" aria-labelledby="users-title">
      <h2 id="users-title">{t.title}</h2>
      {notice && (
        <p class={notice.kind === 'error' ? 'error' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {temp && <TemporaryPassword name={temp.name} password={temp.password} onClose={() => setTemp(null)} />}
      {users && (
        <div class="table-wrap">
          <table data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.username}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.dependencia}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-username={u.username}>
                  <th scope="row">
                    {u.displayName} {u.id === me && <span class="muted">{t.you}</span>}
                  </th>
                  <td>{u.username}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>{u.dependencia ?? <span class="muted">{t.none}</span>}</td>
                  <td>{u.active ? t.active : t.inactive}</td>
                  <td>
                    <div class="actions">
                      <button type="button" aria-label={`${t.edit}: ${u.displayName}`} onClick={() => setEditing(u.id)}>
                        {t.edit}
                      </button>
                      <button type="button" aria-label={`${t.reset}: ${u.displayName}`} onClick={() => void reset(u)}>
                        {t.reset}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editingUser && (
        <EditUser
          key={editingUser.id}
          user={editingUser}
          isMe={editingUser.id === me}
          onCancel={() => setEditing(null)}
          onSaved={(u) => {
            replace(u);
            setEditing(null);
            setNotice({ kind: 'ok', text: t.saved(u.displayName) });
          }}
        />
      )}
      {users && (
        <CreateUser
          onCreated={(u) => {
            setUsers((list) => [...(list ?? []), u]);
            setNotice({ kind: 'ok', text: t.created(u.displayName) });
          }}
        />
      )}
    </section>
  );
}
