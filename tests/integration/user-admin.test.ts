// Admin user management and password resets over real HTTP: edit, deactivate (sessions end),
// no self-lockout, another municipality's users out of reach, reset → forced password change
// (every route but me/logout/refresh/password refused), the user's own change, the CLI fallback,
// and every step in the hash-chained audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../sync-server/audit/audit-chain';
import { loadAuditKey } from '../../sync-server/audit/audit-key';
import { ACCESS_MATRIX, type AccessRule } from '../../sync-server/http/access-matrix';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { sqliteFile } from '../../sync-server/config';
import { http, login, serverPerFile } from '../helpers/server-process';
import { adminCli, adminCliResult } from '../helpers/admin-cli';

const server = serverPerFile();
let admin: string;
type U = { id: string; username: string; role: string; dependencia: string | null; active: boolean; mustChangePassword: boolean };

beforeAll(async () => {
  admin = (await login(server.url, 'admin')).token;
});

const users = async () => (await http<{ users: U[] }>(server.url, '/api/admin/users', { token: admin })).body.users;
const byName = async (username: string) => (await users()).find((u) => u.username === username) as U;
const patch = (id: string, body: unknown, token = admin) => http<any>(server.url, `/api/admin/users/${id}`, { method: 'PATCH', token, body });
const reset = (id: string, token = admin) => http<any>(server.url, `/api/admin/users/${id}/reset-password`, { method: 'POST', token, body: {} });
const auditOf = async (action: string) => {
  const store = new SqliteStore(sqliteFile(server.dataDir));
  try {
    expect(await verifyAuditChain((a, l) => store.auditEntries('95200', a, l), loadAuditKey({ file: server.auditKeyFile }).key)).toMatchObject({ ok: true });
    return (await store.auditEntries('95200', 0, 100_000)).filter((e) => e.action === action);
  } finally {
    await store.close();
  }
};

