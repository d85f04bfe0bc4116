/**
 * Workstations' device agents (migration 0023, docs/WORKSTATIONS.md): the devices each reported,
 * the jobs routed to each, and the pages received per job by their number on the workstation.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

export interface WorkstationRow {
  deviceId: number;
  name: string;
  kind: string;
  agentVersion: string;
  contractVersion: number;
  devices: string;
  helloAt: string;
  /** the manager's choice among the printers (terminals) it reported; null: the first reported */
  printerChoice: string | null;
  terminalChoice: string | null;
}

export function saveWorkstationHello(db: Database, row: { deviceId: number; agentVersion: string; contractVersion: number; devices: unknown; at: string; address: string | null }): void {
  stmt(
    db,
    `INSERT INTO agent_workstation (device_id, agent_version, contract_version, devices, hello_at, address) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET agent_version = excluded.agent_version, contract_version = excluded.contract_version,
       devices = excluded.devices, hello_at = excluded.hello_at, address = excluded.address`,
  ).run(row.deviceId, row.agentVersion, row.contractVersion, JSON.stringify(row.devices), row.at, row.address);
}

/** The manager's choice of the printer or terminal a workstation uses (null: the first it reports). */
export function setWorkstationChoice(db: Database, deviceId: number, type: 'printer' | 'terminal', id: string | null): void {
  stmt(db, type === 'printer' ? 'UPDATE agent_workstation SET printer_choice = ? WHERE device_id = ?' : 'UPDATE agent_workstation SET terminal_choice = ? WHERE device_id = ?').run(id, deviceId);
}

/** Workstations whose agent said hello at least once, on devices not revoked. */
export function workstations(db: Database): WorkstationRow[] {
  return stmt<[], WorkstationRow>(
    db,
    `SELECT w.device_id AS deviceId, d.name, d.kind, w.agent_version AS agentVersion, w.contract_version AS contractVersion, w.devices, w.hello_at AS helloAt, w.printer_choice AS printerChoice, w.terminal_choice AS terminalChoice
     FROM agent_workstation w JOIN device d ON d.id = w.device_id WHERE d.revoked_at IS NULL ORDER BY d.name, w.device_id`,
  ).all();
}

export function workstation(db: Database, deviceId: number): WorkstationRow | null {
  return (
    stmt<[number], WorkstationRow>(
      db,
      `SELECT w.device_id AS deviceId, d.name, d.kind, w.agent_version AS agentVersion, w.contract_version AS contractVersion, w.devices, w.hello_at AS helloAt, w.printer_choice AS printerChoice, w.terminal_choice AS terminalChoice
       FROM agent_workstation w JOIN device d ON d.id = w.device_id WHERE w.device_id = ?`,
    ).get(deviceId) ?? null
  );
}

export type AgentJobState = 'open' | 'done' | 'failed' | 'cancelled';

export interface AgentJobRow {
  id: string;
  deviceId: number;
  kind: 'scan' | 'print' | 'pay';
  job: string;
  target: string;
  state: AgentJobState;
  nextSeq: number;
  total: number | null;
  errorCode: string | null;
  /** a print or pay job's reported outcome (JSON), once reported */
  outcome: string | null;
  createdAt: string;
  endedAt: string | null;
}

const JOB_COLUMNS = `id, device_id AS deviceId, kind, job, target, state, next_seq AS nextSeq, total, error_code AS errorCode, outcome, created_at AS createdAt, ended_at AS endedAt`;

