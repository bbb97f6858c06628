// The server as it runs in production: compiled by esbuild and started with plain node (no
// tsx), answering /api/health only while its database answers, and stopping gracefully: a
// push in flight when SIGTERM arrives is committed and answered before the process exits.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMutation } from '../helpers/fixtures';
import { startPostgres } from '../helpers/postgres';
import { http, login, REPO_ROOT, startServerProcess, type ServerProcess } from '../helpers/server-process';

let server: ServerProcess;

beforeAll(async () => {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT, stdio: 'inherit' });
  server = await startServerProcess({}, { compiled: true });
}, 60_000);
afterAll(() => server.stop());

describe('production server', () => {
  it('runs the compiled bundle with node and reports the database up', async () => {
    const res = await http<{ ok: boolean; database: string }>(server.url, '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, database: 'up' });
    expect(server.output()).not.toMatch(/tsx/);
  });

  it('compresses what it generates per request: portal pages and the sitemap', async () => {
    for (const path of ['/portal', '/portal/transparencia', '/sitemap.xml']) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBe('gzip');
      expect((await res.text()).length, path).toBeGreaterThan(200);
    }
  });

  it('finishes a push in flight on SIGTERM, then exits 0; the changes are there after a restart', async () => {
    const { token } = await login(server.url, 'funcionario');
    const mutations = Array.from({ length: 400 }, () => createMutation());
    const body = Buffer.from(JSON.stringify({ deviceId: 'device-graceful-01', mutations }));
    // The push is on the wire (half its body sent) when the signal comes, whatever the machine's load.
    const req = request(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    const half = Math.floor(body.length / 2);
    await new Promise<void>((resolve) => req.write(body.subarray(0, half), () => resolve()));
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    req.end(body.subarray(half));
    const raw = await answered;
    await exited;
    const answer = { status: raw.status, body: JSON.parse(raw.text) as { results: { status: string }[] } };
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(400);
    expect(answer.body.results.every((r) => r.status === 'applied')).toBe(true);
    expect(server.output()).toMatch(/SIGTERM: finishing requests in flight/);
    expect(server.output()).toMatch(/\[exit code=0 signal=null\]/);

    await server.restart();
    const again = await login(server.url, 'funcionario');
    const replay = await http<{ results: { status: string }[] }>(server.url, '/api/sync/push', {
      token: again.token,
      body: { deviceId: 'device-graceful-01', mutations: mutations.slice(0, 5) },
    });
    // Receipts were committed with the records: a replay is answered from them, nothing twice.
    expect(replay.body.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
  }, 60_000);
});

describe('health on PostgreSQL', () => {
  it('answers 503 with database down while PostgreSQL is stopped', async () => {
    const cluster = await startPostgres();
    const pgServer = await startServerProcess({ DATABASE_URL: cluster.url }, { compiled: true });
    try {
      expect((await http(pgServer.url, '/api/health')).body).toEqual({ ok: true, database: 'up' });
      await cluster.stop();
      const down = await http<{ ok: boolean; database: string }>(pgServer.url, '/api/health');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ ok: false, database: 'down' });
    } finally {
      await pgServer.stop();
      await cluster.stop();
    }
  }, 90_000);
});
