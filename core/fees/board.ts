/**
 * The tariff in force on a day, as the waiting-room board, the kiosk and the A3 poster show it (ماده ۳۴ ت):
 * the office tariff table's items and the judicial costs, with where each came from, and the next day on
 * which either changes (so a screen knows to look again then). Pure; the hub passes today's office day.
 */
import { judicialScheduleInForce, type JudicialCostSchedule } from './judicialCosts';
import { NoJudicialScheduleInForceError, NoTariffInForceError } from './errors';
import type { JudicialCostLineCode } from './lines';
import { tableInForce, tariffItemCodes, type TariffItemCode, type TariffTable } from './tariff';

export interface TariffBoard {
  /** the office day this is for */
  day: string;
  office: {
    id: string;
    title: string;
    effectiveFrom: string;
    /** the circular or approval it comes from */
    source: string;
    /** in the catalogue's order; items the table does not have are left out */
    items: Array<{ code: TariffItemCode; rials: number }>;
  } | null;
  judicial: {
    id: string;
    title: string;
    effectiveFrom: string;
    source: string;
    fixed: Array<{ code: JudicialCostLineCode; rials: number }>;
    nonMonetary: { minRials: number; maxRials: number };
    /** per-mille of the claim's value; `upToRials` / `aboveRials` bound the first-instance tiers */
    percentages: Array<{ code: JudicialCostLineCode; perMille: number; upToRials?: number; aboveRials?: number }>;
  } | null;
  /** the first day after `day` on which a table or schedule takes effect; null when none is on record */
  nextChangeDay: string | null;
}

function orNull<T>(f: () => T, absent: new (...args: never[]) => Error): T | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof absent) return null;
    throw err;
  }
}

/** The board's tariff on `day`. @throws RangeError for a malformed day; InvalidTariffError for bad tables */
export function tariffBoardOf(tables: readonly TariffTable[], schedules: readonly JudicialCostSchedule[], day: string): TariffBoard {
  const table = orNull(() => tableInForce(tables, day), NoTariffInForceError);
  const schedule = orNull(() => judicialScheduleInForce(schedules, day), NoJudicialScheduleInForceError);
  const later = [...tables, ...schedules].map((v) => v.effectiveFrom).filter((d) => d > day).sort();
  return {
    day,
    office: table && {
      id: table.id,
      title: table.title,
      effectiveFrom: table.effectiveFrom,
      source: table.source,
      items: tariffItemCodes.flatMap((code) => {
        const rials = table.items[code];
        return rials === undefined ? [] : [{ code, rials }];
      }),
    },
    judicial: schedule && {
      id: schedule.id,
      title: schedule.title,
      effectiveFrom: schedule.effectiveFrom,
      source: schedule.source,
      fixed: [
        { code: 'formSheet', rials: schedule.formSheetRials },
        { code: 'certifiedCopy', rials: schedule.certifiedCopyRials },
        { code: 'criminalComplaint', rials: schedule.criminalComplaintRials },
        { code: 'unknownValue', rials: schedule.unknownValueRials },
        { code: 'adminCourtFirstInstance', rials: schedule.adminCourtFirstInstanceRials },
        { code: 'adminCourtAppeal', rials: schedule.adminCourtAppealRials },
      ],
      nonMonetary: { minRials: schedule.nonMonetaryRangeRials.min, maxRials: schedule.nonMonetaryRangeRials.max },
      percentages: [
        { code: 'monetaryFirstInstance', perMille: schedule.monetaryFirstInstance.lowerPerMille, upToRials: schedule.monetaryFirstInstance.thresholdRials },
        { code: 'monetaryFirstInstance', perMille: schedule.monetaryFirstInstance.upperPerMille, aboveRials: schedule.monetaryFirstInstance.thresholdRials },
        { code: 'appeal', perMille: schedule.appealPerMille },
        { code: 'defaultJudgmentObjection', perMille: schedule.appealPerMille },
        { code: 'cassation', perMille: schedule.cassationPerMille },
        { code: 'retrial', perMille: schedule.cassationPerMille },
        { code: 'thirdPartyObjection', perMille: schedule.cassationPerMille },
      ],
    },
    nextChangeDay: later[0] ?? null,
  };
}
