/** What a request's fees depend on, for core/fees: its service and office day, persons, pages and judicial-cost input. */
import type { RequestDetails } from '../../core/api/request';
import type { QuoteRequest } from '../../core/fees/quote';
import type { ServiceCode } from '../../core/fees/services';
import type * as r from '../../db/requests';

export function quoteRequestOf(req: r.RequestRow, details: RequestDetails): QuoteRequest {
  return {
    service: req.service as ServiceCode,
    day: req.officeDay,
    persons: details.persons ?? details.parties.length,
    pages: details.pages,
    ...(details.judicialCosts ? { judicialCosts: details.judicialCosts } : {}),
  };
}
