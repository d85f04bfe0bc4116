import type { Database } from './sqlite';
import type Sqlite from 'better-sqlite3-multiple-ciphers';

const cache = new WeakMap<Database, Map<string, Sqlite.Statement>>();

/**
 * A prepared statement, compiled once per connection and reused: compiling costs tens of
 * microseconds, and the queue's hot paths run a dozen statements per call.
 */
export function stmt<P extends unknown[] | {} = unknown[], R = unknown>(db: Database, sql: string): Sqlite.Statement<P, R> {
  let map = cache.get(db);
  if (!map) cache.set(db, (map = new Map()));
  let s = map.get(sql);
  if (!s) map.set(sql, (s = db.prepare(sql)));
  return s as unknown as Sqlite.Statement<P, R>;
}
