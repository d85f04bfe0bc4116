/**
 * The audit trail for the office manager (ماده ۲۹ تبصره: the manager answers for the office's
 * security and its parties' privacy): what was recorded, by whom, and whether the chain is intact.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

export const auditActionNames = [
  'login',
  'loginFailed',
  'applicantViewed',
  'feesDiscounted',
  'feesExempted',
  'requestCancelled',
  'requestRefused',
  'deadlineChanged',
  'requestResumed',
  'requestHandedOver',
  'queueOutOfTurn',
  'reportExported',
  'tariffAdded',
  'deviceSettingChanged',
  'staffCreated',
  'staffChanged',
  'staffActivated',
  'staffDeactivated',
  'passwordReset',
  'passwordChanged',
  'pageDeleted',
  'pageRestored',
  'applicantReviewed',
  'originalsMatched',
  'originalsMismatched',
  'documentExported',
  'documentsSearched',
  'submissionQueued',
  'submissionDelivered',
  'submissionRejected',
  'submissionResent',
  'deviceEnrolled',
  'authorityDecision',
  'tariffReceived',
  'documentsPurged',
  'sanaConsent',
  'pairingCodeIssued',
  'devicePaired',
  'devicePairingFailed',
  'deviceRevoked',
  'inquiryMade',
  'inquiryRefused',
  'requestViewed',
  'reportViewed',
  'totpEnabled',
  'totpDisabled',
  'connectionRefused',
  'applicantScreenRefused',
  'workstationAgentHello',
  'workstationAgentRefused',
  // the standby hub (docs/STANDBY.md)
  'standbyNamed',
  'hubPromoted',
  'hubSuperseded',
  'hubResumed',
  'followUpStarted',
  'followUpRefused',
  'requestsSearched',
  'requestOpened',
  'paymentRefunded',
  'refundRefused',
  'counterClosed',
  'officeDayClosed',
  'dayCloseRefused',
  /** a complaint was queued for the Center (ماده ۲۰): written once its day is over, saying only the day */
  'complaintQueued',
  'statisticsRequested',
  'statisticsQueued',
  'statisticsSent',
  'backupTargetSet',
  'updateImported',
] as const;

export const auditEntry = z.object({
  seq: z.number().int().positive(),
  at: s.isoInstant,
  actor: z.string(),
  /** the staff member's display name, when the actor is one */
  actorName: z.string().nullable(),
  action: z.enum(auditActionNames),
  subject: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditProcedures = {
  'audit.list': procedure({
    summary: 'Audit entries, newest first, a page at a time, optionally of one action (manager).',
    access: ['manager'],
    input: z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        action: z.enum(auditActionNames).optional(),
      })
      .strict(),
    output: z.object({ entries: z.array(auditEntry), more: z.boolean() }),
  }),
  'audit.verify': procedure({
    summary: 'Walk the whole hash chain and say whether it is intact, or the first entry where it breaks (manager).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), entries: z.number().int(), head: z.string() }),
      z.object({ ok: z.literal(false), entries: z.number().int(), brokenAt: z.number().int(), problem: z.enum(['gap', 'link', 'hash', 'unreadable', 'damaged']) }),
    ]),
  }),
} satisfies Record<string, ProcedureDef>;
