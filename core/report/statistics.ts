/**
 * The office's statistics package (ماده ۳۵ ب): what the manager exports for any period and what the
 * central receives when it asks. One schema for the screen, the files and the wire
 * (core/api/statistics.ts, core/sync/protocol.ts), so the three cannot drift apart.
 *
 * The period is office days (Jalali, `1405-09-01`…`1405-09-30`). Requests and tickets are counted by
 * the day they were opened/issued (a cohort: what became of them, whenever it happened); out-of-turn
 * calls by the instant of the call. Durations are whole seconds; money whole rials.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { outOfTurnReasons } from '../api/queue';

const count = z.number().int().nonnegative();
const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const seconds = z.number().int().nonnegative().nullable();
const day = z.string().regex(/^1[34]\d{2}-\d{2}-\d{2}$/);
const instant = z.iso.datetime({ offset: false });

export const exemptionCategoryCodes = ['reliefCommittee', 'welfarePensioner', 'indigentPrisoner'] as const;

/** p50 and p90 of a list of durations, in whole seconds; null when there is none. */
export const percentiles = z.object({ count, p50: seconds, p90: seconds }).strict();

const serviceRow = z
  .object({
    service: z.enum(serviceCodes),
    opened: count,
    settled: count,
    cancelled: count,
    clerkError: count,
    refused: count,
  })
  .strict();

const queueRow = z
  .object({
    serviceName: z.string().max(200),
    issued: count,
    served: count,
    noShow: count,
    wait: percentiles,
    service: percentiles,
  })
  .strict();

/** What a deadline-bound filing came to, judged against its legal deadline (ماده ۳۸ الف). */
export const deadlineOutcomes = ['inTime', 'late', 'pending', 'overdue', 'notFiled'] as const;
export type DeadlineOutcome = (typeof deadlineOutcomes)[number];

export const statisticsPackage = z
  .object({
    from: day,
    to: day,
    generatedAt: instant,
    office: z.object({ name: z.string().max(200), code: z.string().max(20) }).strict(),
    services: z.object({ rows: z.array(serviceRow).max(100), total: serviceRow.omit({ service: true }) }).strict(),
    queue: z
      .object({
        /** per service the tickets were issued for */
        rows: z.array(queueRow).max(200),
        total: queueRow.omit({ serviceName: true }),
      })
      .strict(),
    outOfTurn: z
      .object({
        count,
        byReason: z.array(z.object({ reason: z.enum(outOfTurnReasons), count }).strict()).max(outOfTurnReasons.length),
        rows: z
          .array(
            z
              .object({
                at: instant,
                ticket: z.string().max(40),
                counterNumber: z.number().int().nullable(),
                staff: z.string().max(200),
                reason: z.enum(outOfTurnReasons),
                note: z.string().max(1000),
              })
              .strict(),
          )
          .max(100_000),
      })
      .strict(),
    refusals: z
      .object({
        refused: count,
        cancelled: count,
        clerkError: count,
        rows: z
          .array(
            z
              .object({
                requestYear: z.number().int(),
                requestNumber: z.number().int(),
                service: z.enum(serviceCodes),
                kind: z.enum(['refused', 'cancelled', 'clerkError']),
                reason: z.string().max(1000),
                at: instant.nullable(),
              })
              .strict(),
          )
          .max(100_000),
      })
      .strict(),
    /** ماده ۱۴: services given free of the office tariff to the deprived */
    freeServices: z
      .object({
        count,
        exemptRials: rials,
        byCategory: z.array(z.object({ category: z.enum(exemptionCategoryCodes), count, exemptRials: rials }).strict()).max(3),
      })
      .strict(),
    /** ماده ۳۸ الف: requests carrying a legal deadline, and whether each reached the central in time */
    deadlines: z
      .object({
        count,
        byOutcome: z.array(z.object({ outcome: z.enum(deadlineOutcomes), count }).strict()).max(deadlineOutcomes.length),
        rows: z
          .array(
            z
              .object({
                requestYear: z.number().int(),
                requestNumber: z.number().int(),
                service: z.enum(serviceCodes),
                /** the legal deadline, an office day `1405-09-20` */
                deadline: day,
                deliveredAt: instant.nullable(),
                outcome: z.enum(deadlineOutcomes),
              })
              .strict(),
          )
          .max(100_000),
      })
      .strict(),
    /** ماده ۱۸: the applicants' ratings of the tickets of the period (at the applicant's screen or the kiosk) */
    satisfaction: z
      .object({
        count,
        /** the mean score ×100 (4.25 → 425), null with no rating */
        averageX100: z.number().int().min(100).max(500).nullable(),
        /** how many of each score, 1 to 5 */
        byScore: z.array(count).length(5),
      })
      .strict(),
  })
  .strict();

export type StatisticsPackage = z.output<typeof statisticsPackage>;
