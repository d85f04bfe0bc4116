/**
 * The tariff in force today (ماده ۳۴ ت): what the board, the kiosk and the applicant screen show, and the
 * manager's A3 poster of it. «Today» is the hub's office day, so the day a new table takes effect the
 * answer changes by itself; the screens ask again when their office day turns (renderer/shells/TariffPanel).
 */
import { tariffBoardOf, type TariffBoard } from '../../core/fees/board';
import { shippedJudicialCostSchedules } from '../../core/fees/tables/judicial1403';
import { officeDay } from '../../core/format/jalaliDay';
import { getOffice } from '../../db/office';
import { tariffPosterPdf } from '../../native/report/tariffPoster';
import type { HubBase } from '../base';
import { tariffTables } from '../request/tariffs';

export function tariffBoard(hub: HubBase): TariffBoard {
  return tariffBoardOf(tariffTables(hub), shippedJudicialCostSchedules, officeDay(hub.now()));
}

/** The poster of the tariff in force today; the data is read before the first await. */
export async function tariffPoster(hub: HubBase): Promise<{ fileName: string; pdfBase64: string }> {
  const board = tariffBoard(hub);
  const office = getOffice(hub.db);
  const pdf = await tariffPosterPdf(hub.pdfPrinter(), { officeName: office?.name ?? '', officeCode: office?.code ?? '', generatedAt: hub.now().toISOString(), board });
  return { fileName: `daftaryar-tariff-${board.day}.pdf`, pdfBase64: pdf.toString('base64') };
}
