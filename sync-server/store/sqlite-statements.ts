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
