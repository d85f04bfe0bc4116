import { describe, expect, it } from 'vitest';
import { databaseAt, migrateTo } from '../../test/support/migrationRows';

describe('migration 0027 — a workstation’s chosen printer and terminal', () => {
  it('keeps each report, adds an empty choice, and a new report leaves the choice as it was', () => {
    const db = databaseAt(26);
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('m', 'م', 'manager', 'x', '2026-01-01T00:00:00.000Z')").run();
    db.prepare("INSERT INTO device (kind, name, credential_hash, paired_at, paired_by) VALUES ('counter', 'باجه', 'h', '2026-01-01T00:00:00.000Z', 1)").run();
    db.prepare("INSERT INTO agent_workstation (device_id, agent_version, contract_version, devices, hello_at) VALUES (1, '0.1.0', 1, '[]', '2026-01-01T00:00:00.000Z')").run();
    migrateTo(db, 27);
    expect(db.pragma('user_version', { simple: true })).toBe(27);
    expect(db.prepare('SELECT agent_version AS v, printer_choice AS p, terminal_choice AS t FROM agent_workstation').get()).toEqual({ v: '0.1.0', p: null, t: null });
    db.prepare("UPDATE agent_workstation SET printer_choice = 'cups:receipts', terminal_choice = 'sadad:http://127.0.0.1:8000'").run();
    db.prepare(
      `INSERT INTO agent_workstation (device_id, agent_version, contract_version, devices, hello_at) VALUES (1, '0.2.0', 1, '[]', '2026-01-02T00:00:00.000Z')
       ON CONFLICT (device_id) DO UPDATE SET agent_version = excluded.agent_version, devices = excluded.devices, hello_at = excluded.hello_at`,
    ).run();
    expect(db.prepare('SELECT agent_version AS v, printer_choice AS p FROM agent_workstation').get()).toEqual({ v: '0.2.0', p: 'cups:receipts' });
    expect(() => db.prepare("UPDATE agent_workstation SET printer_choice = ''").run()).toThrow(/CHECK/);
    db.close();
  });
});
