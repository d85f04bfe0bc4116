import { useMemo } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { judicialCostRows, officeTariffRows, tariffBoardFa, type TariffRow } from '../../core/fees/boardLabels.fa';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useHubData } from '../app/useHubData';

export type TariffBoardData = ProcedureOutput<'tariff.board'>;

/**
 * The tariff in force today (ماده ۳۴ ت), loaded from the hub and loaded again when the office day turns
 * (`now` is the hub's clock): the day a new table takes effect, the screen shows it with nobody touching it.
 */
export function useTariffBoard(now: Date) {
  const { client } = useEnv();
  const day = officeDay(now);
  return useHubData(() => client.call('tariff.board', {}), [], [day]);
}

export type TariffSheetPart = 'office' | 'judicial';

/** Whether there is anything to show: a table or a schedule in force. */
export function hasTariff(board: TariffBoardData | null): board is TariffBoardData {
  return board !== null && (board.office !== null || board.judicial !== null);
}

/**
 * One or both tables of the tariff in force, each with the day it is in force from and where it comes
 * from. The board shows one part at a time, large (read from three metres); the kiosk both.
 */
export function TariffSheet({ board, parts, className }: { board: TariffBoardData; parts: readonly TariffSheetPart[]; className?: string }) {
  const t = tariffBoardFa;
  const tables = useMemo(
    () =>
      parts.flatMap((part) => {
        const source = part === 'office' ? board.office : board.judicial;
        if (!source) return [];
        return [{ part, title: part === 'office' ? t.officeTariff : t.judicialCosts, source, rows: part === 'office' ? officeTariffRows(board) : judicialCostRows(board) }];
      }),
    [board, parts, t],
  );
  if (tables.length === 0) return <p className={`tariff-sheet tariff-none ${className ?? ''}`}>{t.none}</p>;
  return (
    <div className={`tariff-sheet ${className ?? ''}`} data-tariff-parts={tables.map((x) => x.part).join(' ')}>
      {tables.map((x) => (
        <section key={x.part} className={`tariff-part tariff-part-${x.part}`} aria-labelledby={`tariff-${x.part}-title`}>
          <header className="tariff-part-header">
            <h2 id={`tariff-${x.part}-title`}>{x.title}</h2>
            <p className="tariff-part-source">
              {t.inForceFrom(x.source.effectiveFrom)} · {toPersianDigits(x.source.title)}
            </p>
          </header>
          <TariffRows rows={x.rows} label={x.title} />
        </section>
      ))}
      {board.nextChangeDay && <p className="tariff-next">{t.nextChange(board.nextChangeDay)}</p>}
    </div>
  );
}

function TariffRows({ rows, label }: { rows: TariffRow[]; label: string }) {
  const t = tariffBoardFa;
  return (
    <table className="tariff-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t.item}</th>
          <th scope="col" className="tariff-figure">
            {t.amount}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.label}</td>
            <td className="tariff-figure">{r.figure}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
