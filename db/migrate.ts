import type { Database } from './sqlite';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations';

export class DatabaseFromTheFutureError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`database schema version ${found} is newer than this program knows (${known}); refusing to open it`);
    this.name = 'DatabaseFromTheFutureError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Bring the schema up to date. Each pending migration runs in its own IMMEDIATE transaction
 * together with the `user_version` bump, so a crash leaves the database at a whole version.
 * A database written by a newer program is refused, never "downgraded".
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): { from: number; to: number } {
  assertOrdered(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseFromTheFutureError(from, latest);

  for (const m of migrations) {
    if (m.version <= schemaVersion(db)) continue;
    db.transaction(() => {
      m.up(db);
      // PRAGMA takes no bound parameters; the version is an integer we own.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
