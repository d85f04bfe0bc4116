import type { Database } from './sqlite';
import { stmt } from './statements';

export interface OfficeRow {
  name: string;
  code: string;
  city: string;
  createdAt: string;
  /** idle minutes before a staff screen locks (0 = never) */
  lockAfterMinutes: number;
}

export function getOffice(db: Database): OfficeRow | undefined {
  return stmt<[], OfficeRow>(db, 'SELECT name, code, city, created_at AS createdAt, lock_after_minutes AS lockAfterMinutes FROM office WHERE id = 1')
    .get();
}

export function insertOffice(db: Database, office: Omit<OfficeRow, 'createdAt' | 'lockAfterMinutes'>, now: string): void {
  stmt(db, 'INSERT INTO office (id, name, code, city, created_at) VALUES (1, ?, ?, ?, ?)').run(
    office.name,
    office.code,
    office.city,
    now,
  );
}

export function setLockAfterMinutes(db: Database, minutes: number): void {
  stmt(db, 'UPDATE office SET lock_after_minutes = ? WHERE id = 1').run(minutes);
}

/** The office's Dynamic Web TWAIN licence key, or null (docs/CAPTURE.md). */
export function dwtLicence(db: Database): string | null {
  return stmt<[], { key: string | null }>(db, 'SELECT dwt_licence AS key FROM office WHERE id = 1').get()?.key ?? null;
}

export function setDwtLicence(db: Database, key: string | null): void {
  stmt(db, 'UPDATE office SET dwt_licence = ? WHERE id = 1').run(key);
}
