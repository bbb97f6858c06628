// Weak passwords are refused, in Spanish and tied to their field, on every path that sets one —
// admin create, admin reset (its temporary password is strong; the forced change is checked),
// the user's own change and the admin CLI — over real HTTP against the real server, on SQLite
// and PostgreSQL. A password made of the person's names or the municipality's, or of the product's,
// the town hall's and the roles' words and the year, is weak.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as es from '@zxcvbn-ts/language-es-es';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresCluster } from '../helpers/postgres-cluster';
import { DEMO_PASSWORD, http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { adminCli, adminCliResult } from '../helpers/admin-cli';

const WEAK = /^La contraseña es demasiado fácil de adivinar\. \S/;

const cluster = postgresCluster();

const DIALECTS: [string, () => Promise<Record<string, string>>][] = [
  ['sqlite', async () => ({})],
  ['postgres', async () => ({ DATABASE_URL: await cluster.newDatabase() })],
];

/** The refusal: VALIDATION_FAILED with one Spanish reason on `field`; answers the reason. */
function refusedOn(res: { status: number; body: any }, field: string): string {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.details).toHaveLength(1);
  expect(res.body.details[0].path).toBe(field);
  expect(res.body.details[0].message).toMatch(WEAK);
  return res.body.details[0].message as string;
}

