// The app's one HTTP client against a real HTTP server (a small Hono app on a free port): answers
// parsed by their schema, malformed answers refused in Spanish and logged, API errors mapped to
// Spanish with their per-field messages, no answer → the offline text.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createApiClient, errorText } from '../../../src/api/client';
import { adminUsersResponseSchema, createUserSchema } from '#shared/auth';
import { AppError, zodIssues } from '#shared/errors';
import { messages as m } from '../../../src/ui/i18n/es-CO';
import { apiFailure } from '../../helpers/api-failure';

const ADMIN = { id: 'u1', username: 'admin', displayName: 'Administradora', role: 'admin', municipality: '95200', dependencia: null, mustChangePassword: false };

function testApp(): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.code === 'VALIDATION_FAILED' ? 400 : 409);
    throw err;
  });
  app.get('/api/users', (c) => c.json({ users: [{ ...ADMIN, active: true, extra: 'not in the schema' }] }));
  app.get('/api/users-malformed', (c) => c.json({ users: [{ ...ADMIN, active: 'yes' }] }));
  app.get('/api/captive-portal', (c) => c.html('<html><body>Conéctese a la red del parque</body></html>'));
  app.post('/api/users', async (c) => {
    const parsed = createUserSchema.safeParse(await c.req.json());
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Invalid user', zodIssues(parsed.error));
    return c.json({ users: [] }, 201);
  });
  app.post('/api/transition', () => {
    throw new AppError('INVALID_TRANSITION', 'No se suprimió ningún dato. La ley no lo permite todavía.');
  });
  app.get('/api/busy', (c) => c.json({ code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterSeconds: 30 } }, 429, { 'retry-after': '30' }));
  app.get('/api/expired', (c) => c.json({ code: 'UNAUTHENTICATED', message: 'token expired' }, 401));
  app.get('/api/proxy-error', (c) => c.html('<h1>502 Bad Gateway</h1>', 502));
  app.get('/api/slow', async (c) => {
    await new Promise((r) => setTimeout(r, 2_000));
    return c.json({ users: [] });
  });
  app.get('/api/echo-headers', (c) =>
    c.json({ authorization: c.req.header('authorization') ?? null, device: c.req.header('x-device-id') ?? null, pending: c.req.header('x-pending-count') ?? null }),
  );
  app.post('/api/echo-body', async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    const gzipped = c.req.header('content-encoding') === 'gzip';
    return c.json({ gzipped, text: (gzipped ? gunzipSync(raw) : raw).toString('utf8') });
  });
  app.get('/api/file.csv', (c) => c.body('a;b\r\n1;2\r\n', 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="datos.csv"' }));
  return app;
}

let server: ServerType;
let url: string;
/** A port where nothing listens: a server that was there and is gone. */
let deadUrl: string;

async function listen(app: Hono): Promise<ServerType> {
  return new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
}
const urlOf = (s: ServerType) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  server = await listen(testApp());
  url = urlOf(server);
  const gone = await listen(new Hono());
  deadUrl = urlOf(gone);
  await new Promise((r) => gone.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));
afterEach(() => vi.restoreAllMocks());

const userList = z.object({ users: z.array(z.object({ username: z.string() })) });

