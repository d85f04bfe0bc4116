/**
 * The request's details and its fees (ماده ۴): details that can be priced, fees fixed under the tariff
 * tables on record (never above them), a waiver, and the guards that keep the fees as they are while money
 * has moved or may have (a part paid, a terminal sale unanswered).
 */
import type { RequestDetails } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { applyDiscount, applyExemption, assertNotAboveTariff, quote, type OfficeTariffExemption, type Quote } from '../../core/fees/quote';
import { flowOf } from '../../core/fees/services';
import { transition } from '../../core/request/stateMachine';
import * as pt from '../../db/paymentTerminals';
import * as r from '../../db/requests';
import * as rf from '../../db/refunds';
import type { HubBase } from '../base';
import { salesInFlight } from '../payment/terminalPayment';
import type { Staff } from './caller';
import { domain } from './errors';
import { loadForChange } from './load';
import { quoteRequestOf } from './quoteRequest';
import { tariffTables } from './tariffs';
import { applyEvent } from './workflow';

export function setDetails(hub: HubBase, input: { requestId: string; details: RequestDetails }, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  domain(() => transition(req.state, { type: 'detailsCompleted' }, flowOf(req.service).steps));
  refuseWhileInDoubt(hub, req.id);
  refuseIfPartlyPaid(hub, req);
  // What cannot be priced is refused now, not at the fees step (a claim the service does not take, a value out of range).
  domain(() => quote(quoteRequestOf(req, input.details), tariffTables(hub)));
  applyEvent(hub, req, { type: 'detailsCompleted' }, staff, () => r.setRequestDetails(hub.db, req.id, input.details));
}

/** Money may have moved under an unanswered terminal sale: the fees and the request stay as they are until a retry settles it. */
export function refuseWhileInDoubt(hub: HubBase, requestId: string): void {
  const reversal = rf.refundsOfRequest(hub.db, requestId).find((x) => x.state === 'pending' || x.state === 'inDoubt');
  if (reversal) throw new DomainError('REFUND_IN_DOUBT', 'a reversal on the terminal was never answered: retry it through the terminal', { ref: reversal.orderId ?? reversal.id });
  for (const part of ['officeTariff', 'judicialCost'] as const) {
    if (salesInFlight(hub.db).has(`${requestId}:${part}`)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale is under way');
    const open = pt.openAttempt(hub.db, requestId, part);
    if (open) throw new DomainError('PAYMENT_IN_DOUBT', 'a terminal sale was never answered: retry it through the terminal', { ref: open.orderId });
  }
}

/**
 * One part paid, the other not: the request is still `feesFixed`, but the fees it was paid under
 * must not change — a new quote would ask for the paid part again.
 */
function refuseIfPartlyPaid(hub: HubBase, req: r.RequestRow): void {
  // any payment not given back (hub/refund): after one part is refunded the other must be too
  if (r.paymentsOfRequest(hub.db, req.id).some((p) => !rf.isPaymentRefunded(hub.db, p.id))) throw new DomainError('REFUND_REQUIRED', 'a part of these fees is paid');
}

export interface FixFeesInput {
  requestId: string;
  discount?: { amountRials: number; reason: string } | undefined;
  exemption?: OfficeTariffExemption | undefined;
}

export function fixFees(hub: HubBase, input: FixFeesInput, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  refuseWhileInDoubt(hub, req.id);
  // the order first: no fees before details (ماده ۴), whatever else is wrong
  domain(() => transition(req.state, { type: 'feesFixed', payable: 0 }, flowOf(req.service).steps));
  refuseIfPartlyPaid(hub, req);
  const details = req.details as RequestDetails;
  const tables = tariffTables(hub);
  const request = quoteRequestOf(req, details);
  const fixed = domain(() => {
    let qt: Quote = quote(request, tables);
    if (input.exemption) qt = applyExemption(qt, input.exemption);
    if (input.discount) qt = applyDiscount(qt, input.discount);
    assertNotAboveTariff(qt.lines, tables, qt.day, { request });
    return qt;
  });
  const t = fixed.totals;
  let feeQuoteId = 0;
  applyEvent(
    hub,
    req,
    { type: 'feesFixed', payable: t.payableRials },
    staff,
    () => {
      feeQuoteId = r.insertFeeQuote(hub.db, {
        requestId: req.id,
        tariffTableId: fixed.tableId,
        quote: fixed,
        officeTariffRials: t.officeTariffRials,
        judicialCostRials: t.judicialCostRials,
        discountRials: t.discountRials,
        exemptRials: t.exemptRials,
        payableRials: t.payableRials,
        discountReason: fixed.discount?.reason ?? null,
        exemption: fixed.exemption,
        fixedAt: hub.now().toISOString(),
        staffId: staff.userId,
      });
    },
    () => ({ tableId: fixed.tableId, feeQuoteId }),
  );
}

export function waive(hub: HubBase, input: { requestId: string; reason: string }, staff: Staff): void {
  applyEvent(hub, loadForChange(hub.db, input.requestId, staff), { type: 'paymentWaived', reason: input.reason }, staff);
}
