/**
 * The query plans of what a db/ function runs: `plannedStatements(db, () => q.f(db, …))` calls the
 * real function and, for each statement it executes, asks SQLite for `EXPLAIN QUERY PLAN` of that
 * statement's own SQL with the same bound parameters. The SQL is never written twice: a test names
 * the function, not its text (db/queryPlans.test.ts).
 *
 * Install it on a fresh connection (`watchPlans(db)`) before any query function runs, since db/
 * compiles each statement once per connection (db/statements.ts) and only new ones can be watched.
 */
import type { Database } from '../../db/sqlite';

export interface PlannedStatement {
  /** the statement's SQL, as the db/ function prepared it */
  readonly sql: string;
  /** EXPLAIN QUERY PLAN's `detail` lines, in order */
  readonly plan: readonly string[];
}

type Runner = (...args: unknown[]) => unknown;
const RUNNERS = ['get', 'all', 'run', 'iterate'] as const;
const watched = new WeakMap<Database, { current: PlannedStatement[] | null }>();

/** Wraps `db.prepare` so the statements prepared from now on report their plans while a recording runs. */
export function watchPlans(db: Database): void {
  if (watched.has(db)) return;
  const state: { current: PlannedStatement[] | null } = { current: null };
  watched.set(db, state);
  const prepare = db.prepare.bind(db) as (source: string) => Record<(typeof RUNNERS)[number], Runner>;
  const explain = (source: string, args: unknown[]): string[] =>
    (prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as { detail: string }[]).map((r) => r.detail);
  (db as unknown as { prepare: (source: string) => unknown }).prepare = (source: string) => {
    const statement = prepare(source);
    for (const name of RUNNERS) {
      const run = statement[name].bind(statement);
      statement[name] = (...args: unknown[]) => {
        state.current?.push({ sql: source, plan: explain(source, args) });
        return run(...args);
      };
    }
    return statement;
  };
}

/** Runs `work` and returns the plan of every statement it executed, in order. */
export function plannedStatements(db: Database, work: () => unknown): PlannedStatement[] {
  const state = watched.get(db);
  if (!state) throw new Error('watchPlans(db) first, on a fresh connection');
  const out: PlannedStatement[] = [];
  state.current = out;
  try {
    const result = work();
    // an iterator runs its statement only when read
    if (result && typeof result === 'object' && Symbol.iterator in result && !Array.isArray(result) && !(result instanceof Map) && !(result instanceof Set)) {
      for (const _ of result as Iterable<unknown>) void _;
    }
  } finally {
    state.current = null;
  }
  return out;
}

/**
 * The plan lines that read a table whole: `SCAN ticket` (or its alias, `SCAN rc`) without an index,
 * or `SCAN ticket USING INDEX x` through an index `x` that is not partial (every row, in the index's
 * order). A scan of a partial index (`… WHERE status = 'waiting'`) reads only the rows it holds, and
 * a table-valued function (`json_each`) only its argument: both pass.
 */
export function unboundedReads(db: Database, plan: readonly string[]): string[] {
  const partial = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql LIKE '% WHERE %'").pluck().all() as string[]);
  return plan.filter((line) => {
    const m = /^SCAN (\w+)(?: AS \w+)?( VIRTUAL TABLE)?(?: USING (?:COVERING )?INDEX (\w+))?/.exec(line);
    if (!m || m[2] !== undefined) return false;
    return m[3] === undefined || !partial.has(m[3]);
  });
}