describe('the API client', () => {
  it('parses a valid answer by its schema (defaults applied, unknown keys dropped)', async () => {
    const client = createApiClient({ baseUrl: url });
    const { users } = await client.get('/api/users', adminUsersResponseSchema);
    expect(users).toEqual([{ ...ADMIN, active: true }]);
    expect(users[0]).not.toHaveProperty('extra');
  });

  it('refuses an answer that does not match its schema: Spanish text for the person, logged for whoever debugs', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = createApiClient({ baseUrl: url });
    const err = await apiFailure(client.get('/api/users-malformed', adminUsersResponseSchema));
    expect(err.failure).toBe('unreadable');
    expect(err.message).toBe(m.api.unreadableAnswer);
    expect(err.status).toBe(200);
    expect(err.offline).toBe(false);
    expect(errorText(err)).toBe(m.api.unreadableAnswer);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toContain('GET /api/users-malformed');
    expect(String(logged.mock.calls[0]?.[0])).toContain('active');
  });

  it('refuses a page that is not JSON at all (a captive portal answering 200)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = await apiFailure(createApiClient({ baseUrl: url }).get('/api/captive-portal', userList));
    expect(err.failure).toBe('unreadable');
    expect(err.message).toBe(m.api.unreadableAnswer);
  });

  it('maps an API error to Spanish, with the validation message of each field for the form', async () => {
    const client = createApiClient({ baseUrl: url });
    const err = await apiFailure(
      client.post('/api/users', { username: 'Ana María', displayName: 'Ana', role: 'official', municipality: '95200', password: 'corta' }, userList),
    );
    expect(err.status).toBe(400);
    expect(err.kind).toBe('fatal');
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields.password).toBe('Mínimo 10 caracteres');
    expect(err.fields.username).toBe('Solo letras minúsculas, números, punto, guion y guion bajo');
    expect(err.message).toContain(m.errors.VALIDATION_FAILED);
    expect(err.message).toContain('Mínimo 10 caracteres');
  });

  it("shows the server's own words only for the codes a call says are written for the person", async () => {
    const client = createApiClient({ baseUrl: url });
    const plain = await apiFailure(client.post('/api/transition', {}, userList));
    expect(plain.message).toBe(m.errors.INVALID_TRANSITION);
    const worded = await apiFailure(client.post('/api/transition', {}, userList, { serverWords: ['INVALID_TRANSITION'] }));
    expect(worded.message).toBe('No se suprimió ningún dato. La ley no lo permite todavía.');
  });

  it('sorts failures for the sync engine: a wait the server asked for, a session to renew, a proxy error page', async () => {
    const client = createApiClient({ baseUrl: url });
    const busy = await apiFailure(client.get('/api/busy', userList));
    expect([busy.kind, busy.status, busy.retryAfterMs, busy.message]).toEqual(['retryable', 429, 30_000, m.errors.RATE_LIMITED]);
    const expired = await apiFailure(client.get('/api/expired', userList));
    expect([expired.kind, expired.apiError.code, expired.message]).toEqual(['auth', 'UNAUTHENTICATED', m.errors.UNAUTHENTICATED]);
    const proxy = await apiFailure(client.get('/api/proxy-error', userList));
    expect([proxy.kind, proxy.status, proxy.apiError, proxy.message]).toEqual(['retryable', 502, { code: 'INTERNAL', message: 'HTTP 502' }, m.errors.INTERNAL]);
  });

  it('says "sin conexión" when no answer comes: nothing listening, or too slow', async () => {
    const down = await apiFailure(createApiClient({ baseUrl: deadUrl }).get('/api/users', userList));
    expect([down.offline, down.status, down.kind, down.message]).toEqual([true, null, 'retryable', m.api.offline]);
    const screen = await apiFailure(createApiClient({ baseUrl: deadUrl }).get('/api/users', userList, { offline: m.users.offline }));
    expect(screen.message).toBe(m.users.offline);
    const slow = await apiFailure(createApiClient({ baseUrl: url, timeoutMs: 200 }).get('/api/slow', userList));
    expect([slow.offline, slow.message]).toEqual([true, m.api.offline]);
  });

  it('sends the session token and headers, read at each call', async () => {
    let token = 'first';
    let pending = 0;
    const client = createApiClient({ baseUrl: url, getToken: () => token, headers: () => ({ 'x-device-id': 'device-1', 'x-pending-count': String(pending) }) });
    const echo = z.object({ authorization: z.string().nullable(), device: z.string().nullable(), pending: z.string().nullable() });
    expect(await client.get('/api/echo-headers', echo)).toEqual({ authorization: 'Bearer first', device: 'device-1', pending: '0' });
    token = 'second';
    pending = 3;
    expect(await client.get('/api/echo-headers', echo)).toEqual({ authorization: 'Bearer second', device: 'device-1', pending: '3' });
    expect((await createApiClient({ baseUrl: url }).get('/api/echo-headers', echo)).authorization).toBeNull();
  });

  it('gzips JSON bodies above the threshold only', async () => {
    const client = createApiClient({ baseUrl: url, gzipAbove: 100 });
    const echo = z.object({ gzipped: z.boolean(), text: z.string() });
    const big = { note: 'x'.repeat(500) };
    expect(await client.post('/api/echo-body', big, echo)).toEqual({ gzipped: true, text: JSON.stringify(big) });
    expect(await client.post('/api/echo-body', { note: 'x' }, echo)).toEqual({ gzipped: false, text: '{"note":"x"}' });
  });

  it('takes a file only of the types the call accepts, and only if its bytes pass their check', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = createApiClient({ baseUrl: url });
    const csv = await client.file('/api/file.csv', { accept: ['text/csv; charset=utf-8'] });
    expect([csv.type, csv.name, new TextDecoder().decode(csv.bytes)]).toEqual(['text/csv', 'datos.csv', 'a;b\r\n1;2\r\n']);
    const wrongType = await apiFailure(client.file('/api/file.csv', { accept: ['application/json'] }));
    expect([wrongType.failure, wrongType.message]).toEqual(['unreadable', m.api.unreadableAnswer]);
    const badBytes = await apiFailure(client.file('/api/file.csv', { accept: ['text/csv'], verify: () => false }));
    expect(badBytes.failure).toBe('unreadable');
  });
});
