import type { Database } from './sqlite';
import { stmt } from './statements';

export interface OfficeRow {
  name: string;
  code: string;
  city: string;
  createdAt: string;
}

export function getOffice(db: Database): OfficeRow | undefined {
  return stmt<[], OfficeRow>(db, 'SELECT name, code, city, created_at AS createdAt FROM office WHERE id = 1')
    .get();
}

export function insertOffice(db: Database, office: Omit<OfficeRow, 'createdAt'>, now: string): void {
  stmt(db, 'INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, ?, ?, ?)').run(
    office.name,
    office.code,
    office.city,
    now,
  );
}
