/**
 * The outbox to the central system, as the counter and the manager see it (docs/SYNC.md): «ارسال» of a
 * matched request, the link and what waits, deadline alarms (ماده ۳۸ الف), the items a person must look
 * at, and the hub's enrollment with the central. The wire protocol itself is core/sync/protocol.ts.
 */
import { z } from 'zod';
import { event, procedure } from './define';
import { staffRoles as staff } from '../roles';

const uuid = z.string().uuid();
const instant = z.iso.datetime({ offset: false });

const progress = z.object({ pagesDone: z.number().int(), pagesTotal: z.number().int(), bytesDone: z.number().int(), bytesTotal: z.number().int() });

export const syncItemView = z.object({
  submissionId: uuid,
  requestId: uuid,
  requestYear: z.number().int(),
  requestNumber: z.number().int(),
  /** pending: waiting or being sent; rejected: the central refused it for good; flagged: something here is wrong (a page file) */
  state: z.enum(['pending', 'rejected', 'flagged']),
  sending: z.boolean(),
  deadline: z.string().nullable(),
  /** whole days to the deadline (0 = today, negative = passed) */
  daysLeft: z.number().int().nullable(),
  queuedAt: instant,
  pages: z.number().int(),
  bytes: z.number().int(),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  progress: progress.nullable(),
});
export type SyncItemView = z.infer<typeof syncItemView>;

export const syncStatusView = z.object({
  enrolled: z.boolean(),
  centralUrl: z.string().nullable(),
  officeName: z.string().nullable(),
  officeCode: z.string().nullable(),
  /**
   * The central answered an enrollment for an office known there by another name or code than this
   * office's: nothing is saved until the manager confirms (sync.confirmEnrollment) or lets it go.
   */
  pendingEnrollment: z
    .object({
      token: uuid,
      centralUrl: z.string(),
      central: z.object({ name: z.string(), code: z.string() }),
      local: z.object({ name: z.string(), code: z.string() }),
      expiresAt: instant,
    })
    .nullable(),
  /** unenrolled: no identity yet; refused: the central refuses this device (revoked, clock, key) */
  link: z.enum(['unknown', 'online', 'offline', 'unenrolled', 'refused']),
  pending: z.number().int(),
  rejected: z.number().int(),
  flagged: z.number().int(),
  deadlineBound: z.number().int(),
  bytesLeft: z.number().int(),
  current: z.object({ submissionId: uuid, requestYear: z.number().int(), requestNumber: z.number().int(), progress }).nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: instant }).nullable(),
  nextRetryAt: instant.nullable(),
  lastDeliveredAt: instant.nullable(),
  lastPullAt: instant.nullable(),
  marginDays: z.number().int(),
  /** days the page images of a receipted submission stay at the office */
  retentionDays: z.number().int(),
  /** deadline-bound items not delivered within the margin of their deadline */
  alarms: z.array(z.object({ submissionId: uuid, requestId: uuid, requestYear: z.number().int(), requestNumber: z.number().int(), deadline: z.string(), daysLeft: z.number().int() })),
});
export type SyncStatusView = z.infer<typeof syncStatusView>;

/** A request's submission, on the request itself. */
export const submissionView = z.object({
  id: uuid,
  state: z.enum(['queued', 'sending', 'delivered', 'rejected', 'flagged']),
  queuedAt: instant,
  pages: z.number().int(),
  trackingCode: z.string().nullable(),
  deliveredAt: instant.nullable(),
  /** the central's signed receipt, as received */
  receivedAt: instant.nullable(),
  authorityStatus: z.enum(['accepted', 'returned']).nullable(),
  authorityReason: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
});
export type SubmissionView = z.infer<typeof submissionView>;

const centralUrl = z
  .string()
  .max(300)
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'invalid_url' });

export const syncProcedures = {
  'sync.status': procedure({
    summary: 'The link to the central system, what waits in the outbox, the last error and the deadline alarms.',
    access: staff,
    input: z.object({}).strict(),
    output: syncStatusView,
  }),
  'sync.items': procedure({
    summary: 'Every item in the outbox, deadline first, with its attempts and last error (manager).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ items: z.array(syncItemView) }),
  }),
  'sync.retryNow': procedure({
    summary: 'Try every waiting item now (and the link, if it was down).',
    access: staff,
    input: z.object({}).strict(),
    output: syncStatusView,
  }),
  'sync.resend': procedure({
    summary: 'Put a rejected or flagged item back into the outbox once what was wrong is fixed (manager).',
    access: ['manager'],
    input: z.object({ submissionId: uuid }).strict(),
    output: z.object({ items: z.array(syncItemView) }),
  }),
  'sync.enroll': procedure({
    summary: "Get this hub's identity from the central system with a one-time enrollment code (manager).",
    access: ['manager'],
    input: z.object({ centralUrl, code: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, { message: 'invalid_format' }) }).strict(),
    output: syncStatusView,
  }),
  'sync.confirmEnrollment': procedure({
    summary: 'Keep an enrollment the central answered for an office known there by another name or code, after seeing both (manager).',
    access: ['manager'],
    input: z.object({ token: uuid }).strict(),
    output: syncStatusView,
  }),
  'sync.cancelEnrollment': procedure({
    summary: 'Let go of an enrollment answered for another office; nothing of it was saved (manager).',
    access: ['manager'],
    input: z.object({ token: uuid }).strict(),
    output: syncStatusView,
  }),
  'sync.setAlarmMargin': procedure({
    summary: 'How many days before a deadline an undelivered item raises the alarm (manager).',
    access: ['manager'],
    input: z.object({ days: z.number().int().min(0).max(30) }).strict(),
    output: syncStatusView,
  }),
  'sync.setRetention': procedure({
    summary: 'How many days the page images of a receipted submission stay at the office before they are removed (manager).',
    access: ['manager'],
    input: z.object({ days: z.number().int().min(7).max(3650) }).strict(),
    output: syncStatusView,
  }),
} as const;

export const syncEvents = {
  'sync.changed': event({ summary: 'The outbox or the link changed: screens re-read sync.status.', access: staff, payload: z.object({ at: instant }) }),
} as const;
