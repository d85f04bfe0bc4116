import type { Migration } from '../migration';

/**
 * Staff records (ماده ۸–۱۱, ۳۶ ت): each person's national id, their skills certificate (number,
 * issuer, Jalali date) and, when deactivated, when, by whom and why. Rows written before this
 * migration (the manager created at setup) stay valid: every new column may be empty.
 *
 * Staff rows are never deleted — sessions, payments and audit entries point at them — so a trigger
 * refuses DELETE; deactivation (active = 0) is how someone leaves.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'staff-records',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN national_id TEXT CHECK (national_id IS NULL OR (length(national_id) = 10 AND national_id NOT GLOB '*[^0-9]*'));
      ALTER TABLE staff ADD COLUMN certificate_number TEXT CHECK (certificate_number IS NULL OR length(certificate_number) BETWEEN 1 AND 40);
      ALTER TABLE staff ADD COLUMN certificate_issuer TEXT CHECK (certificate_issuer IS NULL OR length(certificate_issuer) BETWEEN 2 AND 120);
      ALTER TABLE staff ADD COLUMN certificate_date TEXT CHECK (certificate_date IS NULL OR certificate_date GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]');
      ALTER TABLE staff ADD COLUMN deactivated_at TEXT;
      ALTER TABLE staff ADD COLUMN deactivated_by INTEGER REFERENCES staff (id);
      ALTER TABLE staff ADD COLUMN deactivation_reason TEXT;

      CREATE UNIQUE INDEX staff_national_id ON staff (national_id) WHERE national_id IS NOT NULL;

      -- a certificate is on record whole or not at all
      CREATE TRIGGER staff_certificate_whole_insert BEFORE INSERT ON staff
        WHEN (NEW.certificate_number IS NULL) + (NEW.certificate_issuer IS NULL) + (NEW.certificate_date IS NULL) NOT IN (0, 3)
        BEGIN SELECT RAISE(ABORT, 'staff certificate must be whole'); END;
      CREATE TRIGGER staff_certificate_whole_update BEFORE UPDATE OF certificate_number, certificate_issuer, certificate_date ON staff
        WHEN (NEW.certificate_number IS NULL) + (NEW.certificate_issuer IS NULL) + (NEW.certificate_date IS NULL) NOT IN (0, 3)
        BEGIN SELECT RAISE(ABORT, 'staff certificate must be whole'); END;
      CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
        BEGIN SELECT RAISE(ABORT, 'staff rows are never deleted; deactivate instead'); END;
    `);
  },
};
