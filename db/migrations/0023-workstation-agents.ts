import type { Migration } from '../migration';

/**
 * Workstations' device agents (docs/WORKSTATIONS.md): what each paired counter or kiosk PC reported
 * it has, the jobs routed to it (kind-tagged: scan, print, pay) and, for a scan, each page it sent by
 * its number on the workstation — at most once (the primary key), so a page resent after a lost
 * answer or a restart is recognised and not stored twice. A print or pay job keeps the outcome the
 * agent reported (`outcome`: a pay job's approval or terminal error). A counter's scanner setting may now name
 * its workstation's scanner (driver `workstation`).
 */
export const migration0023: Migration = {
  version: 23,
  name: 'workstation-agents',
  up(db) {
    db.exec(`
      CREATE TABLE agent_workstation (
        device_id INTEGER PRIMARY KEY REFERENCES device(id),
        agent_version TEXT NOT NULL,
        contract_version INTEGER NOT NULL,
        devices TEXT NOT NULL CHECK (json_valid(devices)),
        hello_at TEXT NOT NULL,
        address TEXT
      );
      CREATE TABLE agent_job (
        id TEXT PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES device(id),
        kind TEXT NOT NULL CHECK (kind IN ('scan', 'print', 'pay')),
        job TEXT NOT NULL CHECK (json_valid(job)),
        target TEXT NOT NULL CHECK (json_valid(target)),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'failed', 'cancelled')),
        next_seq INTEGER NOT NULL DEFAULT 0 CHECK (next_seq >= 0),
        total INTEGER CHECK (total >= 0),
        error_code TEXT,
        outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome)),
        created_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE INDEX agent_job_open ON agent_job (device_id) WHERE state = 'open';
      CREATE TABLE agent_page (
        job_id TEXT NOT NULL REFERENCES agent_job(id),
        seq INTEGER NOT NULL CHECK (seq >= 0),
        sha256 TEXT NOT NULL,
        page_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) WITHOUT ROWID;

      -- a counter's scanner may be its workstation's (driver 'workstation', reached through the agent)
      CREATE TABLE scanner_setting_new (
        counter_id INTEGER PRIMARY KEY REFERENCES counter(id),
        driver TEXT NOT NULL CHECK (driver IN ('sane', 'escl', 'dwt', 'folder', 'workstation')),
        device_id TEXT NOT NULL,
        label TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('flatbed', 'adf', 'adfDuplex')),
        dpi INTEGER NOT NULL CHECK (dpi BETWEEN 75 AND 1200),
        color_mode TEXT NOT NULL CHECK (color_mode IN ('color', 'grey', 'bw')),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES staff(id)
      ) STRICT;
      INSERT INTO scanner_setting_new SELECT counter_id, driver, device_id, label, source, dpi, color_mode, updated_at, updated_by FROM scanner_setting;
      DROP TABLE scanner_setting;
      ALTER TABLE scanner_setting_new RENAME TO scanner_setting;
    `);
  },
};
