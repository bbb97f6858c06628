import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { adminCli } from '../helpers/admin-cli';

let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop();
});

const admin = (dataDir: string, args: string[], env: Record<string, string> = {}) => adminCli(args, { DATA_DIR: dataDir, ...env });

it('GEL_DEMO=0 starts with no demo accounts; `npm run admin -- create-user` makes a real one', async () => {
  server = await startServerProcess({ GEL_DEMO: '0' });
  const demo = await http(server.url, '/api/auth/login', { body: { username: 'admin', password: 'miraflores2026' } });
  expect(demo.status).toBe(401);

  const created = await admin(server.dataDir, ['create-user', '--username', 'jperez', '--name', 'Juan Pérez', '--role', 'admin', '--municipality', '95200'], {
    GEL_PASSWORD: 'una-clave-bien-larga',
  });
  expect(created.stdout).toContain('Created jperez (admin, 95200)');
  const { user } = await login(server.url, 'jperez', 'una-clave-bien-larga');
  expect(user).toMatchObject({ username: 'jperez', role: 'admin', municipality: '95200' });

  // Bad input is refused with a clear message and nothing is created.
  const weak = await admin(server.dataDir, ['create-user', '--username', 'corta', '--name', 'Clave Corta', '--role', 'official', '--municipality', '95200', '--password', 'abc']).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect((weak as { code: number }).code).toBe(1);
  expect((weak as { stderr: string }).stderr).toMatch(/VALIDATION_FAILED/);
  const listed = await admin(server.dataDir, ['list-users', '--municipality', '95200']);
  expect(listed.stdout).toContain('jperez');
  expect(listed.stdout).not.toContain('corta');

  // The CLI keys what it audits with the server's key, found next to the same DATA_DIR.
  const reset = await admin(server.dataDir, ['reset-password', 'jperez']);
  expect(reset.stdout).toContain('Temporary password for jperez');
  const verified = await admin(server.dataDir, ['verify-audit']);
  expect(verified.stdout).toMatch(/^OK [1-9]\d* entries, audit key [0-9a-f]{16}, [1-9]\d* chain\(s\)\n$/);
});

it('prints its usage for an unknown command, and creates no database and no key', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gel-cli-'));
  try {
    const res = await admin(join(root, 'data'), ['nada']).catch((e: { code: number; stderr: string }) => e);
    expect((res as { code: number }).code).toBe(2);
    expect((res as { stderr: string }).stderr).toContain('Usage:');
    expect((res as { stderr: string }).stderr).toContain('seal-audit');
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('makes the audit key file next to DATA_DIR on first use, saying so on stderr only', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gel-cli-'));
  try {
    const res = await admin(join(root, 'data'), ['list-users']);
    const file = join(root, 'gel-campo-audit.key');
    expect(res.stderr).toContain(`Generated the audit key in ${file}: back it up apart from the database`);
    expect(res.stdout).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(root).sort()).toEqual(['data', 'gel-campo-audit.key']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
