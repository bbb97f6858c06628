// The public lookup with a constancia printed offline: the provisional number and the code find
// the request once the device has synced, and say plainly when it has not arrived; it is no
// oracle (unknown number and wrong code answer alike) and it is throttled like the radicado.
// A real device (Dexie on fake-indexeddb, real engine) and the real server over HTTP.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { http, serverPerTest } from '../helpers/server-process';

const fleet = serverPerTest();
const consulta = (number: string, code: string) =>
  http<string>(fleet.server.url, `/portal/consulta?radicado=${encodeURIComponent(number)}&codigo=${encodeURIComponent(code)}`);
/** The page without what the visitor typed (the form echoes the number). */
const shape = (body: string, typed: string) => body.split(typed).join('#');

describe('public lookup by provisional number', () => {
  it('finds the request after sync with its official radicado; before, says it has not arrived', async () => {
    const a = await fleet.device('funcionario');
    a.setOnline(false);
    const filed = await a.file();
    expect(filed.provisionalNumber).toMatch(/^P-[A-Z0-9]{4}-\d{4,}$/);

    const before = await consulta(filed.provisionalNumber, filed.verificationCode);
    expect(before.status).toBe(404);
    expect(before.body).toContain('todavía no haya llegado al sistema de la alcaldía');

    a.setOnline(true);
    await a.syncNow();
    const radicado = (await a.db.pqrsd.get(filed.id))?.radicado;
    expect(radicado).toMatch(/^95200-\d{4}-\d{6}$/);
    // The device says so once, with both numbers, for the official to pass on.
    const notices = async () => (await a.db.meta.get('radicadoNotices'))?.value;
    expect(await notices()).toEqual([{ id: filed.id, provisionalNumber: filed.provisionalNumber, radicado, at: expect.any(String) }]);
    await a.syncNow();
    expect(await notices()).toHaveLength(1);

    const after = await consulta(filed.provisionalNumber, filed.verificationCode);
    expect(after.status).toBe(200);
    expect(after.body).toContain(`Solicitud <span class="number">${radicado}</span>`);
    expect(after.body).toContain('ya tiene radicado oficial');
    expect(after.body).not.toContain(filed.citizen.name); // no personal data
    // Typed in lower case, with spaces around, it is the same request.
    const lower = await consulta(` ${filed.provisionalNumber.toLowerCase()} `, filed.verificationCode.toLowerCase());
    expect(lower.status).toBe(200);
    expect(lower.body).toContain(radicado);
    // The official radicado keeps working as before.
    expect((await consulta(radicado ?? '', filed.verificationCode)).status).toBe(200);
  });

  it('is no oracle: an unknown number and a wrong code get the same page, and it is throttled', async () => {
    const a = await fleet.device('funcionario');
    const filed = await a.file();
    await a.syncNow();
    const wrongCode = filed.verificationCode === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH';
    const [prefix, tag] = filed.provisionalNumber.split('-');
    const unknownNumber = `${prefix}-${tag}-9999`;
    const wrong = await consulta(filed.provisionalNumber, wrongCode);
    const unknown = await consulta(unknownNumber, filed.verificationCode);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(shape(wrong.body, filed.provisionalNumber)).toBe(shape(unknown.body, unknownNumber));
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await consulta(`${prefix}-${tag}-${String(i).padStart(4, '0')}`, wrongCode)).status);
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(5);
    expect(statuses.slice(0, firstLimited).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
  });
});
