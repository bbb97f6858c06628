// Walks the access matrix completely: every route of the app has an entry, and every entry is
// checked over real HTTP for an anonymous caller and each role.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#shared/roles';
import { BlobFiles } from '../../sync-server/blobs/blob-files';
import { ACCESS_MATRIX, type AccessRule } from '../../sync-server/http/access-matrix';
import { createApp } from '../../sync-server/http/app';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { createMutation } from '../helpers/fixtures';
import { http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { createCalamarAdmin } from '../helpers/admin-cli';
import { concretePath } from '../helpers/routes';

const DEMO_USER: Record<Role, string> = { admin: 'admin', committee: 'comite', internal_control: 'control', trainer: 'capacitador', official: 'funcionario' };
let server: ServerProcess;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  const shell = mkdtempSync(join(tmpdir(), 'gel-shell-'));
  writeFileSync(join(shell, 'index.html'), '<!doctype html><title>GEL Campo</title>');
  server = await startServerProcess({ STATIC_DIR: shell });
  for (const role of ROLES) tokens[role] = (await login(server.url, DEMO_USER[role])).token;
});
afterAll(async () => {
  await server?.stop();
});

describe('the access matrix', () => {
  it('has an entry for every route of the app, and no entry without a route', () => {
    const store = new SqliteStore(':memory:');
    const app = createApp({ store, staticDir: join(tmpdir(), 'none'), files: new BlobFiles(mkdtempSync(join(tmpdir(), 'gel-f-')), 1000) });
    const routes = new Set(
      app.routes.filter((r) => !(r.method === 'ALL' && r.path.endsWith('*') && r.path !== '/api/*')).map((r) => `${r.method} ${r.path}`),
    );
    const keys = new Set(Object.keys(ACCESS_MATRIX));
    expect([...routes].filter((r) => !keys.has(r))).toEqual([]);
    expect([...keys].filter((k) => !routes.has(k))).toEqual([]);
  });

  it('gives every public route a rate and body limit, and only public routes one', () => {
    for (const [key, rule] of Object.entries(ACCESS_MATRIX) as [string, AccessRule][]) {
      if (rule.who === 'public') expect(['pages', 'files', 'app', 'lookup', 'sign-in', 'api'], key).toContain(rule.limit);
      else expect(rule, key).not.toHaveProperty('limit');
    }
  });

  for (const [key, rule] of Object.entries(ACCESS_MATRIX) as [string, AccessRule][]) {
    it(`${key}: ${Array.isArray(rule.who) ? rule.who.join(', ') : rule.who}`, async () => {
      const [method, path] = key.split(' ') as [string, string];
      const call = (token?: string) =>
        http(server.url, concretePath(path), { method: method === 'ALL' ? 'GET' : method, token, body: method === 'GET' || method === 'ALL' ? undefined : {} });
      const anonymous = await call();
      if (rule.who === 'public') {
        expect([401, 403]).not.toContain(anonymous.status);
      } else {
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
      for (const role of ROLES) {
        // Signing out spends the token: that route gets a session of its own.
        const spends = key.startsWith('POST /api/auth/logout') || key === 'POST /api/auth/refresh';
        const token = spends ? (await login(server.url, DEMO_USER[role])).token : tokens[role];
        const res = await call(token);
        const allowed = rule.who === 'public' || rule.who === 'signed-in' || rule.who.includes(role);
        if (allowed) expect([401, 403], `${role} on ${key}`).not.toContain(res.status);
        else expect(res.status, `${role} on ${key}`).toBe(403);
        expect(res.status, `${role} on ${key}`).toBeLessThan(500);
        // Signing out everywhere also ended the shared session: take a new one.
        if (key === 'POST /api/auth/logout-all') tokens[role] = (await login(server.url, DEMO_USER[role])).token;
      }
    });
  }
});

describe('another municipality', () => {
  it('never reads or writes Miraflores data, pull included', async () => {
    await createCalamarAdmin({ DATA_DIR: server.dataDir }, 'clave-de-calamar-1');
    const ours = await http<any>(server.url, '/api/sync/push', { token: tokens.official, body: { deviceId: 'device-mira-01', mutations: [createMutation()] } });
    expect(ours.body.results[0].status).toBe('applied'); // a request now exists in 95200
    const { token } = await login(server.url, 'calamar', 'clave-de-calamar-1');
    const pulled = await http<any>(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } });
    expect(pulled.body.changes.filter((c: { kind: string }) => c.kind === 'pqrsd')).toEqual([]);
    expect(pulled.body.changes.every((c: { data: { municipality?: string } }) => c.data.municipality === undefined || c.data.municipality === '95015')).toBe(true);
    const users = await http<any>(server.url, '/api/admin/users', { token });
    expect(users.body.users.map((u: { username: string }) => u.username)).toEqual(['calamar']);
    const otherAdmin = await http<any>(server.url, '/api/admin/users', {
      token,
      body: { username: 'intruso', displayName: 'Intruso', role: 'admin', municipality: '95200', password: 'clave-de-intruso-1' },
    });
    expect(otherAdmin.status).toBe(403);
    // Changing a Miraflores record from Calamar finds nothing to change.
    const theirs = createMutation();
    await http(server.url, '/api/sync/push', { token: tokens.official, body: { deviceId: 'device-mira-01', mutations: [theirs] } });
    const attempt = await http<any>(server.url, '/api/sync/push', {
      token,
      body: { deviceId: 'device-cala-01', mutations: [{ ...createMutation(), recordId: theirs.recordId, op: 'update', baseRev: 1, data: { subject: 'Cambiado desde Calamar' } }] },
    });
    expect(attempt.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'RECORD_NOT_FOUND' } });
  });
});
