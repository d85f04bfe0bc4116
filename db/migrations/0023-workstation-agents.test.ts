import { describe, expect, it } from 'vitest';
import { databaseAt, migrateTo } from '../../test/support/migrationRows';

describe('migration 0023 — workstation agents', () => {
  it('keeps a counter’s scanner setting, lets it name its workstation’s scanner, and stores a page of a job at most once', () => {
    const db = databaseAt(22);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('m', 'م', 'manager', 'x', '2026-01-01T00:00:00.000Z')").run();
    const counter = db.prepare('SELECT id FROM counter ORDER BY id LIMIT 1').pluck().get() as number;
    db.prepare("INSERT INTO scanner_setting (counter_id, driver, device_id, label, source, dpi, color_mode, updated_at) VALUES (?, 'sane', 'test:0', 'اسکنر', 'adf', 300, 'grey', '2026-01-01T00:00:00.000Z')").run(counter);
    expect(() => db.prepare("UPDATE scanner_setting SET driver = 'workstation'").run()).toThrow(/CHECK/);
    migrateTo(db, 23);
    expect(db.pragma('user_version', { simple: true })).toBe(23);
    // the setting survived the table's rebuild, and may now be a workstation's scanner
    expect(db.prepare('SELECT driver, device_id AS deviceId FROM scanner_setting').get()).toEqual({ driver: 'sane', deviceId: 'test:0' });
    db.prepare("UPDATE scanner_setting SET driver = 'workstation', device_id = 'sane:test:0'").run();
    expect(() => db.prepare("UPDATE scanner_setting SET driver = 'usb'").run()).toThrow(/CHECK/);

    db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('counter', 'باجه', 'h', '2026-01-01T00:00:00.000Z', 1)").run();
    db.prepare("INSERT INTO agent_job (id, device_id, kind, job, target, created_at) VALUES ('j1', 1, 'scan', '{}', '{}', '2026-01-01T00:00:00.000Z')").run();
    expect(() => db.prepare("INSERT INTO agent_job (id, device_id, kind, job, target, created_at) VALUES ('j2', 1, 'fax', '{}', '{}', '2026-01-01T00:00:00.000Z')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO agent_job (id, device_id, kind, job, target, created_at) VALUES ('j3', 99, 'scan', '{}', '{}', '2026-01-01T00:00:00.000Z')").run()).toThrow(/FOREIGN KEY/);
    const page = db.prepare("INSERT INTO agent_page (job_id, seq, sha256, page_id, received_at) VALUES ('j1', ?, 'abc', 'p', '2026-01-01T00:00:00.000Z')");
    page.run(0);
    expect(() => page.run(0)).toThrow(/UNIQUE|PRIMARY KEY/);
    // a print or pay job's outcome, as its agent reported it: JSON or nothing
    db.prepare("UPDATE agent_job SET outcome = '{\"ok\":true}' WHERE id = 'j1'").run();
    expect(() => db.prepare("UPDATE agent_job SET outcome = 'not json' WHERE id = 'j1'").run()).toThrow(/CHECK/);
    db.close();
  });
});
