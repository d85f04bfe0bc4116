import type { TariffTable } from '../tariff';
import { officeTariff1399 } from './1399';
import { officeTariff1403 } from './1403';

/** The tables the software ships with, oldest first; the manager adds later years (tariff.ts `addTable`). */
export const shippedTariffTables: readonly TariffTable[] = [officeTariff1399, officeTariff1403];
