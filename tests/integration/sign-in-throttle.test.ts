// Sign-in throttling over real HTTP against the real server, on SQLite and PostgreSQL: failures
// count per (username, address) and expire, a wrong password from one address never keeps the
// person out from another, a success resets nothing elsewhere, one address spraying many
// usernames is slowed down without keeping out anyone's first tries there, IPv6 counts by /64,
// and the 429 says when to try again. Addresses come from
// X-Forwarded-For behind one trusted proxy (TRUST_PROXY_HOPS=1), as in a deployment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryAfterDetailsSchema } from '#shared/auth';
import { apiErrorSchema } from '#shared/errors';
import { postgresCluster } from '../helpers/postgres-cluster';
import { DEMO_PASSWORD, http, startServerProcess, type HttpResult, type ServerProcess } from '../helpers/server-process';
import { oldPostgres, withOldSqliteDir } from '../helpers/old-schema';

const FREE = 3;
const FREE_PER_ADDRESS = 8;
const DELAY_S = 2;
const WINDOW_S = 10;
const ENV = {
  TRUST_PROXY_HOPS: '1',
  SIGN_IN_FREE_ATTEMPTS: String(FREE),
  SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: String(FREE_PER_ADDRESS),
  SIGN_IN_DELAY_SECONDS: String(DELAY_S),
  SIGN_IN_MAX_DELAY_SECONDS: '600',
  SIGN_IN_WINDOW_SECONDS: String(WINDOW_S),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let nextAddress = 1;
/** A fresh client address for each scenario, so scenarios on one server do not share counters. */
const newAddress = () => `203.0.113.${nextAddress++}`;

const cluster = postgresCluster();

const DIALECTS: [string, () => Promise<Record<string, string>>][] = [
  ['sqlite', async () => ({})],
  ['postgres', async () => ({ DATABASE_URL: await cluster.newDatabase() })],
];

function expect429(res: HttpResult): number {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  const body = apiErrorSchema.parse(res.body);
  expect(body.code).toBe('TOO_MANY_ATTEMPTS');
  const { retryAfterSeconds } = retryAfterDetailsSchema.parse(body.details);
  // The header and the body say the same.
  expect(res.headers.get('retry-after')).toBe(String(retryAfterSeconds));
  return retryAfterSeconds;
}

describe.each(DIALECTS)('%s', (_dialect, storeEnv) => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ ...ENV, ...(await storeEnv()) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const signIn = (username: string, password: string, address: string) =>
    http(server.url, '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': address } });

  it('guesses from one address never keep the person out from another', async () => {
    const attacker = newAddress();
    const home = newAddress();
    for (let i = 0; i < FREE; i++) expect((await signIn('gobierno', `adivina-${i}`, attacker)).status).toBe(401);
    expect429(await signIn('gobierno', 'adivina-mas', attacker));
    // Even the right password waits, from the attacker's address only.
    expect429(await signIn('gobierno', DEMO_PASSWORD, attacker));
    expect((await signIn('gobierno', DEMO_PASSWORD, home)).status).toBe(200);
    // The person's success there resets nothing at the attacker's address.
    expect429(await signIn('gobierno', 'adivina-otra', attacker));
  });

  it('an unknown username goes through the same steps with the same answers', async () => {
    const address = newAddress();
    const known: HttpResult[] = [];
    const unknown: HttpResult[] = [];
    for (let i = 0; i <= FREE; i++) {
      known.push(await signIn('control', `no-es-${i}`, address));
      unknown.push(await signIn('no-existe', `no-es-${i}`, address));
    }
    expect(known.map((r) => r.status)).toEqual([...Array(FREE).fill(401), 429]);
    expect(unknown.map((r) => r.status)).toEqual(known.map((r) => r.status));
    for (let i = 0; i < FREE; i++) expect(unknown[i]?.body).toEqual(known[i]?.body);
    expect(apiErrorSchema.parse(unknown[FREE]?.body).message).toBe(apiErrorSchema.parse(known[FREE]?.body).message);
  });

  it('a success clears that person\'s failures at its own address only', async () => {
    const a = newAddress();
    const b = newAddress();
    for (let i = 0; i < FREE - 1; i++) expect((await signIn('capacitador', `casi-${i}`, a)).status).toBe(401);
    for (let i = 0; i < FREE - 1; i++) expect((await signIn('capacitador', `tecleo-${i}`, b)).status).toBe(401);
    expect((await signIn('capacitador', DEMO_PASSWORD, b)).status).toBe(200);
    // At b the allowance is whole again ...
    for (let i = 0; i < FREE; i++) expect((await signIn('capacitador', `otra-${i}`, b)).status).toBe(401);
    // ... while a still counts its own: one more failure there, then a wait.
    expect((await signIn('capacitador', 'casi-ultima', a)).status).toBe(401);
    expect429(await signIn('capacitador', 'casi-otra', a));
  });

  it('the wait grows with each failure after the allowance, and says when to try again', async () => {
    const address = newAddress();
    for (let i = 0; i < FREE; i++) expect((await signIn('comite', `mal-${i}`, address)).status).toBe(401);
    const first = expect429(await signIn('comite', 'mal', address));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(DELAY_S);
    await sleep(first * 1000 + 100);
    expect((await signIn('comite', 'mal-de-nuevo', address)).status).toBe(401);
    const second = expect429(await signIn('comite', 'mal', address));
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThanOrEqual(2 * DELAY_S);
  });

  it('failures expire after the window', async () => {
    const address = newAddress();
    for (let i = 0; i < FREE; i++) expect((await signIn('funcionario', `vieja-${i}`, address)).status).toBe(401);
    expect429(await signIn('funcionario', 'vieja', address));
    await sleep(WINDOW_S * 1000 + 500);
    // Still counted, the old failures would make the second of these wait.
    for (let i = 0; i < FREE - 1; i++) expect((await signIn('funcionario', `nueva-${i}`, address)).status).toBe(401);
    expect((await signIn('funcionario', DEMO_PASSWORD, address)).status).toBe(200);
  }, 60_000);

  it('one address trying many usernames is slowed down there only, and an account of its own does not reset it', async () => {
    const sprayer = newAddress();
    const elsewhere = newAddress();
    for (let i = 0; i < FREE_PER_ADDRESS - 1; i++) expect((await signIn(`nombre-${i}`, 'clave-comun-1', sprayer)).status).toBe(401);
    expect((await signIn('admin', DEMO_PASSWORD, sprayer)).status).toBe(200);
    expect((await signIn('nombre-ultimo', 'clave-comun-1', sprayer)).status).toBe(401);
    // Over the address's allowance, a username failing there waits after its second failure,
    // before its own allowance (FREE) would make it wait.
    expect((await signIn('nombre-0', 'clave-comun-2', sprayer)).status).toBe(401);
    expect429(await signIn('nombre-0', 'clave-comun-3', sprayer));
    expect429(await signIn('nombre-0', 'clave-comun-3', sprayer)); // a refused try is not counted, the wait stays
    expect((await signIn('funcionario', DEMO_PASSWORD, elsewhere)).status).toBe(200);
  });

  it('made-up usernames failing from an address never keep a colleague there out (the review\'s case)', async () => {
    const townHall = newAddress();
    for (let i = 0; i < 2 * FREE_PER_ADDRESS + 1; i++) expect((await signIn(`inventado-${i}`, `clave-${i}`, townHall)).status).toBe(401);
    // A first try for a username from there proceeds (and would count if it failed) ...
    expect((await signIn('comite', DEMO_PASSWORD, townHall)).status).toBe(200);
    // ... and so does a colleague who mistyped once.
    expect((await signIn('control', 'mal-escrita', townHall)).status).toBe(401);
    expect((await signIn('control', DEMO_PASSWORD, townHall)).status).toBe(200);
    // Unknown and known usernames alike: the same answers step by step.
    expect((await signIn('no-existe-aqui', 'x-1', townHall)).status).toBe(401);
    expect((await signIn('capacitador', 'x-1', townHall)).status).toBe(401);
    expect((await signIn('no-existe-aqui', 'x-2', townHall)).status).toBe(401);
    expect((await signIn('capacitador', 'x-2', townHall)).status).toBe(401);
    expect429(await signIn('no-existe-aqui', 'x-3', townHall));
    expect429(await signIn('capacitador', DEMO_PASSWORD, townHall));
  });

  it('IPv6 addresses count by their /64: a new address in the same /64 is no new start; another /64 is', async () => {
    const prefix = `2001:db8:${(nextAddress++).toString(16)}:7`;
    for (let i = 0; i < FREE; i++) expect((await signIn('gobierno', `v6-${i}`, `${prefix}::${(i + 1).toString(16)}`)).status).toBe(401);
    expect429(await signIn('gobierno', DEMO_PASSWORD, `${prefix}:ffff:ffff:ffff:1`));
    expect429(await signIn('gobierno', DEMO_PASSWORD, `[${prefix.toUpperCase()}:0:0:0:abcd]`));
    expect((await signIn('gobierno', DEMO_PASSWORD, `${prefix.slice(0, -1)}8::1`)).status).toBe(200);
    // An IPv4 client seen through a dual-stack socket is that IPv4 address.
    const v4 = newAddress();
    for (let i = 0; i < FREE; i++) expect((await signIn('gobierno', `v4-${i}`, v4)).status).toBe(401);
    expect429(await signIn('gobierno', DEMO_PASSWORD, `::ffff:${v4}`));
  });
});

