/**
 * The service catalogue: for each counter service, the tariff item it is charged under, how many
 * persons and attachment pages that base fee includes, whether persons and pages beyond those are
 * charged per unit, and which judicial costs may come with it.
 *
 * Rule of thumb where FEES.md is silent: do not charge an extra. Charging less than the tariff is
 * allowed (ماده ۱۳ تبصره ۲), charging more is a violation (ماده ۳۸ ذ).
 *
 * | service | base item | persons incl. | pages incl. | extras charged | judicial costs |
 * |---|---|---|---|---|---|
 * | petition (دادخواست بدوی) | petition | 2 (plaintiff + defendant) | 2 | yes | monetary/non-monetary/unknown value/Administrative Justice Court first instance |
 * | complaint (شکوائیه) | petition | 2 (complainant + accused) | 2 | yes | criminal complaint |
 * | criminalReport (اعلام جرم) | petition | 2 | 2 | yes | criminal complaint |
 * | request (درخواست: اجرائیه، تأمین دلیل، تأمین خواسته …) | petition | 2 | 2 | yes | non-monetary, unknown value |
 * | objection (تجدیدنظر، واخواهی، فرجام، اعاده دادرسی، اعتراض ثالث) | petition | 2 | 2 | yes | percentage stages, Administrative Justice Court appeal, non-monetary |
 * | formalNotice (اظهارنامه) | formalNotice | 2 (sender + addressee) | 1 | yes | form sheets only |
 * | brief, expertOpinion (لایحه، نظریه کارشناسی) | brief | 1 (who submits it) | 2 | yes | none |
 * | Sana, notification, follow-up, status, payment, criminal record, licence | own item | 1 | 0 | no | none |
 * | powerOfAttorney (وکالتنامه) | powerOfAttorney | 2 (principal + attorney) | 0 | no | none |
 * | protest (واخواست) | protest | 1 | 0 | no | none |
 * | remedy (رفع نقص: the missing documents of a returned filing) | extraPage | 1 | 1 | pages | none |
 *
 * The petition and formal-notice inclusions are FEES.md's; the others are this catalogue's reading.
 * A remedy (رفع نقص) adds pages to a filing the authority returned: FEES.md has no item of its own
 * for it, so it is charged as what it is, attachment pages (افزودن پیوست, `extraPage`) — each new
 * page once, nothing for the filing itself, the persons or judicial costs (those were paid with it).
 * Form sheets and certified copies may come with any service whose judicial costs apply.
 */
import { z } from 'zod';
import { filingFlow, inquirySteps, printoutSteps, serviceFlow, type ServiceFlow } from '../request/steps';
import type { JudicialClaimKind } from './judicialCosts';
import type { TariffItemCode } from './tariff';

export const serviceCodes = [
  'petition',
  'complaint',
  'criminalReport',
  'request',
  'objection',
  'formalNotice',
  'brief',
  'expertOpinion',
  'sanaRegistration',
  'sanaEdit',
  'sanaPassword',
  'notificationView',
  'followUp',
  'statusNotice',
  'electronicPayment',
  'powerOfAttorney',
  'protest',
  'criminalRecord',
  'licenceRenewal',
  'remedy',
] as const;

export type ServiceCode = (typeof serviceCodes)[number];

export interface ServiceDefinition {
  readonly code: ServiceCode;
  /** the tariff item the service is charged under */
  readonly baseItem: TariffItemCode;
  /** persons (parties, attorneys, representatives) the base fee covers */
  readonly includedPersons: number;
  /** attachment pages the base fee covers */
  readonly includedPages: number;
  /** whether each person beyond includedPersons is charged at the `extraPerson` item */
  readonly chargesExtraPersons: boolean;
  /** whether each page beyond includedPages is charged at the `extraPage` item */
  readonly chargesExtraPages: boolean;
  /** whether judicial costs (hence form sheets, certified copies) can come with the service */
  readonly judicialCostsApply: boolean;
  /** the claims that may be filed with it; empty when only sheets and copies, or nothing, apply */
  readonly claimKinds: readonly JudicialClaimKind[];
  /**
   * The steps the service has (core/request/steps.ts): a filing goes through the whole of ماده ۴; a
   * service that files nothing ends with an inquiry's answer or a slip printed at the counter.
   */
  readonly flow: ServiceFlow;
}

export type ServiceCatalogue = Readonly<Record<ServiceCode, ServiceDefinition>>;

