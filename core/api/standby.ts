/**
 * The standby hub (docs/STANDBY.md): the manager names one paired counter PC the standby; it keeps a
 * copy of the office no older than a minute, pulled over its pinned link from the HTTP paths below
 * (not frames: a copy is the whole database), and is promoted to hub by one command when the hub PC
 * is dead. Workstations learn where it would serve (`standby.where`) and follow it when the hub is
 * unreachable and it answers with a higher epoch.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

/** POST: a fresh copy (the database snapshot as the body; its facts in COPY_HEADERS). */
export const STANDBY_COPY_PATH = '/api/standby/copy';
/** GET: the names of the sealed page files; GET `${STANDBY_PAGES_PATH}/<sha256>`: one of them, as stored. */
export const STANDBY_PAGES_PATH = '/api/standby/pages';
/** POST: the standby kept and verified a copy (`standbyCopied`). */
export const STANDBY_COPIED_PATH = '/api/standby/copied';
/** POST: a signed notice of a higher epoch (fencing); GET: the notice of this hub, once promoted. */
export const STANDBY_FENCE_PATH = '/api/standby/fence';

export const STANDBY_HEADERS = {
  /** the standby's X25519 public key (base64url, 32 bytes): the office key comes back wrapped for it */
  publicKey: 'x-standby-key',
  /** the port the standby would serve the office on once promoted */
  port: 'x-standby-port',
  sha256: 'x-copy-sha256',
  takenAt: 'x-copy-taken-at',
  epoch: 'x-copy-epoch',
  wrappedKey: 'x-copy-key',
  /** a page file's own digest (of the sealed bytes) */
  fileSha256: 'x-file-sha256',
} as const;

export const standbyCopied = z.object({ takenAt: s.isoInstant, bytes: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export const standbyPageNames = z.object({ names: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(5_000_000) });

export const standbyView = z.object({
  standby: z
    .object({
      deviceId: z.number().int().positive(),
      name: z.string(),
      revoked: z.boolean(),
      namedAt: s.isoInstant,
      /** where it would serve once promoted (known from its first copy) */
      address: z.string().nullable(),
      lastCopyAt: s.isoInstant.nullable(),
      lastCopyBytes: z.number().int().nullable(),
      /** seconds since the last copy it kept was taken */
      copyAgeSeconds: z.number().int().nonnegative().nullable(),
    })
    .nullable(),
  /** the hub's epoch: raised by each promotion */
  epoch: z.number().int().positive(),
  /** set when this hub learned that a standby was promoted over it */
  superseded: z.object({ epoch: z.number().int(), at: s.isoInstant, by: z.string() }).nullable(),
});
export type StandbyView = z.infer<typeof standbyView>;

/** A copy older than this is late: the manager's screen says so. */
export const STANDBY_COPY_LATE_SECONDS = 120;

export const standbyProcedures = {
  'standby.status': procedure({
    summary: 'The standby workstation, the age of its last copy, and the hub’s epoch (manager).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: standbyView,
  }),

  'standby.name': procedure({
    summary: 'Name a paired counter PC the standby hub, or none (manager; one at a time, audited).',
    access: ['manager'],
    input: z.object({ deviceId: z.number().int().positive().nullable() }).strict(),
    output: standbyView,
  }),

  'standby.where': procedure({
    summary: 'The epoch this hub serves under and where the standby would serve: what a workstation needs to follow a promotion.',
    access: 'public',
    input: z.object({}).strict(),
    output: z.object({ epoch: z.number().int().positive(), standbyUrl: z.string().nullable() }),
  }),
} satisfies Record<string, ProcedureDef>;
