// A database from before file references were kept: the migration indexes the file fields of
// the records already there (so their attachments stay readable), and nothing mentioned in free
// text. On SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { postgresCluster } from '../helpers/postgres-cluster';
import { oldPostgres, withOldSqliteDir } from '../helpers/old-schema';

const cluster = postgresCluster();

const [H1, H2, H3] = ['e1', 'f2', 'a3'].map((x) => x.repeat(32)) as [string, string, string];
const ROWS: [string, string, Record<string, unknown>, string][] = [
  ['pqrsd', 'r1', { files: [{ hash: H1, name: 'cedula.jpg' }], description: `ver ${H3}` }, 'user-a'],
  ['portal_draft', 'd1', { images: [{ id: 'i1', hash: H2 }, { id: 'i2', dataUrl: 'data:image/png;base64,AA' }], body: H3 }, 'user-b'],
  ['course', 'c1', { files: [{ hash: H3 }] }, 'user-c'],
];
const INSERT = 'INSERT INTO records (municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by) VALUES ';
const MARK = 'CREATE TABLE record_files';

async function expectIndexed(store: Store) {
  const refs = async (hash: string) => (await store.fileReferences('95200', hash, null, 10)).map((r) => `${r.record.id}@${r.addedBy}`);
  expect(await refs(H1)).toEqual(['r1@user-a']);
  expect(await refs(H2)).toEqual(['d1@user-b']);
  expect(await refs(H3)).toEqual([]);
}

describe('the record_files migration', () => {
  it('indexes the records already stored, on SQLite', async () => {
    await withOldSqliteDir(
      MARK,
      (db) =>
        ROWS.forEach(([kind, id, data, by], i) =>
          db.prepare(`${INSERT} ('95200', ?, ?, 1, ?, ?, '{}', '2026-03-10T15:00:00.000Z', ?)`).run(kind, id, i + 1, JSON.stringify(data), by),
        ),
      async (_dir, file) => {
        const store = new SqliteStore(file);
        await store.migrate();
        await expectIndexed(store);
        await store.close();
      },
    );
  });

  it('indexes the records already stored, on PostgreSQL', async () => {
    const url = await cluster.newDatabase();
    await oldPostgres(url, MARK, async (pool) => {
      for (const [i, [kind, id, data, by]] of ROWS.entries()) {
        await pool.query(`${INSERT} ('95200', $1, $2, 1, $3, $4, '{}', '2026-03-10T15:00:00.000Z', $5)`, [kind, id, i + 1, JSON.stringify(data), by]);
      }
    });
    const store = new PostgresStore(url);
    await store.migrate();
    await expectIndexed(store);
    await store.close();
  });
});
