import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';


/** The manager's money reports (the contract limits them to the manager). */
export const reportHandlers: HandlerGroup<'report'> = (hub: HubServices) => {
  const { reports } = hub;
  return {
    'report.cash': ({ day }) => reports.cash(day),
    'report.services': ({ from, to }) => reports.services(from, to),
    'report.exemptions': ({ month }) => reports.exemptions(month),
    'report.discounts': ({ from, to }) => reports.discounts(from, to),
    // `print`: on the document printer of the caller's workstation (hub/agent/documentPrinter.ts)
    'report.pdf': ({ report, print }, ctx) => reports.pdf(report, print ? hub.agents.deviceJobs.documentPrinterOf(ctx.lan) : null),
    // the record is the point: the audit entry is written with this answer (hub/audit/audited.ts)
    'report.exported': () => ({ ok: true as const }),
  };
};
