/**
 * Which calls leave an audit entry, and what it says — one table, so an inspector (and a reviewer)
 * sees in one place what is recorded. The dispatcher consults it after a handler succeeded: for a
 * handler that answers at once, inside the same transaction as the change (both or neither); for
 * one that awaits (a PDF, a login), right after, in a transaction of its own.
 *
 * Failed logins are recorded by the login handler itself (the call fails, the entry must stay).
 * Views of a request's personal data are in `viewed.ts`: recorded once per session and hour, not per call.
 */
import type { ProcedureName, ProcedureOutput, ProcedureParsedInput } from '../../core/api/contract';
import type { AuditEntry } from './auditLog';
import type { SearchQuery } from '../../core/api/search';
import { searchForm } from '../../core/text/searchText';

/** What a search looked for, as the trail keeps it: the kind and the text in search form (no direction controls). */
const searchedFor = (q: SearchQuery): Record<string, unknown> =>
  q.kind === 'dateRange' ? { kind: q.kind, from: searchForm(q.from), to: q.to === undefined ? null : searchForm(q.to) } : { kind: q.kind, text: searchForm(q.text) };

type Describe<P extends ProcedureName> = (input: ProcedureParsedInput<P>, output: ProcedureOutput<P>) => Omit<AuditEntry, 'actor'> | null;