describe('failure rows from before the upgrade', () => {
  // The per-username lock rows of the previous schema, one of them locking gobierno for a year.
  const OLD_ROWS = [
    ['user:gobierno', 40, '2099-01-01T00:00:00.000Z'],
    ['addr:127.0.0.1', 400, '2099-01-01T00:00:00.000Z'],
  ] as const;
  const MARK = 'CREATE TABLE sign_in_failures';

  it('SQLite: the migration drops them and nobody stays locked out', async () => {
    await withOldSqliteDir(
      MARK,
      (db) => {
        for (const row of OLD_ROWS) db.prepare('INSERT INTO login_failures (key, count, locked_until) VALUES (?, ?, ?)').run(...row);
      },
      async (dir) => {
        const server = await startServerProcess({ DATA_DIR: dir });
        try {
          expect((await http(server.url, '/api/auth/login', { body: { username: 'gobierno', password: DEMO_PASSWORD } })).status).toBe(200);
        } finally {
          await server.stop();
        }
      },
    );
  });

  it('PostgreSQL: the migration drops them and nobody stays locked out', async () => {
    const url = await cluster.newDatabase();
    await oldPostgres(url, MARK, async (pool) => {
      for (const row of OLD_ROWS) await pool.query('INSERT INTO login_failures (key, count, locked_until) VALUES ($1, $2, $3)', [...row]);
    });
    const server = await startServerProcess({ DATABASE_URL: url });
    try {
      expect((await http(server.url, '/api/auth/login', { body: { username: 'gobierno', password: DEMO_PASSWORD } })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
