import type Database from 'better-sqlite3';

export type Prepare = (sql: string) => Database.Statement;

/**
 * better-sqlite3 parses the SQL again at every prepare(); a push runs the same few statements
 * thousands of times, so each is prepared once per connection (the profile of `npm run bench`
 * showed prepare() as the heaviest function of the server).
 */
export function statementCache(db: Database.Database): Prepare {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/**
 * Rows per multi-row statement: a few fixed sizes keep the statement cache small (100 rows are
 * one statement of 64, one of 32 and one of 4), far below SQLite's 32,766 parameters.
 */
const CHUNKS = [64, 32, 16, 8, 4, 2, 1];

/**
 * Runs `sqlOf(n)` (a statement taking n rows) over `rows` in as few statements as the chunk
 * sizes allow: SQLite runs in-process, but each statement still costs its own bind and step.
 */
export function runInChunks(prep: Prepare, sqlOf: (n: number) => string, rows: readonly (readonly unknown[])[]): void {
  let i = 0;
  while (i < rows.length) {
    const n = CHUNKS.find((c) => c <= rows.length - i) ?? 1;
    const params: unknown[] = [];
    for (let j = i; j < i + n; j++) params.push(...(rows[j] as unknown[]));
    prep(sqlOf(n)).run(...params);
    i += n;
  }
}

const values = new Map<string, string>();

/** `VALUES (?, …), (?, …)`: n rows of `width` parameters (made once per shape). */
export function valuesOf(n: number, width: number): string {
  const key = `${n}x${width}`;
  let text = values.get(key);
  if (text === undefined) {
    const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    text = `VALUES ${Array.from({ length: n }, () => row).join(', ')}`;
    values.set(key, text);
  }
  return text;
}
