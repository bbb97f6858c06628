import { useEffect, useRef, useState } from 'preact/hooks';
import { adminUserResponseSchema, adminUsersResponseSchema, passwordResetResponseSchema, PASSWORD_MIN_LENGTH, type AdminUser } from '#shared/auth';
import { ROLE_LABELS, ROLES, type Role } from '#shared/roles';
import { onAction } from '../common/action';
import { DataTable } from '../common/data-table';
import { describeError } from '../common/form-error';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { ErrorText, FormNotice, useNotice } from '../common/notice';
import { InputField, NewPasswordField } from '../common/input-field';
import { useFormErrors } from '../common/use-form-errors';
import { useFormState } from '../common/use-form-state';
import { SelectField } from '../common/select-field';
import { EntryForm } from '../common/entry-form';

const t = m.users;

function RoleSelect({ id, value, error, onChange }: { id: string; value: Role; error?: string; onChange(r: Role): void }) {
  return <SelectField id={id} label={t.role} required error={error} value={value} options={ROLES.map((r) => [r, ROLE_LABELS[r]] as const)} onChange={onChange} />;
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
    const body = { displayName: name, role, dependencia, active };
    onSaved((await services.api.patch(`/api/admin/users/${user.id}`, body, adminUserResponseSchema)).user);
  }

  return (
    <form class="card" onSubmit={onAction(save, setError)} aria-labelledby="edit-user-title" noValidate data-testid="edit-user">
      <h3 id="edit-user-title" tabIndex={-1} ref={heading}>
        {t.editTitle(user.displayName)}
      </h3>
      <InputField id="edit-name" label={t.name} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <RoleSelect id="edit-role" value={role} onChange={setRole} />
      <InputField id="edit-dependencia" label={t.dependencia} hint={t.dependenciaHint} value={dependencia} onInput={(e) => setDependencia(e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={active} disabled={isMe} onChange={(e) => setActive(e.currentTarget.checked)} /> {t.activeLabel}
      </label>
      <ErrorText text={error} />
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
  const blank = { username: '', displayName: '', role: 'official' as Role, dependencia: '', password: '' };
  const { f, setF, set, clearSaved } = useFormState(blank);
  // Every refusal (this device's check, the server's: a taken username, a password too easy to guess) under its field.
  const form = useFormErrors({ username: t.username, displayName: t.name, role: t.role, dependencia: t.dependencia, password: t.password });

  async function create() {
    form.clear();
    if (f.password.length < PASSWORD_MIN_LENGTH) return form.showIssues([{ path: 'password', message: t.passwordHint }]);
    const saved = f;
    const body = { ...saved, municipality: services.session.user.municipality };
    const { user } = await services.api.post('/api/admin/users', body, adminUserResponseSchema);
    onCreated(user);
    clearSaved(saved);
  }

  return (
    <EntryForm form={form} onSave={create} titleId="create-user-title" title={t.createTitle} submitLabel={t.create} testId="create-user">
      <InputField id="new-username" label={t.username} autocomplete="off" autocapitalize="none" required error={form.error('username')} value={f.username} onInput={set('username')} />
      <InputField id="new-name" label={t.name} autocomplete="off" required error={form.error('displayName')} value={f.displayName} onInput={set('displayName')} />
      <RoleSelect id="new-role" value={f.role} error={form.error('role')} onChange={(role) => setF({ ...f, role })} />
      <InputField id="new-dependencia" label={t.dependencia} hint={t.dependenciaHint} error={form.error('dependencia')} value={f.dependencia} onInput={set('dependencia')} />
      <NewPasswordField id="new-user-password" label={t.password} hint={t.passwordHint} error={form.error('password')} value={f.password} onValue={(password) => setF((now) => ({ ...now, password }))} />
    </EntryForm>
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
          onClick={onAction(
            () => navigator.clipboard.writeText(password).then(() => setCopy(t.copied)),
            () => setCopy(t.copyFailed),
          )}
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
  const { notice, done, fail, clear } = useNotice();

  useEffect(() => {
    services.api
      .get('/api/admin/users', adminUsersResponseSchema, { offline: t.offline })
      .then((b) => setUsers(b.users))
      .catch((err: unknown) => fail(describeError(err)));
  }, [services, fail]);

  const replace = (u: AdminUser) => setUsers((list) => (list ?? []).map((x) => (x.id === u.id ? u : x)));
  async function reset(u: AdminUser) {
    if (!confirm(t.confirmReset(u.displayName))) return;
    clear();
    try {
      const r = await services.api.post(`/api/admin/users/${u.id}/reset-password`, {}, passwordResetResponseSchema);
      replace(r.user);
      setTemp({ name: u.displayName, password: r.temporaryPassword });
    } catch (err) {
      fail(describeError(err));
    }
  }

  const editingUser = users?.find((u) => u.id === editing) ?? null;
  return (
    <section class="card" aria-labelledby="users-title">
      <h2 id="users-title">{t.title}</h2>
      <FormNotice notice={notice} />
      {temp && <TemporaryPassword name={temp.name} password={temp.password} onClose={() => setTemp(null)} />}
      {users && (
        <DataTable
          testId="users"
          rows={users}
          rowKey={(u) => u.id}
          rowProps={(u) => ({ 'data-username': u.username })}
          columns={[
            {
              label: t.name,
              cell: (u) => (
                <>
                  {u.displayName} {u.id === me && <span class="muted">{t.you}</span>}
                </>
              ),
            },
            { label: t.username, cell: (u) => u.username },
            { label: t.role, cell: (u) => ROLE_LABELS[u.role] },
            { label: t.dependencia, cell: (u) => u.dependencia ?? <span class="muted">{t.none}</span> },
            { label: t.status, cell: (u) => (u.active ? t.active : t.inactive) },
            {
              label: t.actions,
              cell: (u) => (
                <div class="actions">
                  <button type="button" aria-label={`${t.edit}: ${u.displayName}`} onClick={() => setEditing(u.id)}>
                    {t.edit}
                  </button>
                  <button type="button" aria-label={`${t.reset}: ${u.displayName}`} onClick={onAction(() => reset(u))}>
                    {t.reset}
                  </button>
                </div>
              ),
            },
          ]}
        />
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
            done(t.saved(u.displayName));
          }}
        />
      )}
      {users && (
        <CreateUser
          onCreated={(u) => {
            setUsers((list) => [...(list ?? []), u]);
            done(t.created(u.displayName));
          }}
        />
      )}
    </section>
  );
}
