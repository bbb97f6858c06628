// What a push may learn and claim, over real HTTP against the real server process, on SQLite and
// on PostgreSQL: permission is checked before anything that depends on a stored record (a value
// equal to the stored one reads exactly like a change: FORBIDDEN), a base revision the server
// never gave out is refused, and dates a device sets for when something happened are bounded by
// the server's clock (plus a day), on create and on update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, todayInBogota } from '#shared/calendar';
import { uuidv7 } from '#shared/ids';
import type { Mutation, MutationResult, PullResponse } from '#shared/sync-protocol';
import { createMutation, updateMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, startServerProcess, type ServerProcess } from '../helpers/server-process';

const cluster = postgresCluster();

const STORES: [string, () => Promise<Record<string, string>>][] = [
  ['SQLite', async () => ({ DATABASE_URL: '' })],
  ['PostgreSQL', async () => ({ DATABASE_URL: await cluster.newDatabase() })],
];

describe.each(STORES)('push integrity (%s)', (_name, env) => {
  let server: ServerProcess;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    server = await startServerProcess(await env());
    for (const u of ['funcionario', 'gobierno', 'admin']) tokens.set(u, (await login(server.url, u, undefined, `device-${u}-0001`)).token);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const push = async (username: string, mutations: unknown[]): Promise<MutationResult[]> => {
    const res = await http<{ results: MutationResult[] }>(server.url, '/api/sync/push', {
      token: tokens.get(username),
      body: { deviceId: `device-${username}-0001`, mutations },
    });
    expect(res.status).toBe(200);
    return res.body.results;
  };
  const pushOne = async (username: string, m: unknown) => (await push(username, [m]))[0] as MutationResult;
  const pulled = async (username: string, kind: string, id: string) => {
    const res = await http<PullResponse>(server.url, '/api/sync/pull', { token: tokens.get(username), body: { cursor: null, limit: 2000 } });
    return res.body.changes.find((c) => c.kind === kind && c.id === id);
  };
  const fileAtWindow = async (over: Record<string, unknown> = {}) => {
    const m = createMutation({ channel: 'presencial', ...over });
    expect(await pushOne('funcionario', m)).toMatchObject({ status: 'applied', rev: 1 });
    return m;
  };

  it("a value equal to the stored one, on another office's request, is FORBIDDEN like a change, and tells no revision", async () => {
    const filed = await fileAtWindow(); // Ventanilla única; 'gobierno' is Secretaría de Gobierno
    const same = await pushOne('gobierno', updateMutation(filed.recordId, 1, { channel: 'presencial' }));
    const different = await pushOne('gobierno', updateMutation(filed.recordId, 1, { channel: 'web' }));
    expect(different).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    expect(same).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    if (same.status !== 'rejected' || different.status !== 'rejected') return;
    expect(same.error).toEqual(different.error);
    expect(JSON.stringify(same)).not.toMatch(/"rev"/);
    // Nor does a probe of its revision, or of the value of a nested field, say more.
    for (const probe of [
      updateMutation(filed.recordId, 999_999, { channel: 'presencial' }),
      updateMutation(filed.recordId, 1, { subject: 'x' }),
      updateMutation(filed.recordId, 1, { citizen: filed.data.citizen }),
    ]) {
      expect(await pushOne('gobierno', probe)).toMatchObject({ status: 'rejected', error: same.error });
    }
    // Its own office still gets "nothing to change" answered as applied.
    expect(await pushOne('funcionario', updateMutation(filed.recordId, 1, { channel: 'presencial' }))).toMatchObject({ status: 'applied', rev: 1 });
  });

  it('a base revision above the record’s is refused, not taken as the current one', async () => {
    const filed = await fileAtWindow();
    const ahead = await pushOne('funcionario', updateMutation(filed.recordId, 999_999_999, { subject: 'Asunto sobrescrito' }));
    expect(ahead).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', details: { baseRev: 999_999_999, rev: 1 } } });
    expect(await pulled('funcionario', 'pqrsd', filed.recordId)).toMatchObject({ rev: 1, data: { subject: filed.data.subject } });
    // The revision it has is fine.
    expect(await pushOne('funcionario', updateMutation(filed.recordId, 1, { subject: 'Asunto corregido' }))).toMatchObject({ status: 'applied', rev: 2 });
  });

  it('a request received in 2099 (or a notice shown in the future) is refused and takes no radicado', async () => {
    const late = createMutation({ receivedAt: '2099-06-01T15:00:00.000Z' });
    expect(await pushOne('funcionario', late)).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'receivedAt' })] },
    });
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const notice = createMutation({ receivedAt: new Date().toISOString(), privacyNotice: { version: '2026-1', shownAt: inThreeDays } });
    expect(await pushOne('funcionario', notice)).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'privacyNotice.shownAt' })] },
    });
    // A device clock a few hours ahead is within the tolerance.
    const soon = new Date(Date.now() + 3 * 3_600_000).toISOString();
    expect(await pushOne('funcionario', createMutation({ receivedAt: soon, privacyNotice: { version: '2026-1', shownAt: soon } }))).toMatchObject({
      status: 'applied',
      serverFields: { radicado: expect.stringMatching(/^95200-20\d\d-\d{6}$/) },
    });
    expect(await pulled('funcionario', 'pqrsd', late.recordId)).toBeUndefined();
    const res = await http<PullResponse>(server.url, '/api/sync/pull', { token: tokens.get('funcionario'), body: { cursor: null, limit: 2000 } });
    expect(JSON.stringify(res.body)).not.toContain('-2099-');
  });

  it('a step dated after the server’s date is refused; one dated today is taken', async () => {
    const filed = await fileAtWindow({ receivedAt: new Date(Date.now() - 86_400_000).toISOString() });
    const step = (date: string): Mutation => ({
      id: uuidv7(),
      kind: 'pqrsd_event',
      recordId: uuidv7(),
      op: 'create',
      baseRev: null,
      data: { requestId: filed.recordId, date, note: '', action: { type: 'asignar', dependencia: 'Ventanilla única', assignee: 'Ana Gómez' } },
      at: new Date().toISOString(),
    });
    const today = todayInBogota();
    expect(await pushOne('funcionario', step(addCalendarDays(today, 3)))).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'date' })] },
    });
    expect(await pulled('funcionario', 'pqrsd', filed.recordId)).toMatchObject({ rev: 1, data: { lifecycle: { state: 'radicada' } } });
    expect(await pushOne('funcionario', step(today))).toMatchObject({ status: 'applied' });
    expect(await pulled('funcionario', 'pqrsd', filed.recordId)).toMatchObject({ data: { lifecycle: { state: 'asignada' } } });
  });

  it('an answer dated in the future is refused on update too (a data-subject request)', async () => {
    const today = todayInBogota();
    const dsr: Mutation = {
      id: uuidv7(),
      kind: 'data_subject_request',
      recordId: uuidv7(),
      op: 'create',
      baseRev: null,
      data: {
        type: 'consulta',
        right: 'conocer',
        channel: 'presencial',
        receivedOn: addCalendarDays(today, -2),
        person: { idType: 'CC', idNumber: '1234567', name: 'María Pérez', address: 'Calle 5 # 3-20' },
        description: 'Quiere saber qué datos suyos tiene la alcaldía',
      },
      at: new Date().toISOString(),
    };
    expect(await pushOne('admin', dsr)).toMatchObject({ status: 'applied', rev: 1 });
    const answer = (answeredOn: string) => ({ ...updateMutation(dsr.recordId, 1, { answer: { answeredOn, summary: 'Se le enviaron sus datos' } }), kind: 'data_subject_request' });
    expect(await pushOne('admin', answer(addCalendarDays(today, 5)))).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'answer.answeredOn' })] },
    });
    expect(await pushOne('admin', answer(today))).toMatchObject({ status: 'applied', rev: 2 });
  });
});