describe.each(DIALECTS)('%s', (_dialect, storeEnv) => {
  let server: ServerProcess;
  let env: Record<string, string>;
  let admin: string;
  beforeAll(async () => {
    env = await storeEnv();
    server = await startServerProcess(env);
    admin = (await login(server.url, 'admin')).token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const usernames = async () =>
    (await http<{ users: { username: string }[] }>(server.url, '/api/admin/users', { token: admin })).body.users.map((u) => u.username);

  it('admin create: weak passwords refused with the reason on the password field; a strong one accepted', async () => {
    const create = (password: string) =>
      http(server.url, '/api/admin/users', {
        token: admin,
        body: { username: 'mgomez', displayName: 'Marta Gómez', role: 'official', municipality: '95200', password, dependencia: 'Secretaría de Salud' },
      });
    // Her own name, the municipality's name (the demo password too), repeats, a common one.
    expect(refusedOn(await create('martagomez2026'), 'password')).toContain('datos personales');
    expect(refusedOn(await create(DEMO_PASSWORD), 'password')).toContain('datos personales');
    expect(refusedOn(await create('aaaaaaaaaa'), 'password')).toContain('Caracteres repetidos');
    expect(refusedOn(await create('1234567890'), 'password')).toContain('contraseña usada');
    expect(await usernames()).not.toContain('mgomez');

    const created = await create('clave-inicial-de-marta');
    expect(created.status).toBe(201);
    expect((await login(server.url, 'mgomez', 'clave-inicial-de-marta')).user.username).toBe('mgomez');
  });

  it('admin create: the product, the place, the institution, the roles and the year do not make a password; four random words do', { timeout: 60_000 }, async () => {
    const create = (token: string, municipality: string, username: string, password: string) =>
      http(server.url, '/api/admin/users', {
        token,
        body: { username, displayName: 'Nueva Persona', role: 'official', municipality, password, dependencia: 'Secretaría de Gobierno' },
      });
    const weak = ['Contrasena2026!', 'Alcaldia2026*', 'Colombia2026!', 'gelcampo2026', 'GelCampo2026!', 'Funcionario2026!', 'SecretariaGobierno1', 'Pqrsd2026!!', 'Miraflores2026!'];
    for (const password of weak) refusedOn(await create(admin, '95200', 'nueva.persona', password), 'password');
    // In another municipality too: Miraflores is a town the server knows, and the product's home.
    await adminCli(['create-user', '--username', 'admin.sanjose', '--name', 'Admin San José', '--role', 'admin', '--municipality', '95001'], {
      DATA_DIR: server.dataDir,
      ...env,
      GEL_PASSWORD: 'almendro-canoa-trueno-pizarra',
    });
    const other = (await login(server.url, 'admin.sanjose', 'almendro-canoa-trueno-pizarra')).token;
    for (const password of ['Miraflores2026!', 'Guaviare2026!', 'Control2027!!']) refusedOn(await create(other, '95001', 'persona.sanjose', password), 'password');
    expect(await usernames()).not.toContain('nueva.persona');

    expect((await create(admin, '95200', 'nueva.persona', 'correcto caballo batería grapa')).status).toBe(201);
    expect((await create(other, '95001', 'persona.sanjose', 'tejado-almendra-pescador-niebla')).status).toBe(201);
    await login(server.url, 'nueva.persona', 'correcto caballo batería grapa');
  });

  it('admin reset: the temporary password is strong; the forced change refuses a weak one', async () => {
    const zxcvbn = new ZxcvbnFactory({ graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...es.dictionary } });
    const users = (await http<{ users: { id: string; username: string }[] }>(server.url, '/api/admin/users', { token: admin })).body.users;
    const target = users.find((u) => u.username === 'funcionario') as { id: string };
    let temp = '';
    for (let i = 0; i < 3; i++) {
      const res = await http<{ temporaryPassword: string }>(server.url, `/api/admin/users/${target.id}/reset-password`, { token: admin, body: {} });
      expect(res.status).toBe(200);
      temp = res.body.temporaryPassword;
      expect(zxcvbn.check(temp, ['funcionario', 'ventanilla', 'miraflores', 'guaviare']).score).toBe(4);
    }
    const { token } = await login(server.url, 'funcionario', temp);
    const change = (newPassword: string) => http(server.url, '/api/auth/password', { token, body: { currentPassword: temp, newPassword } });
    refusedOn(await change('funcionario2026'), 'newPassword');
    refusedOn(await change('qwertyuiop'), 'newPassword');
    const done = await change('tres-palabras-sueltas-aqui');
    expect(done.status).toBe(200);
    expect((await login(server.url, 'funcionario', 'tres-palabras-sueltas-aqui')).user.mustChangePassword).toBe(false);
  });

  it("the user's own change: a weak new password is refused with its reason, the old one still works", async () => {
    const { token } = await login(server.url, 'gobierno');
    const change = (newPassword: string) => http(server.url, '/api/auth/password', { token, body: { currentPassword: DEMO_PASSWORD, newPassword } });
    expect(refusedOn(await change('gobierno12345'), 'newPassword')).toContain('datos personales');
    refusedOn(await change('Guaviare2026'), 'newPassword');
    await login(server.url, 'gobierno', DEMO_PASSWORD);
    const done = await change('cafe-rio-hamaca-lluvia');
    expect(done.status).toBe(200);
    await login(server.url, 'gobierno', 'cafe-rio-hamaca-lluvia');
  });

  it('`npm run admin -- create-user`: a weak password is refused with the Spanish reason and nothing is created', async () => {
    const cli = (password: string) =>
      adminCliResult(['create-user', '--username', 'calamar', '--name', 'Funcionaria de Calamar', '--role', 'admin', '--municipality', '95015'], {
        DATA_DIR: server.dataDir,
        ...env,
        GEL_PASSWORD: password,
      });
    const weak = await cli('calamar12345');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('VALIDATION_FAILED');
    expect(weak.out).toMatch(/password: La contraseña es demasiado fácil de adivinar\. No debería haber datos personales/);
    expect((await http(server.url, '/api/auth/login', { body: { username: 'calamar', password: 'calamar12345' } })).status).toBe(401);

    const strong = await cli('clave-de-calamar-1');
    expect(strong.code).toBe(0);
    expect(strong.out).toContain('Created calamar (admin, 95015)');
    await login(server.url, 'calamar', 'clave-de-calamar-1');
  });
});