describe('an admin manages the users of their municipality', () => {
  it('creates a user with a dependencia, then changes role, dependencia and name', async () => {
    const created = await http<any>(server.url, '/api/admin/users', {
      token: admin,
      body: { username: 'lrojas', displayName: 'Luisa Rojas', role: 'official', municipality: '95200', password: 'clave-de-luisa-1', dependencia: 'Secretaría de Gobierno' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ dependencia: 'Secretaría de Gobierno', mustChangePassword: false });
    const res = await patch(created.body.user.id, { role: 'committee', dependencia: 'Planeación', displayName: 'Luisa F. Rojas' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'committee', dependencia: 'Planeación', displayName: 'Luisa F. Rojas', active: true });
    expect(await byName('lrojas')).toMatchObject({ role: 'committee', dependencia: 'Planeación' });
    const [entry] = (await auditOf('user-update')).filter((e) => e.recordId === created.body.user.id);
    expect(entry?.detail).toMatchObject({ fields: ['dependencia', 'displayName', 'role'], role: 'committee' });
    // Empty dependencia means none; an unknown field or an empty patch is refused.
    expect((await patch(created.body.user.id, { dependencia: '' })).body.user.dependencia).toBeNull();
    expect((await patch(created.body.user.id, { password: 'x' })).status).toBe(400);
    expect((await patch(created.body.user.id, {})).status).toBe(400);
  });

  it('deactivating ends every session of the user at once; reactivating lets them sign in again', async () => {
    const u = await byName('capacitador');
    const { token } = await login(server.url, 'capacitador');
    expect((await patch(u.id, { active: false })).body.user.active).toBe(false);
    expect((await http(server.url, '/api/auth/me', { token })).status).toBe(401);
    expect((await http(server.url, '/api/auth/login', { body: { username: 'capacitador', password: 'miraflores2026' } })).status).toBe(401);
    await patch(u.id, { active: true });
    await login(server.url, 'capacitador');
  });

  it('an admin cannot deactivate or demote themselves, but may rename themselves', async () => {
    const me = await byName('admin');
    expect((await patch(me.id, { active: false })).body).toMatchObject({ code: 'CANNOT_LOCK_OUT_SELF' });
    expect((await patch(me.id, { role: 'official' })).status).toBe(409);
    expect((await patch(me.id, { displayName: 'Administración Miraflores' })).status).toBe(200);
    expect((await byName('admin')).role).toBe('admin');
  });

  it("another municipality's users are out of reach (404, as if they did not exist)", async () => {
    await adminCli(['create-user', '--username', 'retorno', '--name', 'Admin El Retorno', '--role', 'admin', '--municipality', '95025'], { DATA_DIR: server.dataDir, GEL_PASSWORD: 'clave-del-retorno-1' });
    const theirs = await login(server.url, 'retorno', 'clave-del-retorno-1');
    const ours = await byName('funcionario');
    expect((await patch(ours.id, { active: false }, theirs.token)).status).toBe(404);
    expect((await reset(ours.id, theirs.token)).status).toBe(404);
    expect((await byName('funcionario')).active).toBe(true);
  });
});

describe('password reset and the forced change', () => {
  it('reset: a temporary password shown once, sessions ended, only me/logout/refresh/password until changed', async () => {
    const u = await byName('funcionario');
    const before = await login(server.url, 'funcionario');
    const res = await reset(u.id);
    expect(res.status).toBe(200);
    const temp = res.body.temporaryPassword as string;
    expect(temp).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(res.body.user).toMatchObject({ username: 'funcionario', mustChangePassword: true });
    expect((await http(server.url, '/api/auth/me', { token: before.token })).status).toBe(401);
    expect((await http(server.url, '/api/auth/login', { body: { username: 'funcionario', password: 'miraflores2026' } })).status).toBe(401);
    const [entry] = await auditOf('password-reset');
    expect(entry).toMatchObject({ kind: 'user', recordId: u.id, detail: { via: 'api' } });
    expect(JSON.stringify(entry)).not.toContain(temp);

    const signedIn = await login(server.url, 'funcionario', temp);
    expect(signedIn.user.mustChangePassword).toBe(true);
    const other = await login(server.url, 'funcionario', temp); // a second device
    const token = signedIn.token;
    // Walk the matrix: every signed-in route refuses with PASSWORD_CHANGE_REQUIRED unless allowed.
    for (const [key, rule] of Object.entries(ACCESS_MATRIX) as [string, AccessRule][]) {
      if (rule.who === 'public' || key === 'POST /api/auth/password' || key.startsWith('POST /api/auth/log') || key === 'POST /api/auth/refresh') continue;
      const [method, path] = key.split(' ') as [string, string];
      const r = await http<any>(server.url, path.replace(/:\w+/g, '0'.repeat(64)), { method, token, body: method === 'GET' ? undefined : {} });
      if (rule.duringPasswordChange) expect(r.status, key).toBe(200);
      else expect(r.body, key).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    }
    const change = (body: unknown, t = token) => http<any>(server.url, '/api/auth/password', { token: t, body });
    expect((await change({ currentPassword: 'no-es-esta-1', newPassword: 'nueva-clave-segura' })).body).toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await change({ currentPassword: temp, newPassword: 'corta' })).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await change({ currentPassword: temp, newPassword: temp })).status).toBe(400);
    const done = await change({ currentPassword: temp, newPassword: 'nueva-clave-segura' });
    expect(done.status).toBe(200);
    expect(done.body.user.mustChangePassword).toBe(false);
    // The device that changed it carries on with its fresh token; the other device is out.
    expect((await http(server.url, '/api/sync/pull', { token: done.body.token, body: { cursor: null } })).status).toBe(200);
    expect((await http(server.url, '/api/auth/me', { token: other.token })).status).toBe(401);
    expect((await http(server.url, '/api/auth/me', { token })).status).toBe(401);
    expect((await login(server.url, 'funcionario', 'nueva-clave-segura')).user.mustChangePassword).toBe(false);
    expect((await auditOf('password-change')).map((e) => e.recordId)).toContain(u.id);
  });

  it('guessing the current password runs into the sign-in lockout', async () => {
    const { token } = await login(server.url, 'comite');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await http(server.url, '/api/auth/password', { token, body: { currentPassword: `intento-${i}`, newPassword: 'otra-clave-larga' } })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 403)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('`npm run admin -- reset-password` lets a locked-out admin back in with a forced change', async () => {
    const { stdout } = await adminCli(['reset-password', 'admin'], { DATA_DIR: server.dataDir });
    const temp = /Temporary password for admin: (\S+)/.exec(stdout)?.[1] as string;
    expect(temp).toBeTruthy();
    expect((await http(server.url, '/api/admin/users', { token: admin })).status).toBe(401);
    const back = await login(server.url, 'admin', temp);
    expect(back.user.mustChangePassword).toBe(true);
    expect((await http(server.url, '/api/admin/users', { token: back.token })).body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect((await auditOf('password-reset')).some((e) => e.userId === null && e.detail.via === 'cli')).toBe(true);
    expect((await adminCliResult(['reset-password', 'nadie'], { DATA_DIR: server.dataDir })).code).toBe(1);
  });
});
