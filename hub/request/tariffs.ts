/** The office tariff tables on record (ماده ۱۳): never overwritten, never back-dated. */
import { DomainError } from '../../core/errors';
import { addTable, type TariffTable } from '../../core/fees/tariff';
import { officeDay } from '../../core/format/jalaliDay';
import { parseJalaliDay } from '../../core/format/jalaliDay';
import * as r from '../../db/requests';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { domain } from './errors';
import { uniqueViolation } from './load';

/** The tables on record, oldest first. */
export function tariffTables(hub: HubBase): r.StoredTariffTable[] {
  return r.listTariffTables(hub.db);
}

/**
 * Adds a table that takes effect on a real Jalali day after today's office day. Never back-dated:
 * a table in force today or earlier would change the figures of requests already quoted (and
 * `payable` re-checks a stored quote against the tables before taking payment), so the tariff a
 * past request was priced under must stay as it was. A correction is a new table from tomorrow on.
 */
export function addTariffTable(hub: HubBase, table: TariffTable, staff: Staff): r.StoredTariffTable[] {
  if (!parseJalaliDay(table.effectiveFrom)) {
    throw new DomainError('INVALID_INPUT', 'effectiveFrom is not a real Jalali day', { fields: [{ path: 'effectiveFrom', reason: 'invalid_jalali_day' }] });
  }
  const today = officeDay(hub.now());
  if (table.effectiveFrom <= today) {
    throw new DomainError('TARIFF_BACKDATED', `a new table must take effect after today (${today})`, { fields: [{ path: 'effectiveFrom', reason: 'tariff_backdated' }] });
  }
  return hub.db
    .transaction(() => {
      // core refuses an id or an effective day already taken (never overwrites), and a malformed table
      domain(() => addTable(tariffTables(hub), table));
      try {
        r.insertTariffTable(hub.db, table, hub.now().toISOString(), staff.userId);
      } catch (err) {
        if (uniqueViolation(err)) throw new DomainError('TARIFF_OVERLAP', 'a table with this id or effective day exists');
        throw err;
      }
      return tariffTables(hub);
    })
    .immediate();
}
