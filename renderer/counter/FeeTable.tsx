import type { RequestView } from '../../core/api/request';
import { feeLineLabel } from '../../core/fees/labels.fa';
import type { JudicialCostLineCode } from '../../core/fees/lines';
import type { TariffItemCode } from '../../core/fees/tariff';
import { formatRials, formatRialsDigits } from '../../core/format/money';
import { rialsInWords } from '../../core/text/amountWords';
import { fa } from '../i18n/fa';

type Quote = NonNullable<RequestView['quote']>;

/**
 * The fees line by line, office tariff and judicial costs apart, with what came off each line and
 * the total in figures and words: the same table on the clerk's screen and the applicant's.
 */
export function FeeTable({ lines, totals, discountReason, large }: { lines: Quote['lines']; totals: Quote['totals']; discountReason: string | null; large?: boolean }) {
  const t = fa.desk.fees;
  const groups = (['officeTariff', 'judicialCost'] as const).map((kind) => ({ kind, lines: lines.filter((l) => l.kind === kind) })).filter((g) => g.lines.length > 0);
  return (
    <table className={`table fee-table${large ? ' fee-table-large' : ''}`}>
      <thead>
        <tr>
          <th scope="col">{t.item}</th>
          <th scope="col" className="num">{t.quantity}</th>
          <th scope="col" className="num">{t.amount}</th>
          <th scope="col" className="num">{t.off}</th>
          <th scope="col" className="num">{t.charged}</th>
        </tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.kind}>
          <tr className="fee-group">
            <th scope="rowgroup" colSpan={5}>
              {t[g.kind]}
            </th>
          </tr>
          {g.lines.map((l, i) => (
            <tr key={`${l.code}-${i}`}>
              <td>{feeLineLabel(l.code as TariffItemCode | JudicialCostLineCode, 1)}</td>
              <td className="num">{formatRialsDigits(l.quantity)}</td>
              <td className="num">{formatRialsDigits(l.amountRials)}</td>
              <td className="num">{l.discountRials + l.exemptRials > 0 ? formatRialsDigits(l.discountRials + l.exemptRials) : '—'}</td>
              <td className="num">{formatRialsDigits(l.chargedRials)}</td>
            </tr>
          ))}
        </tbody>
      ))}
      <tfoot>
        {totals.discountRials > 0 && (
          <tr className="fee-note">
            <td colSpan={3}>{t.discountLine(discountReason ?? '')}</td>
            <td className="num">{formatRialsDigits(totals.discountRials)}</td>
            <td />
          </tr>
        )}
        {totals.exemptRials + totals.judicialExemptRials > 0 && (
          <tr className="fee-note">
            <td colSpan={3}>{t.exempt}</td>
            <td className="num">{formatRialsDigits(totals.exemptRials + totals.judicialExemptRials)}</td>
            <td />
          </tr>
        )}
        <tr className="fee-total">
          <th scope="row" colSpan={4}>
            {t.payable}
          </th>
          <td className="num">{formatRials(totals.payableRials)}</td>
        </tr>
        <tr className="fee-words">
          <td colSpan={5}>
            {t.inWords}: {rialsInWords(totals.payableRials)} ریال
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
