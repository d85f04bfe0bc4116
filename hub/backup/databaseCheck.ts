/**
 * The check of a backup's database (hub/backup/verify.ts): it opens with the key, passes
 * `integrity_check`, is at the schema version its manifest names, and its audit chain verifies.
 * Reading a whole database of hundreds of MB takes seconds, so the hub runs it in a thread of its own
 * (./checkThread.ts): the backup is a file of its own, not the hub's, and any connection may read it.
 */
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
  })
  .strict();
export type DatabaseCheckJob = z.infer<typeof databaseCheckJob>;

export const databaseCheck = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), auditEntries: z.number().int().nonnegative() }).strict(),
  z.object({ outcome: z.literal('wrongKey') }).strict(),
  z.object({ outcome: z.literal('corrupt') }).strict(),
  z.object({ outcome: z.literal('auditBroken'), brokenAt: z.number().int() }).strict(),
  /** anything else that went wrong, to be thrown where the check was asked for */
  z.object({ outcome: z.literal('error'), message: z.string() }).strict(),
]);
export type DatabaseCheck = z.infer<typeof databaseCheck>;

export function checkBackupDatabase(job: { file: string; key: Buffer; schemaVersion: number }): DatabaseCheck {
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
    return { outcome: 'error', message: message.slice(0, 500) };
  }
}