export function insertAgentJob(db: Database, row: { id: string; deviceId: number; kind: AgentJobRow['kind']; job: unknown; target: unknown; at: string }): void {
  stmt(db, 'INSERT INTO agent_job (id, device_id, kind, job, target, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(row.id, row.deviceId, row.kind, JSON.stringify(row.job), JSON.stringify(row.target), row.at);
}

export function agentJob(db: Database, id: string): AgentJobRow | null {
  return stmt<[string], AgentJobRow>(db, `SELECT ${JOB_COLUMNS} FROM agent_job WHERE id = ?`).get(id) ?? null;
}

export function openAgentJobs(db: Database, deviceId: number): AgentJobRow[] {
  return stmt<[number], AgentJobRow>(db, `SELECT ${JOB_COLUMNS} FROM agent_job WHERE device_id = ? AND state = 'open' ORDER BY created_at, id`).all(deviceId);
}

/**
 * The pay job through which a workstation's terminal approved the sale of order `orderId`, if one did
 * (a sale taken on a workstation: its reversal goes to the same workstation's terminal).
 */
export function approvedSaleJob(db: Database, orderId: string): AgentJobRow | null {
  return (
    stmt<[string], AgentJobRow>(
      db,
      `SELECT ${JOB_COLUMNS} FROM agent_job WHERE kind = 'pay' AND state = 'done' AND json_extract(job, '$.reference') = ? AND json_extract(job, '$.reverse') IS NULL ORDER BY ended_at DESC, id LIMIT 1`,
    ).get(orderId) ?? null
  );
}

/** The page stored under (job, seq), if any. */
export function agentPage(db: Database, jobId: string, seq: number): { sha256: string; pageId: string } | null {
  return stmt<[string, number], { sha256: string; pageId: string }>(db, 'SELECT sha256, page_id AS pageId FROM agent_page WHERE job_id = ? AND seq = ?').get(jobId, seq) ?? null;
}

export function agentPages(db: Database, jobId: string): Array<{ seq: number; sha256: string; pageId: string }> {
  return stmt<[string], { seq: number; sha256: string; pageId: string }>(db, 'SELECT seq, sha256, page_id AS pageId FROM agent_page WHERE job_id = ? ORDER BY seq').all(jobId);
}

/** Records page `seq` of the job and moves `next_seq` past it; throws (primary key) if it is already there. */
export function insertAgentPage(db: Database, row: { jobId: string; seq: number; sha256: string; pageId: string; at: string }): void {
  stmt(db, 'INSERT INTO agent_page (job_id, seq, sha256, page_id, received_at) VALUES (?, ?, ?, ?, ?)').run(row.jobId, row.seq, row.sha256, row.pageId, row.at);
  stmt(db, 'UPDATE agent_job SET next_seq = ? + 1 WHERE id = ? AND next_seq = ?').run(row.seq, row.jobId, row.seq);
}

export function setAgentJobTotal(db: Database, id: string, total: number, errorCode: string | null): void {
  stmt(db, "UPDATE agent_job SET total = ?, error_code = ? WHERE id = ? AND state = 'open'").run(total, errorCode, id);
}

export function endAgentJob(db: Database, id: string, state: Exclude<AgentJobState, 'open'>, errorCode: string | null, at: string): void {
  stmt(db, "UPDATE agent_job SET state = ?, error_code = coalesce(?, error_code), ended_at = ? WHERE id = ? AND state = 'open'").run(state, errorCode, at, id);
}

/** A print or pay job's end as its agent reported it; false when the job was no longer open (the report is a duplicate). */
export function endAgentJobWithOutcome(db: Database, id: string, state: Exclude<AgentJobState, 'open'>, errorCode: string | null, outcome: unknown, at: string): boolean {
  return stmt(db, "UPDATE agent_job SET state = ?, error_code = ?, outcome = ?, ended_at = ? WHERE id = ? AND state = 'open'").run(state, errorCode, outcome === null ? null : JSON.stringify(outcome), at, id).changes === 1;
}

/** Print and pay jobs still open with nobody waiting for them (the hub stopped while they ran): closed, never delivered again. */
export function abandonDeviceJobs(db: Database, at: string): number {
  return stmt(db, "UPDATE agent_job SET state = 'failed', error_code = 'ABANDONED', ended_at = ? WHERE state = 'open' AND kind IN ('print', 'pay')").run(at).changes;
}
