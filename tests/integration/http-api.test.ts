// The HTTP boundary of the real sync server (child process): malformed input, limits,
// authentication, roles and sign-in throttling. Every failure is `{ code, message }`.
import { randomBytes } from 'node:crypto';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '#shared/errors';
import { formatRadicado } from '#shared/records';
import { SYNC_LIMITS } from '#shared/sync-protocol';
import { createMutation } from '../helpers/fixtures';
import { DEMO_PASSWORD, http, login, pullAll, startServerProcess, type ServerProcess } from '../helpers/server-process';

let server: ServerProcess;
let token: string;

async function start(): Promise<void> {
  server = await startServerProcess();
  ({ token } = await login(server.url, 'funcionario'));
}
const stop = () => server.stop();

const push = (body: unknown, headers?: Record<string, string>, as = token) =>
  http(server.url, '/api/sync/push', { token: as, body, headers });

/** How many requests the server holds for an official of 95200 (all pages; the seeded plan and portal settings aside). */
async function storedCount(): Promise<number> {
  return (await pullAll(server.url, token)).filter((c) => c.kind === 'pqrsd').length;
}

/** gzip of `mb` megabytes of one byte, made a megabyte at a time (never held whole). */
async function gzipStream(mb: number, byte: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => gz.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(1024 * 1024, byte);
  for (let i = 0; i < mb; i++) if (!gz.write(chunk)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await done;
  return Buffer.concat(out);
}

function expectError(res: { status: number; body: unknown }, status: number, code: string): void {
  expect(res.status).toBe(status);
  const parsed = apiErrorSchema.safeParse(res.body);
  expect(parsed.success, JSON.stringify(res.body)).toBe(true);
  expect(parsed.data?.code).toBe(code);
  expect(parsed.data?.message.length).toBeGreaterThan(0);
}

describe('malformed pushes', () => {
  beforeAll(start);
  afterAll(stop);

  it('answers 400 with a code and stores nothing', async () => {
    const before = await storedCount();
    const valid = { deviceId: 'device-http-0001', mutations: [createMutation()] };
    expectError(await push('this is not json'), 400, 'MALFORMED_REQUEST');
    expectError(await push('{"deviceId": "device-http-0001", "mutations": ['), 400, 'MALFORMED_REQUEST');
    expectError(await push({ mutations: valid.mutations }), 400, 'VALIDATION_FAILED');
    expectError(await push({ ...valid, deviceId: 'short' }), 400, 'VALIDATION_FAILED');
    expectError(await push({ deviceId: 'device-http-0001', mutations: 'all of them' }), 400, 'VALIDATION_FAILED');
    expectError(
      await push(new Uint8Array(Buffer.from('definitely not gzip')), { 'content-encoding': 'gzip' }),
      400,
      'MALFORMED_REQUEST',
    );
    // An encoding the server does not take: 415, saying which it takes.
    for (const encoding of ['br', 'deflate', 'gzip, gzip']) {
      const res = await push(JSON.stringify(valid), { 'content-encoding': encoding });
      expectError(res, 415, 'UNSUPPORTED_ENCODING');
      expect(res.body.details).toEqual({ accepted: ['gzip', 'identity'] });
    }
    expect((await push(JSON.stringify(valid), { 'content-encoding': 'identity' })).status).toBe(200);
    // gzip cut short (a torn upload behind a proxy that forwarded it anyway).
    const whole = gzipSync(JSON.stringify({ ...valid, mutations: [createMutation()] }));
    expectError(await push(new Uint8Array(whole.subarray(0, whole.length - 12)), { 'content-encoding': 'gzip' }), 400, 'MALFORMED_REQUEST');
    // Valid gzip of something that is not JSON.
    expectError(await push(new Uint8Array(gzipSync('nope')), { 'content-encoding': 'gzip' }), 400, 'MALFORMED_REQUEST');
    expect(await storedCount()).toBe(before + 1);
  });

  it('lists the validation issues', async () => {
    const res = await push({ mutations: [] });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'deviceId' })]));
  });

  it('refuses more than 500 mutations whole with 413 TOO_MANY_MUTATIONS; 500 go through', async () => {
    const max = SYNC_LIMITS.maxMutationsPerPush;
    const before = await storedCount();
    const tooMany = Array.from({ length: max + 1 }, () => createMutation());
    const res = await push({ deviceId: 'device-http-0001', mutations: tooMany });
    expectError(res, 413, 'TOO_MANY_MUTATIONS');
    expect(res.body.details).toEqual({ limit: max, received: max + 1 });
    expect(await storedCount()).toBe(before);

    const ok = await push({ deviceId: 'device-http-0001', mutations: tooMany.slice(0, max) });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toHaveLength(max);
    expect(ok.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    expect(ok.body.results[0].serverFields.radicado).toBe(formatRadicado('95200', 2026, before + 1));
    expect(ok.body.results.at(-1).serverFields.radicado).toBe(formatRadicado('95200', 2026, before + max));
    expect(await storedCount()).toBe(before + max);
  });

  it('takes a gzip-compressed push, and refuses a gzip bomb', async () => {
    const before = await storedCount();
    const body = { deviceId: 'device-http-0001', mutations: [createMutation(), createMutation()] };
    const res = await push(new Uint8Array(gzipSync(JSON.stringify(body))), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(await storedCount()).toBe(before + 2);

    // A few KB on the wire that inflate past the 8 MB limit.
    const bomb = gzipSync(Buffer.alloc(SYNC_LIMITS.maxInflatedBytes + 1024, 0x20));
    expect(bomb.length).toBeLessThan(SYNC_LIMITS.maxBodyBytes);
    const refused = await push(new Uint8Array(bomb), { 'content-encoding': 'gzip' });
    expectError(refused, 413, 'PAYLOAD_TOO_LARGE');
    expect(refused.body.details).toEqual({ limit: SYNC_LIMITS.maxInflatedBytes });
    // A far larger one (200 MB of spaces in ~200 KB) is stopped at the limit as it inflates, never expanded whole.
    const huge = await gzipStream(200, 0x20);
    const started = Date.now();
    expectError(await push(new Uint8Array(huge), { 'content-encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(5_000);
    // What came over the wire counts too: gzip larger than the body limit.
    const incompressible = gzipSync(randomBytes(SYNC_LIMITS.maxBodyBytes + 1024));
    const tooBig = await push(new Uint8Array(incompressible), { 'content-encoding': 'gzip' });
    expectError(tooBig, 413, 'PAYLOAD_TOO_LARGE');
    expect(tooBig.body.details).toEqual({ limit: SYNC_LIMITS.maxBodyBytes });
    expect(await storedCount()).toBe(before + 2);
  });

  it('answers brotli to a client that takes it (every browser), gzip to one that does not', async () => {
    await push({ deviceId: 'device-http-0001', mutations: Array.from({ length: 5 }, () => createMutation()) });
    const pull = (acceptEncoding: string) =>
      fetch(`${server.url}/api/sync/pull`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': acceptEncoding },
        body: JSON.stringify({ cursor: null, limit: SYNC_LIMITS.pullPageMax }),
      });
    const [br, gz, refused] = await Promise.all([pull('br, gzip'), pull('gzip, deflate'), pull('br;q=0, gzip')]);
    expect([br, gz, refused].map((r) => r.headers.get('content-encoding'))).toEqual(['br', 'gzip', 'gzip']);
    for (const r of [br, gz]) expect(r.headers.get('vary')).toMatch(/accept-encoding/i);
    // Both inflate to the same page.
    const [a, b] = (await Promise.all([br.json(), gz.json()])) as { changes: { id: string }[] }[];
    expect(a?.changes.map((c) => c.id)).toEqual(b?.changes.map((c) => c.id));
    expect(a?.changes.length).toBeGreaterThan(4);
    await refused.arrayBuffer();
  });

  it('answers gzip when the client accepts it', async () => {
    const mutations = Array.from({ length: 20 }, () => createMutation());
    const before = await storedCount();
    await push({ deviceId: 'device-http-0001', mutations });
    const res = await fetch(`${server.url}/api/sync/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ cursor: null, limit: SYNC_LIMITS.pullPageMax }),
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { changes: { kind: string }[] }).changes.filter((c) => c.kind === 'pqrsd')).toHaveLength(before + 20);
  });
});

describe('authentication and roles', () => {
  beforeAll(start);
  afterAll(stop);

  it('answers 401 UNAUTHENTICATED without a valid token', async () => {
    const before = await storedCount();
    for (const path of ['/api/sync/push', '/api/sync/pull']) {
      expectError(await http(server.url, path, { body: { deviceId: 'device-http-0001', mutations: [], cursor: null } }), 401, 'UNAUTHENTICATED');
      expectError(await http(server.url, path, { token: 'not-a-real-token', body: { cursor: null } }), 401, 'UNAUTHENTICATED');
      expectError(
        await http(server.url, path, { headers: { authorization: `Basic ${token}` }, body: { cursor: null } }),
        401,
        'UNAUTHENTICATED',
      );
    }
    expectError(await http(server.url, '/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect(await storedCount()).toBe(before);
  });

  it('a token stops working after logout; other sessions go on', async () => {
    const other = (await login(server.url, 'funcionario')).token;
    expect((await http(server.url, '/api/auth/me', { token: other })).body.user.username).toBe('funcionario');
    expect((await http(server.url, '/api/auth/logout', { token: other, body: {} })).status).toBe(200);
    expectError(await http(server.url, '/api/sync/pull', { token: other, body: { cursor: null } }), 401, 'UNAUTHENTICATED');
    expect((await http(server.url, '/api/auth/me', { token })).status).toBe(200);
  });

  it('answers 403 FORBIDDEN to an official on the admin routes', async () => {
    expectError(await http(server.url, '/api/admin/users', { token }), 403, 'FORBIDDEN');
    const created = await http(server.url, '/api/admin/users', {
      token,
      body: { username: 'intruso', displayName: 'Intruso', role: 'admin', municipality: '95200', password: 'unacontraseña123' },
    });
    expectError(created, 403, 'FORBIDDEN');

    const admin = await login(server.url, 'admin');
    const list = await http(server.url, '/api/admin/users', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: { username: string }) => u.username)).not.toContain('intruso');
    // An admin manages the users of their own municipality only.
    const elsewhere = await http(server.url, '/api/admin/users', {
      token: admin.token,
      body: { username: 'otro', displayName: 'Otro municipio', role: 'official', municipality: '95015', password: 'unacontraseña123' },
    });
    expectError(elsewhere, 403, 'FORBIDDEN');
  });

  it('a trainer pushing a request gets a per-mutation FORBIDDEN, and pulls no requests', async () => {
    const trainer = await login(server.url, 'capacitador');
    const before = await storedCount();
    const m = createMutation();
    const res = await push({ deviceId: 'device-trainer-01', mutations: [m] }, undefined, trainer.token);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { status: 'rejected', mutationId: m.id, error: expect.objectContaining({ code: 'FORBIDDEN' }) },
    ]);
    expect(await storedCount()).toBe(before);

    await push({ deviceId: 'device-http-0001', mutations: [createMutation()] });
    expect(await storedCount()).toBe(before + 1);
    const pulled = await http(server.url, '/api/sync/pull', { token: trainer.token, body: { cursor: null } });
    expect(pulled.status).toBe(200);
    expect(pulled.body.changes.filter((c: { kind: string }) => c.kind === 'pqrsd' || c.kind === 'pqrsd_event')).toEqual([]);
    // Control Interno reads requests but may not file them.
    const control = await login(server.url, 'control');
    const refused = await push({ deviceId: 'device-control-1', mutations: [createMutation()] }, undefined, control.token);
    expect(refused.body.results[0].error.code).toBe('FORBIDDEN');
    const seen = await http(server.url, '/api/sync/pull', { token: control.token, body: { cursor: null } });
    expect(seen.body.changes.filter((c: { kind: string }) => c.kind === 'pqrsd')).toHaveLength(before + 1);
  });

  it('unknown API routes answer 404 NOT_FOUND as JSON', async () => {
    expectError(await http(server.url, '/api/nothing-here', { token }), 404, 'NOT_FOUND');
  });
});

describe('sign-in throttling', () => {
  // Failures also count per client address: each test gets a server of its own.
  beforeEach(start);
  afterEach(stop);

  it('locks after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const attempt = (username: string, password: string) =>
      http(server.url, '/api/auth/login', { body: { username, password } });
    const statuses: number[] = [];
    let locked;
    for (let i = 0; i < 10; i++) {
      const res = await attempt('funcionario', 'contraseña-equivocada');
      statuses.push(res.status);
      if (res.status === 429) {
        locked = res;
        break;
      }
      expectError(res, 401, 'INVALID_CREDENTIALS');
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.length).toBeGreaterThan(3);
    expect(locked).toBeDefined();
    expectError(locked!, 429, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(locked!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const right = await attempt('funcionario', DEMO_PASSWORD);
    expectError(right, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    // A session made before the lock still works.
    expect((await http(server.url, '/api/auth/me', { token })).status).toBe(200);
  });

  it('one person locked out does not lock out colleagues on the same connection', async () => {
    for (let i = 0; i < 6; i++) await http(server.url, '/api/auth/login', { body: { username: 'funcionario', password: 'equivocada' } });
    const locked = await http(server.url, '/api/auth/login', { body: { username: 'funcionario', password: DEMO_PASSWORD } });
    expectError(locked, 429, 'TOO_MANY_ATTEMPTS');
    const colleague = await http(server.url, '/api/auth/login', { body: { username: 'comite', password: DEMO_PASSWORD } });
    expect(colleague.status).toBe(200);
  });

  it('a wrong password is 401 INVALID_CREDENTIALS, the same as an unknown user', async () => {
    const wrong = await http(server.url, '/api/auth/login', { body: { username: 'funcionario', password: 'no-es-esta' } });
    const unknown = await http(server.url, '/api/auth/login', { body: { username: 'nadie', password: 'no-es-esta' } });
    expectError(wrong, 401, 'INVALID_CREDENTIALS');
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(unknown.body).toEqual(wrong.body);
    // A success clears the failures.
    expect((await http(server.url, '/api/auth/login', { body: { username: 'FUNCIONARIO ', password: DEMO_PASSWORD } })).status).toBe(200);
  });
});
