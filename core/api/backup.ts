/**
 * Backups (issue 20; docs/BACKUP.md): the manager names the target folder on the hub, starts a
 * backup now, and reads the dashboard's state — the age of the last verified backup, red past the
 * limit during working hours, when the target is missing, filling up, or the last run failed.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

const kind = z.enum(['hourly', 'daily', 'monthly', 'manual']);
const count = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const backupStatus = z.object({
  /** the folder on the hub PC the backups go to; null until the manager names one */
  target: z.string().nullable(),
  targetState: z.enum(['notSet', 'ok', 'missing']),
  /** free bytes on the target's disk (null when it is missing or not set) */
  freeBytes: bytes.nullable(),
  lastVerifiedAt: s.isoInstant.nullable(),
  lastVerifiedGeneration: z.string().nullable(),
  /** database + pages of the last verified generation */
  lastBackupBytes: bytes.nullable(),
  /** minutes since the last verified backup finished */
  ageMinutes: count.nullable(),
  maxAgeMinutes: count,
  workingHours: z.boolean(),
  running: z.boolean(),
  lastRun: z
    .object({ state: z.enum(['verified', 'failed']), kind, finishedAt: s.isoInstant, problem: z.string().nullable(), detail: z.string().nullable() })
    .nullable(),
  /** why the dashboard is red: no target, target missing, never backed up, too old, filling up (free < 2 × the last backup), the last run failed */
  reasons: z.array(z.enum(['notSet', 'missing', 'never', 'old', 'filling', 'failed'])),
  red: z.boolean(),
  policy: z.object({ keepHourly: count, keepDaily: count, keepMonthly: count }),
});
export type BackupStatus = z.infer<typeof backupStatus>;

export const backupProcedures = {
  'backup.status': procedure({
    summary: 'The backups as the dashboard shows them (manager): the target, the age of the last verified backup, and why it is red.',
    access: ['manager'],
    input: z.object({}).strict(),
    output: backupStatus,
  }),
  'backup.setTarget': procedure({
    summary: 'Name the folder on the hub the backups go to (manager): it must exist, be writable, and lie outside the data folder.',
    access: ['manager'],
    input: z.object({ target: s.folderPath(4096).nullable() }).strict(),
    output: backupStatus,
  }),
  'backup.now': procedure({
    summary: 'Start a backup now (manager); it runs in the background and the status shows its outcome.',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ started: z.boolean() }),
  }),
} satisfies Record<string, ProcedureDef>;
