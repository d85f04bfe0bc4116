/**
 * The office's statistics (ماده ۳۵ ب): the package for any period of office days on screen and as
 * PDF, CSV (UTF-8 with BOM, for Excel) and XLSX; and the central's requests for it, each with a due
 * instant, sent by the manager (or queued until the link is back). Manager only: the package names
 * clerks (out-of-turn calls) and reasons.
 *
 * A period that reaches past today (Asia/Tehran) is refused with STATISTICS_PERIOD_IN_FUTURE; a day
 * the calendar lacks, or `to` before `from`, with INVALID_INPUT.
 */
import { z } from 'zod';
import { statisticsPackage } from '../report/statistics';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { reportDay } from './report';
import * as s from './schemas';

const access = ['manager'] as const;

export const statisticsPeriod = z.object({ from: reportDay, to: reportDay }).strict();
export const statisticsFormats = ['pdf', 'csv', 'xlsx'] as const;
export type StatisticsFormat = (typeof statisticsFormats)[number];

/** One of the central's requests, as the manager's console shows it. */
export const statisticsRequestView = z.object({
  id: z.string().uuid(),
  from: z.string(),
  to: z.string(),
  dueAt: s.isoInstant,
  receivedAt: s.isoInstant,
  /** whole days from today (Asia/Tehran) to the due day; negative once it is past */
  daysLeft: z.number().int(),
  /** waiting: not sent yet · queued: sent by the manager, waiting for the link · sent: the central has it */
  state: z.enum(['waiting', 'queued', 'sent']),
  queuedAt: s.isoInstant.nullable(),
  sentAt: s.isoInstant.nullable(),
  /** sent after the due instant (as the central judged it), or not sent and past it */
  late: z.boolean(),
  lastError: z.string().nullable(),
});
export type StatisticsRequestView = z.output<typeof statisticsRequestView>;

export const statisticsProcedures = {
  'statistics.package': procedure({
    summary: 'The statistics package for a period of office days: services, queue times, out-of-turn calls, refusals, free services (ماده ۱۴), deadline filings (ماده ۳۸ الف), satisfaction.',
    access,
    input: statisticsPeriod,
    output: statisticsPackage,
  }),
  'statistics.export': procedure({
    summary: 'The statistics package as a file: PDF (A4, Persian), CSV (UTF-8 with BOM) or XLSX. Recorded in the audit trail.',
    access,
    input: statisticsPeriod.extend({ format: z.enum(statisticsFormats) }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  }),
  'statistics.requests': procedure({
    summary: "The central's statistics requests, newest due first, with days left and whether each was sent in time.",
    access,
    input: z.object({}).strict(),
    output: z.object({ requests: z.array(statisticsRequestView) }),
  }),
  'statistics.send': procedure({
    summary: "Send the package a central request asks for: made now for its period, queued, and delivered at once if the link is up (else with the next pull).",
    access,
    input: z.object({ requestId: z.string().uuid() }).strict(),
    output: z.object({ request: statisticsRequestView }),
  }),
} satisfies Record<string, ProcedureDef>;
