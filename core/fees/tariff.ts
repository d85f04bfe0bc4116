/**
 * The office tariff (تعرفه خدمات دفاتر, ماده ۱۳) as versioned yearly tables. A table is never
 * changed or overwritten once it exists: a new year, or a correction, is a new table with a later
 * effective day (FEES.md). Figures are whole rials. Item codes are English; the Persian names of the
 * items belong to the renderer's message catalogue.
 */
import { assertNoOverlap, byEffectiveDay, isOfficeDay, versionInForce } from './effectiveDay';
import { InvalidTariffError, NoTariffInForceError, TariffItemMissingError } from './errors';

export const tariffItemCodes = [
  'petition', // تنظیم و ثبت دادخواست، شکوائیه، اعلام جرم، درخواست (بدوی و اعتراض)
  'formalNotice', // تنظیم اظهارنامه
  'brief', // تنظیم و ثبت لایحه، اعلام نظریه کارشناسی
  'extraPage', // each attachment page beyond those a service includes
  'extraPerson', // each party, attorney or representative beyond those a service includes
  'sanaRegistration', // ثبت اطلاعات و ارائه شناسه قضایی
  'sanaEdit',
  'sanaPassword',
  'notificationView', // گشودن و رؤیت ابلاغیه
  'followUp', // پیگیری
  'statusNotice', // اعلام وضعیت
  'electronicPayment', // پرداخت الکترونیک وجوه
  'powerOfAttorney', // وکالتنامه (+ ثبت قرارداد from 1403)
  'protest', // واخواست اسناد تجاری
  'criminalRecord', // درخواست گواهی عدم سوءپیشینه
  'licenceRenewal', // تمدید پروانه
] as const;

export type TariffItemCode = (typeof tariffItemCodes)[number];

/** Largest figure a table may hold: far above any tariff, far below 2^53 so sums stay exact. */
export const MAX_TARIFF_ITEM_RIALS = 1_000_000_000;

export interface TariffTable {
  /** stable id recorded with every quote, e.g. 'office-1403' */
  readonly id: string;
  /** Persian title for the tariff board, e.g. «تعرفه خدمات دفاتر ۱۴۰۳» */
  readonly title: string;
  /** Jalali office day 'YYYY-MM-DD' from which the table applies (see effectiveDay.ts) */
  readonly effectiveFrom: string;
  /** where the figures came from (circular, site, date gathered) */
  readonly source: string;
  /**
   * Whole rials per item. An item missing from a table is not in that year's tariff (e.g. «واخواست»
   * before 1403): a service based on it cannot be charged under that table.
   */
  readonly items: Readonly<Partial<Record<TariffItemCode, number>>>;
}

export type TariffTables = readonly TariffTable[];

const knownItems: ReadonlySet<string> = new Set(tariffItemCodes);

function validateTable(table: TariffTable): void {
  const where = `tariff table ${String(table.id)}`;
  if (typeof table.id !== 'string' || table.id.trim() === '') throw new InvalidTariffError('a tariff table needs an id', 'id');
  if (typeof table.title !== 'string' || table.title.trim() === '') throw new InvalidTariffError(`${where} needs a title`, 'title');
  if (typeof table.source !== 'string' || table.source.trim() === '') throw new InvalidTariffError(`${where} needs a source`, 'source');
  if (!isOfficeDay(table.effectiveFrom)) {
    throw new InvalidTariffError(`${where}: effectiveFrom must be a Jalali day YYYY-MM-DD, got ${String(table.effectiveFrom)}`, 'effectiveFrom');
  }
  if (typeof table.items !== 'object' || table.items === null) throw new InvalidTariffError(`${where} has no items`, 'items');
  for (const [code, rials] of Object.entries(table.items)) {
    if (!knownItems.has(code)) throw new InvalidTariffError(`${where}: unknown item ${code}`, `items.${code}`);
    if (rials === undefined) continue;
    if (!Number.isSafeInteger(rials) || rials < 0 || rials > MAX_TARIFF_ITEM_RIALS) {
      throw new InvalidTariffError(`${where}: ${code} must be a whole number of rials from 0 to ${MAX_TARIFF_ITEM_RIALS}, got ${String(rials)}`, `items.${code}`);
    }
  }
}

/**
 * Checks every table (id, title, source, Jalali effective day, whole non-negative amounts of known
 * items) and that no two share an id or an effective day.
 * @throws InvalidTariffError, TariffOverlapError
 */
export function validateTables(tables: TariffTables): void {
  for (const t of tables) validateTable(t);
  assertNoOverlap(tables, 'tariff tables');
}

/**
 * Adds a table (e.g. next year's) and returns the new list, oldest first; the input is not changed.
 * Never overwrites: a table with an existing id or effective day is refused. A table may be added for
 * a past period (e.g. a missing year); quotes already made keep the table id they recorded.
 * @throws InvalidTariffError, TariffOverlapError
 */
export function addTable(tables: TariffTables, table: TariffTable): TariffTable[] {
  validateTables([table]);
  // a frozen copy: changing the caller's object afterwards cannot change a table in force
  const stored: TariffTable = Object.freeze({ ...table, items: Object.freeze({ ...table.items }) });
  const next = byEffectiveDay([...tables, stored]);
  validateTables(next);
  return next;
}

/**
 * The table in force on `day` (a Jalali office day, as `officeDay()` gives for the request's instant):
 * the one with the latest effective day on or before it.
 * @throws RangeError for a malformed day; InvalidTariffError/TariffOverlapError for bad tables;
 *   NoTariffInForceError when every table starts after `day`.
 */
export function tableInForce(tables: TariffTables, day: string): TariffTable {
  if (!isOfficeDay(day)) throw new RangeError(`not a Jalali office day YYYY-MM-DD: ${String(day)}`);
  validateTables(tables);
  const table = versionInForce(tables, day);
  if (!table) throw new NoTariffInForceError(day);
  return table;
}

/** A table's figure for an item. @throws TariffItemMissingError when the table has none. */
export function tariffRials(table: TariffTable, item: TariffItemCode): number {
  const rials = table.items[item];
  if (rials === undefined) throw new TariffItemMissingError(item, table.id);
  return rials;
}