const filing = (code: ServiceCode, claimKinds: readonly JudicialClaimKind[]): ServiceDefinition => ({
  code,
  baseItem: 'petition',
  includedPersons: 2,
  includedPages: 2,
  chargesExtraPersons: true,
  chargesExtraPages: true,
  judicialCostsApply: true,
  claimKinds,
  flow: filingFlow,
});

const simple = (code: ServiceCode, baseItem: TariffItemCode, includedPersons = 1, flow: ServiceFlow = filingFlow): ServiceDefinition => ({
  code,
  baseItem,
  includedPersons,
  includedPages: 0,
  chargesExtraPersons: false,
  chargesExtraPages: false,
  judicialCostsApply: false,
  claimKinds: [],
  flow,
});

/** Files nothing: asks the central system and prints its answer. */
const inquiry = (kind: 'notification' | 'caseStatus'): ServiceFlow => ({ steps: [...inquirySteps], inquiry: kind, printout: 'inquiryAnswer' });
/** Files nothing: ends with a slip or receipt printed at the counter. */
const printout = (kind: 'paymentReceipt' | 'sanaSlip'): ServiceFlow => ({ steps: [...printoutSteps], inquiry: null, printout: kind });

const submission = (code: ServiceCode): ServiceDefinition => ({
  code,
  baseItem: 'brief',
  includedPersons: 1,
  includedPages: 2,
  chargesExtraPersons: true,
  chargesExtraPages: true,
  judicialCostsApply: false,
  claimKinds: [],
  flow: filingFlow,
});

export const defaultServiceCatalogue: ServiceCatalogue = Object.freeze({
  petition: filing('petition', ['monetaryFirstInstance', 'nonMonetary', 'unknownValue', 'adminCourtFirstInstance']),
  complaint: filing('complaint', ['criminalComplaint']),
  criminalReport: filing('criminalReport', ['criminalComplaint']),
  request: filing('request', ['nonMonetary', 'unknownValue']),
  objection: filing('objection', ['appeal', 'defaultJudgmentObjection', 'cassation', 'retrial', 'thirdPartyObjection', 'adminCourtAppeal', 'nonMonetary']),
  formalNotice: {
    code: 'formalNotice',
    baseItem: 'formalNotice',
    includedPersons: 2,
    includedPages: 1,
    chargesExtraPersons: true,
    chargesExtraPages: true,
    judicialCostsApply: true,
    claimKinds: [],
    flow: filingFlow,
  },
  brief: submission('brief'),
  expertOpinion: submission('expertOpinion'),
  sanaRegistration: simple('sanaRegistration', 'sanaRegistration'),
  sanaEdit: simple('sanaEdit', 'sanaEdit'),
  sanaPassword: simple('sanaPassword', 'sanaPassword', 1, printout('sanaSlip')),
  notificationView: simple('notificationView', 'notificationView', 1, inquiry('notification')),
  followUp: simple('followUp', 'followUp', 1, inquiry('caseStatus')),
  statusNotice: simple('statusNotice', 'statusNotice', 1, inquiry('caseStatus')),
  electronicPayment: simple('electronicPayment', 'electronicPayment', 1, printout('paymentReceipt')),
  powerOfAttorney: simple('powerOfAttorney', 'powerOfAttorney', 2),
  protest: simple('protest', 'protest'),
  criminalRecord: simple('criminalRecord', 'criminalRecord'),
  licenceRenewal: simple('licenceRenewal', 'licenceRenewal'),
  // the first page is the base line, each further page an extra: n pages cost n × extraPage
  remedy: { code: 'remedy', baseItem: 'extraPage', includedPersons: 1, includedPages: 1, chargesExtraPersons: false, chargesExtraPages: true, judicialCostsApply: false, claimKinds: [], flow: filingFlow },
});

/** The catalogue's steps, checked when it loads: a service that skips identity or sends unmatched cannot exist. */
const catalogueFlows = z.record(z.enum(serviceCodes), serviceFlow);
catalogueFlows.parse(Object.fromEntries(serviceCodes.map((c) => [c, defaultServiceCatalogue[c].flow])));

/** The steps of a service; the filing steps for a code the catalogue does not know (an old row). */
export function flowOf(service: string): ServiceFlow {
  return Object.hasOwn(defaultServiceCatalogue, service) ? defaultServiceCatalogue[service as ServiceCode].flow : filingFlow;
}
