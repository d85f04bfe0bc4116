import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

/** One query with `$1` parameters. Rows come back as the driver decodes them. */
export interface SqlQuery {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The central's whole view of its database: queries, transactions, close. Two implementations run
 * the same SQL (PostgreSQL 15 features only): a `pg` pool against a real server, and PGlite in
 * process for development and tests.
 */
export interface Sql extends SqlQuery {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A pool of connections to a PostgreSQL server (`DATABASE_URL` or a pool config). */
export function pgSql(config: string | pg.PoolConfig, poolSize = 10): Sql {
  const pool = new pg.Pool(typeof config === 'string' ? { connectionString: config, max: poolSize } : { max: poolSize, ...config });
  // An idle client's network error must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Parameterised statements are prepared once per connection under a name of their own: the
  // server parses and plans the per-request queries once, not on every request.
  const names = new Map<string, string>();
  const prepared = (text: string, params?: unknown[]): pg.QueryConfig => {
    if (!params) return { text };
    let name = names.get(text);
    if (!name) names.set(text, (name = `central_${names.size + 1}`));
    return { name, text, values: params };
  };
  return {
    async query<T>(text: string, params?: unknown[]) {
      const result = await pool.query(prepared(text, params));
      return { rows: result.rows as T[] };
    },
    async tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const q: SqlQuery = {
          async query<R>(text: string, params?: unknown[]) {
            const result = await client.query(prepared(text, params));
            return { rows: result.rows as R[] };
          },
        };
        const value = await fn(q);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * PGlite: PostgreSQL in WASM, one connection. Every query and transaction is queued behind the one
 * before it, so a transaction never sees another caller's statement in the middle of it. Inside
 * `tx`, query through the `q` it hands you: the outer `query` would wait for the transaction to end.
 */
export async function pgliteSql(dataDir?: string): Promise<Sql> {
  const db = await PGlite.create(dataDir);
  let last: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => {
    const next = last.then(run, run);
    last = next.catch(() => {});
    return next;
  };
  return {
    query<T>(text: string, params?: unknown[]) {
      return exclusive(async () => ({ rows: (await db.query<T>(text, params)).rows }));
    },
    tx<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
      return exclusive(() =>
        db.transaction(async (t) =>
          fn({
            async query<R>(text: string, params?: unknown[]) {
              return { rows: (await t.query<R>(text, params)).rows };
            },
          }),
        ),
      );
    },
    async close() {
      await exclusive(() => db.close());
    },
  };
}