export const audited: { [P in ProcedureName]?: Describe<P> } = {
  'applicant.find': (input, out) => (out.applicant ? { action: 'applicantViewed', subject: `applicant:${out.applicant.id}`, detail: { lookup: input.kind } } : null),
  'request.fixFees': (input) =>
    input.discount ? { action: 'feesDiscounted', subject: `request:${input.requestId}`, reason: input.discount.reason, detail: { amountRials: input.discount.amountRials } }
    : input.exemption ? { action: 'feesExempted', subject: `request:${input.requestId}`, reason: null, detail: { category: input.exemption.category, evidence: input.exemption.evidence } }
    : null,
  'request.close': (input) =>
    input.kind === 'refused' ? { action: 'requestRefused', subject: `request:${input.requestId}`, reason: input.reason }
    : { action: 'requestCancelled', subject: `request:${input.requestId}`, reason: input.reason, detail: { cause: input.kind === 'clerkError' ? 'clerkError' : 'applicant' } },
  'request.waivePayment': (input) => ({ action: 'feesExempted', subject: `request:${input.requestId}`, reason: input.reason, detail: { waived: true } }),
  'queue.callOutOfTurn': (input, out) => ({ action: 'queueOutOfTurn', subject: `ticket:${input.ticketId}`, reason: input.note, detail: { reason: input.reason, counterId: input.counterId, ticket: out.display } }),
  'report.pdf': (input) => ({ action: 'reportExported', detail: { report: input.report, format: input.print ? 'printed' : 'pdf' } }),
  'statistics.export': (input) => ({ action: 'reportExported', detail: { report: { kind: 'statistics', from: input.from, to: input.to }, format: input.format } }),
  'compliance.pdf': (input, out) => ({ action: 'reportExported', detail: { report: { kind: 'compliance', from: input.from, to: input.to }, format: 'pdf', auditHead: out.auditHead } }),
  // what the office's workstations will install: the version and the installer's digest
  'updates.import': (input, out) => ({ action: 'updateImported', detail: { folder: input.folder, available: out.available.map((a) => ({ platform: a.platform, version: a.version, file: a.file, bytes: a.bytes })) } }),
  'report.exported': (input) => ({ action: 'reportExported', detail: { report: input.report, format: input.format, fileName: input.fileName } }),
  // the one report that names applicants (with masked identity numbers): each look at it, on screen
  'report.exemptions': (input, out) => ({ action: 'reportViewed', detail: { report: 'exemptions', month: input.month, rows: out.rows.length } }),
  'tariff.addTable': (input) => ({ action: 'tariffAdded', subject: `tariff:${input.id}`, detail: { effectiveFrom: input.effectiveFrom, source: input.source, items: input.items } }),
  'queue.setPrinter': (input) => ({ action: 'deviceSettingChanged', subject: 'ticketPrinter', detail: { printer: input.printer } }),
  'terminal.set': (input) => ({ action: 'deviceSettingChanged', subject: `counter:${input.counterId}`, detail: { terminal: { kind: input.kind, baseUrl: input.baseUrl, terminalId: input.terminalId ?? null } } }),
  // Staff changes (ماده ۸–۱۱, ۳۶ ت). Never a password or its hash: a reset says only that it happened.
  'staff.create': (input, out) => ({ action: 'staffCreated', subject: `staff:${out.staff.id}`, detail: { username: out.staff.username, displayName: out.staff.displayName, role: out.staff.role, certificate: out.staff.certificate, active: out.staff.active } }),
  'staff.update': (_input, out) => (out.changed.length ? { action: 'staffChanged', subject: `staff:${out.staff.id}`, detail: { changed: out.changed, displayName: out.staff.displayName, role: out.staff.role, certificate: out.staff.certificate, active: out.staff.active } } : null),
  'staff.setActive': (input, out) => (out.changed ? { action: input.active ? 'staffActivated' : 'staffDeactivated', subject: `staff:${input.staffId}`, reason: input.reason, detail: { sessionsRevoked: out.sessionsRevoked } } : null),
  'staff.resetPassword': (input, out) => ({ action: 'passwordReset', subject: `staff:${input.staffId}`, detail: { sessionsRevoked: out.sessionsRevoked } }),
  // Capture (ماده ۴): what leaves the trail is what changes or exposes a party's documents.
  'scanner.set': (input) => ({ action: 'deviceSettingChanged', subject: `counter:${input.counterId}`, detail: { scanner: { driver: input.setting.driver, deviceId: input.setting.deviceId, dpi: input.setting.dpi } } }),
  'capture.editPage': (input, out) => (input.action === 'delete' ? { action: 'pageDeleted', subject: `page:${input.pageId}`, detail: { requestId: out.requestId } } : null),
  'capture.restorePage': (input, out) => ({ action: 'pageRestored', subject: `page:${input.pageId}`, detail: { requestId: out.requestId } }),
  'scanProfiles.set': (input) => ({ action: 'deviceSettingChanged', subject: 'scanProfiles', detail: { scanProfiles: input.profiles } }),
  'applicantScreen.review': (input) => ({ action: 'applicantReviewed', subject: `counter:${input.counterId}`, reason: input.reason ?? null, detail: { outcome: input.outcome, digest: input.digest, requestId: input.requestId } }),
  'capture.match': (input, out) => (input.matches ? null : { action: 'originalsMismatched', subject: `request:${out.requestId}`, reason: input.reason, detail: { pageId: input.pageId } }),
  'capture.matchDone': (input, out) => ({ action: 'originalsMatched', subject: `request:${input.requestId}`, detail: { pages: out.documents.reduce((n, d) => n + d.pages.length, 0), digest: out.digest } }),
  'capture.documentPdf': (input, out) => ({ action: 'documentExported', subject: `document:${input.documentId}`, detail: { pages: out.pages, ocrPages: out.ocrPages } }),
  // the request search (ماده ۳۸ ب): who looked for whom, and who opened which request and why (docs/SEARCH.md)
  'search.requests': (input, out) => ({ action: 'requestsSearched', detail: { ...searchedFor(input.query), counterId: input.counterId ?? null, results: out.results.length } }),
  'search.open': (input) => ({ action: 'requestOpened', subject: `request:${input.requestId}`, reason: input.note === '' ? null : input.note, detail: { purpose: input.purpose, counterId: input.counterId ?? null } }),
  'documents.search': (input, out) => ({ action: 'documentsSearched', reason: null, detail: { query: input.query, hits: out.hits.length } }),
  // LAN devices: the pairing itself and a wrong code are recorded by the pairing handler
  'device.issueCode': (input, out) => ({ action: 'pairingCodeIssued', subject: `pairingCode:${out.id}`, detail: { kind: input.kind, name: input.name, expiresAt: out.expiresAt } }),
  'device.revoke': (input, out) => ({ action: 'deviceRevoked', subject: `device:${input.deviceId}`, reason: input.reason, detail: { sessionsEnded: out.sessionsEnded } }),
  // the key itself is not written on the trail: whether one is set, and its last characters
  'office.setDwtLicence': (input) => ({ action: 'deviceSettingChanged', subject: 'dwtLicence', detail: { dwtLicence: input.key === '' ? null : `…${input.key.slice(-4)}` } }),
  'agent.choose': (input) => ({ action: 'deviceSettingChanged', subject: `device:${input.deviceId}`, detail: { [input.type]: input.id } }),
  'receiptPrinter.set': (input) => ({ action: 'deviceSettingChanged', subject: `counter:${input.counterId}`, detail: { receiptPrinter: input.printer } }),
};
