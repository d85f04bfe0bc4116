import type { Database } from './sqlite';

/** One numbered schema change. `up` runs inside a transaction the runner opens. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
