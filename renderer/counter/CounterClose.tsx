import { useEffect, useRef, useState } from 'react';
import type { CounterZ } from '../../core/api/day';
import { formatRials } from '../../core/format/money';
import { formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError } from '../components/FormFooter';
import { Modal } from '../components/Modal';
import { fa } from '../i18n/fa';

const receiptNo = (r: { year: number; number: number }) => toPersianDigits(`${r.year}/${String(r.number).padStart(6, '0')}`);

/**
 * «بستن باجه (Z)»: the clerk's own Z for today — what they took and gave back, per method, and the
 * net — then closing the counter for the day (core/api/day.ts). Refused while a payment of theirs
 * has no receipt issued; the error names the receipts. Enter closes, Esc goes back.
 */
export function CounterClose({ counterId, onClose }: { counterId: number; onClose: () => void }) {
  const t = fa.counter.dayClose;
  const { client } = useEnv();
  const action = useAction();
  const [z, setZ] = useState<CounterZ | null>(null);
  const submit = useRef<HTMLButtonElement>(null);
  // the Z arrives after the dialog opened: then Enter is «بستن باجه», not «بازگشت»
  const loaded = z !== null;
  useEffect(() => {
    if (loaded) submit.current?.focus();
  }, [loaded]);
  useEffect(() => {
    void action.run(async () => setZ(await client.call('day.counterZ', { counterId })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [counterId]);

  async function close() {
    const done = await action.run(() => client.call('day.closeCounter', { counterId }));
    if (done) setZ(done);
  }

  const methods = fa.moneyReports.methods;
  return (
    <Modal title={t.title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (z && z.closedAt === null) void close();
          else onClose();
        }}
        noValidate
        className="counter-z"
      >
        {z && (
          <>
            <p className="muted">{t.who(toPersianDigits(z.name), toPersianDigits(z.day.replaceAll('-', '/')))}</p>
            <table className="counter-z-table">
              <thead>
                <tr>
                  <th scope="col">{t.what}</th>
                  <th scope="col">{t.count}</th>
                  <th scope="col">{t.amount}</th>
                </tr>
              </thead>
              <tbody>
                {z.taken.byMethod.map((m) => (
                  <tr key={`t-${m.method}`}>
                    <th scope="row">{t.taken(methods[m.method])}</th>
                    <td className="num">{toPersianDigits(m.count)}</td>
                    <td className="num">{formatRials(m.amountRials)}</td>
                  </tr>
                ))}
                {z.refunded.byMethod.map((m) => (
                  <tr key={`r-${m.method}`}>
                    <th scope="row">{t.refunded(methods[m.method])}</th>
                    <td className="num">{toPersianDigits(m.count)}</td>
                    <td className="num">{formatRials(m.amountRials)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.net}</th>
                  <td />
                  <td className="num">{formatRials(z.netRials)}</td>
                </tr>
              </tfoot>
            </table>
            {z.unreceipted.length > 0 && <p className="form-warning" role="status">{t.unreceipted(z.unreceipted.map(receiptNo).join('، '))}</p>}
            {z.closedAt !== null && <p className="form-notice" role="status">{t.closed(formatTime(z.closedAt, false))}</p>}
          </>
        )}
        <FormError error={action.error} />
        <div className="dialog-actions">
          {z && z.closedAt === null && (
            <button ref={submit} type="submit" className="button button-primary" disabled={action.busy}>
              {t.close} <kbd>Enter</kbd>
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t.back} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
