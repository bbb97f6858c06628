// JSON nested deeper than any request needs is refused by the body reader, before anything walks
// it: 400 MALFORMED_REQUEST on every JSON route, never a 500 from a recursive walk (a push whose
// mutation data was 5,000 nested arrays crashed the budget's JSON.stringify). Real server over HTTP.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#shared/ids';
import type { MutationResult } from '#shared/sync-protocol';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../sync-server/http/read-body';
import { DEMO_PASSWORD, http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  const deep = (text: string) => jsonDepthExceeds(Buffer.from(text), 3);
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(deep('[[[1]]]')).toBe(false);
    expect(deep('[[[[1]]]]')).toBe(true);
    expect(deep('{"a":{"b":{"c":1}}}')).toBe(false);
    expect(deep('{"a":{"b":{"c":{"d":1}}}}')).toBe(true);
    expect(deep('[[["[[[[[[{{{{"]]]')).toBe(false);
    expect(deep('[[["\\"[[[[[[\\\\"]]]')).toBe(false);
    expect(deep('[[["\\\\"],[[1]]]]')).toBe(true);
    expect(deep('[1],[2],[3],[4],[5]')).toBe(false); // siblings are not depth
    expect(jsonDepthExceeds(Buffer.from(nested(100_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('over HTTP', () => {
  let server: ServerProcess;
  let admin: string;
  let official: { token: string; deviceId: string };
  beforeAll(async () => {
    server = await startServerProcess();
    admin = (await login(server.url, 'admin')).token;
    const deviceId = uuidv7();
    official = { token: (await login(server.url, 'funcionario', DEMO_PASSWORD, deviceId)).token, deviceId };
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Each JSON route with a body whose one value nests `deep` (JSON text) inside an otherwise sensible request. */
  const routes = (deep: string): { path: string; method?: string; token?: () => string; body: string }[] => [
    { path: '/api/auth/login', body: `{"username":"funcionario","password":${deep},"deviceId":"d"}` },
    { path: '/api/auth/password', token: () => official.token, body: `{"current":"${DEMO_PASSWORD}","next":${deep}}` },
    { path: '/api/sync/push', token: () => official.token, body: `{"deviceId":"${official.deviceId}","mutations":[{"id":"${uuidv7()}","kind":"pqrsd","recordId":"${uuidv7()}","op":"create","baseRev":null,"data":${deep},"at":"2026-03-10T15:00:00.000Z"}]}` },
    { path: '/api/sync/pull', token: () => official.token, body: `{"cursor":null,"limit":${deep}}` },
    { path: '/api/admin/users', token: () => admin, body: `{"username":"nuevo","displayName":${deep},"role":"official","municipality":"95200","password":"x"}` },
    { path: `/api/admin/users/${uuidv7()}`, method: 'PATCH', token: () => admin, body: `{"displayName":${deep}}` },
    { path: '/api/admin/import', token: () => admin, body: `{"format":"gel-campo/pendientes","version":2,"mutations":${deep}}` },
    { path: `/api/blobs/${'a'.repeat(64)}/start`, token: () => official.token, body: `{"size":10,"name":${deep}}` },
    { path: '/api/habeas/search', token: () => admin, body: `{"idType":"CC","idNumber":${deep}}` },
    { path: '/api/habeas/export', token: () => admin, body: `{"idType":"CC","idNumber":${deep},"format":"json"}` },
    { path: '/api/habeas/rectify', token: () => admin, body: `{"idType":"CC","idNumber":"1","changes":${deep}}` },
    { path: '/api/habeas/anonymise', token: () => admin, body: `{"idType":"CC","idNumber":"1","reason":${deep}}` },
    { path: '/api/habeas/redact', token: () => admin, body: `{"idType":"CC","idNumber":"1","fields":${deep}}` },
  ];

  it('every JSON route answers 400 MALFORMED_REQUEST to nesting past the limit, plain or gzip', async () => {
    for (const r of routes(nested(200))) {
      for (const gzip of [false, true]) {
        const res = await http(server.url, r.path, {
          method: r.method ?? 'POST',
          token: r.token?.(),
          body: gzip ? new Uint8Array(gzipSync(r.body)) : r.body,
          headers: gzip ? { 'content-encoding': 'gzip' } : {},
        });
        expect([r.path, gzip, res.status, res.body]).toEqual([
          r.path,
          gzip,
          400,
          { code: 'MALFORMED_REQUEST', message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`), details: { maxDepth: MAX_JSON_DEPTH } },
        ]);
      }
    }
    expect(server.output()).not.toMatch(/RangeError|Maximum call stack/);
  }, 60_000);

  it("the review's push (mutation data of 5,000 nested arrays) is refused whole; nesting within the limit is judged as usual", async () => {
    const [push] = routes(nested(5_000)).filter((r) => r.path === '/api/sync/push');
    const refused = await http(server.url, '/api/sync/push', { token: official.token, body: new Uint8Array(gzipSync(push!.body)), headers: { 'content-encoding': 'gzip' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'MALFORMED_REQUEST', details: { maxDepth: MAX_JSON_DEPTH } });

    // Within the limit (the push's envelope takes 3 levels): the mutation is answered, not the request.
    const [within] = routes(nested(MAX_JSON_DEPTH - 3)).filter((r) => r.path === '/api/sync/push');
    const answered = await http<{ results: MutationResult[] }>(server.url, '/api/sync/push', { token: official.token, body: within!.body });
    expect(answered.status).toBe(200);
    expect(answered.body.results).toEqual([expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) })]);
  }, 60_000);
});
