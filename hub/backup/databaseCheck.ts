/**
 * The reading part of a backup's verification (hub/backup/verify.ts): its database opens with the
 * key, passes `integrity_check`, is at the schema version its manifest names, and its audit chain
 * verifies; then every page file the manifest names has its size and digest. Reading a database of
 * hundreds of MB and a page store of GB takes seconds to minutes, so the hub runs it in a thread of
 * its own (./checkThread.ts): the backup is files of its own, not the hub's, and any connection may
 * read them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { integrityCheck, openBackupDatabase, schemaVersion } from '../../db/backups';
import { DatabaseKeyError } from '../../db/open';
import { verify as verifyAudit } from '../audit/auditLog';

export const databaseCheckJob = z
  .object({
    file: z.string().min(1),
    /** the office key (a Buffer arrives in a thread as a Uint8Array) */
    key: z.instanceof(Uint8Array).refine((k) => k.length === 32, { message: 'a 32-byte key' }),
    schemaVersion: z.number().int().positive(),
    /** the page files to check: where each is, its name to report, and what the manifest says of it */
    pages: z.array(z.object({ file: z.string().min(1), name: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),
  })
  .strict();
export type DatabaseCheckJob = z.infer<typeof databaseCheckJob>;

export const databaseCheck = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), auditEntries: z.number().int().nonnegative() }).strict(),
  z.object({ outcome: z.literal('wrongKey') }).strict(),
  z.object({ outcome: z.literal('corrupt') }).strict(),
  z.object({ outcome: z.literal('auditBroken'), brokenAt: z.number().int() }).strict(),
  /** the first page file missing or not as its manifest says */
  z.object({ outcome: z.literal('pageBad'), name: z.string() }).strict(),
  /** anything else that went wrong, to be thrown where the check was asked for */
  z.object({ outcome: z.literal('error'), message: z.string(), code: z.string().nullable() }).strict(),
]);
export type DatabaseCheck = z.infer<typeof databaseCheck>;

type Job = { file: string; key: Buffer; schemaVersion: number; pages: DatabaseCheckJob['pages'] };

/** The database, then the page files; the first thing wrong is the answer. */
export function checkBackup(job: Job): DatabaseCheck {
  const db = checkBackupDatabase(job);
  if (db.outcome !== 'ok') return db;
  for (const page of job.pages) {
    let data: Buffer;
    try {
      data = readFileSync(page.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'pageBad', name: page.name };
      return errorOutcome(err);
    }
    if (data.length !== page.bytes || createHash('sha256').update(data).digest('hex') !== page.sha256) return { outcome: 'pageBad', name: page.name };
  }
  return db;
}

function checkBackupDatabase(job: Job): DatabaseCheck {
  try {
    const db = openBackupDatabase(job.file, job.key);
    try {
      if (integrityCheck(db) !== 'ok') return { outcome: 'corrupt' };
      if (schemaVersion(db) !== job.schemaVersion) return { outcome: 'corrupt' };
      const chain = verifyAudit(db);
      if (!chain.ok) return { outcome: 'auditBroken', brokenAt: chain.brokenAt };
      return { outcome: 'ok', auditEntries: chain.entries };
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof DatabaseKeyError) return { outcome: 'wrongKey' };
    const message = String((err as Error).message);
    if (/malformed|not a database|corrupt|hmac/i.test(message)) return { outcome: 'corrupt' };
    return errorOutcome(err);
  }
}

/** What went wrong otherwise, with the system's code (EIO, ENODEV…) for the caller to name the problem. */
function errorOutcome(err: unknown): DatabaseCheck {
  const code = (err as { code?: unknown } | null)?.code;
  return { outcome: 'error', message: String((err as Error).message).slice(0, 500), code: typeof code === 'string' ? code : null };
}
