// An ID number typed with thousands dots finds the request (officials copy it from the cédula).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type GelDb } from '../../../src/db/database';
import { fileRequest } from '../../../src/modules/pqrsd/file-request';
import { listRequests, type ListFilter } from '../../../src/modules/pqrsd/queries';
import { MAX_TOKENS, queryTokens, searchTokens, withoutThousandsDots } from '../../../src/modules/pqrsd/search-tokens';
import { uuidv7 } from '#shared/ids';
import { sampleFiling } from '../../helpers/fixtures';

let db: GelDb | null = null;
afterEach(async () => {
  db?.close();
  await db?.delete();
  db = null;
});

const me = { userId: 'u1', username: 'funcionario' };
const filter = (query: string): ListFilter => ({ scope: 'all', state: '', dependencia: '', query });

describe('search by ID number', () => {
  it.each([
    ['1.121.234.567', '1121234567'],
    ['52.345.678', '52345678'],
    ['3.5', '3.5'],
    ['95200-2026-000001', '95200-2026-000001'],
  ])('drops thousands dots only between digit groups of three: %s → %s', (typed, kept) => {
    expect(withoutThousandsDots(typed)).toBe(kept);
  });

  it('a query is split into the ID number without dots and the words without accents', () => {
    expect(queryTokens('María 1.121.234.567')).toEqual(['1121234567', 'maria']);
  });

  it('finds a request by the ID typed with dots, without dots, or by its start', async () => {
    db = openDb(`search-${uuidv7()}`);
    const ctx = { deviceId: uuidv7(), userId: me.userId, municipality: '95200' };
    const wanted = await fileRequest(db, ctx, sampleFiling({ citizen: { idType: 'CC', idNumber: '1121234567', name: 'Rosa Quintero', address: 'Vereda Lagos' } }));
    await fileRequest(db, ctx, sampleFiling());
    for (const q of ['1.121.234.567', '1121234567', '1.121.234']) {
      expect((await listRequests(db, filter(q), me, '2026-03-10')).map((r) => r.id), q).toEqual([wanted.id]);
    }
    expect(await listRequests(db, filter('1.121.234.568'), me, '2026-03-10')).toEqual([]);
  });
});

describe('search tokens, bounded', () => {
  const filing = sampleFiling({
    citizen: { idType: 'CC', idNumber: '1121234567', name: 'Rosa del Carmen Quintero', address: 'Vereda Lagos' },
    subject: 'Arreglo de la vía a la vereda El Progreso',
    description: Array.from({ length: 80 }, (_, i) => `palabra${i}`).join(' de la '),
  });

  it('leaves out stop words and words that start a longer one, and keeps at most MAX_TOKENS', () => {
    const { citizen, subject, description } = filing;
    const tokens = searchTokens({ radicado: null, provisionalNumber: 'P-0B3E-0001', citizen, subject, description } as Parameters<typeof searchTokens>[0]);
    expect(tokens.length).toBeLessThanOrEqual(MAX_TOKENS);
    expect(tokens).not.toContain('de');
    expect(tokens).not.toContain('la');
    expect(tokens).toEqual(expect.arrayContaining(['1121234567', 'p-0b3e-0001', 'rosa', 'carmen', 'quintero', 'arreglo', 'via', 'vereda', 'progreso']));
    // 'palabra1' starts 'palabra10'…: only the longer ones are kept, and a prefix search finds them.
    expect(tokens).not.toContain('palabra1');
    expect(tokens).toContain('palabra10');
  });

  it('a query drops its stop words, unless it holds nothing else', () => {
    expect(queryTokens('Calle de la Paz')).toEqual(['calle', 'paz']);
    expect(queryTokens('de')).toEqual(['de']);
  });

  it('finds a request by its words, with stop words in the query, by a word’s start, and not by a word past the bound', async () => {
    db = openDb(`search-${uuidv7()}`);
    const ctx = { deviceId: uuidv7(), userId: me.userId, municipality: '95200' };
    const wanted = await fileRequest(db, ctx, filing);
    await fileRequest(db, ctx, sampleFiling({ subject: 'Alumbrado público apagado', description: 'No hay luz en el parque principal desde hace una semana.' }));
    for (const q of ['rosa del carmen', 'vía a la vereda el progreso', 'palabra1', 'palabr', 'quint', 'Rosa Quintero palabra3']) {
      expect((await listRequests(db, filter(q), me, '2026-03-10')).map((r) => r.id), q).toEqual([wanted.id]);
    }
    expect(await listRequests(db, filter('palabra79'), me, '2026-03-10')).toEqual([]);
  });
});

describe('search by several words', () => {
  it('finds only the requests holding every word, newest first, within the other filters and the limit', async () => {
    db = openDb(`search-${uuidv7()}`);
    const ctx = { deviceId: uuidv7(), userId: me.userId, municipality: '95200' };
    const person = (name: string, day: number) =>
      sampleFiling({ citizen: { idType: 'CC', idNumber: `5200${day}`, name, address: 'Vereda Lagos' }, receivedAt: `2026-03-${String(day).padStart(2, '0')}T15:00:00.000Z` });
    // Many share the first word; few hold both, and their order in the index is not their age.
    for (let day = 1; day <= 12; day++) await fileRequest(db, ctx, person(`María Torres ${day}`, day));
    const older = await fileRequest(db, ctx, person('María Rojas', 3));
    const newest = await fileRequest(db, ctx, person('Rojas María Elena', 9));
    const newer = await fileRequest(db, ctx, person('María Rojas', 5));
    await fileRequest(db, ctx, person('Pedro Rojas', 7));

    expect((await listRequests(db, filter('maría rojas'), me, '2026-03-20')).map((r) => r.id)).toEqual([newest.id, newer.id, older.id]);
    expect((await listRequests(db, filter('rojas mar'), me, '2026-03-20', 2)).map((r) => r.id)).toEqual([newest.id, newer.id]);
    expect((await listRequests(db, { ...filter('maría rojas'), state: 'radicada' }, me, '2026-03-20')).map((r) => r.id)).toEqual([newest.id, newer.id, older.id]);
    expect(await listRequests(db, { ...filter('maría rojas'), state: 'respondida' }, me, '2026-03-20')).toEqual([]);
    expect(await listRequests(db, filter('maría quintero'), me, '2026-03-20')).toEqual([]);
  });
});
