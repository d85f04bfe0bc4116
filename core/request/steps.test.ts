import { describe, expect, it } from 'vitest';
import { defaultServiceCatalogue, flowOf, serviceCodes, type ServiceCode } from '../fees/services';
import { RequestTransitionError, allowedEvents, awaitsLastStep, initialRequestState, replay, requestStatuses, transition } from './stateMachine';
import type { RequestEvent, RequestState, RequestStatus, RequestTransitionErrorCode } from './stateMachine';
import { currentStep, missingFor } from './stepper';
import { filingSteps, inquirySteps, printoutSteps, serviceFlow } from './steps';

const FEES = 75_000;
const PAID: RequestEvent[] = [{ type: 'identityVerified' }, { type: 'detailsCompleted' }, { type: 'feesFixed', payable: FEES }, { type: 'paymentReceived', amount: FEES }];

function refusal(fn: () => unknown): RequestTransitionErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (err) {
    if (err instanceof RequestTransitionError) return err.code;
    throw err;
  }
}

describe('the catalogue declares each service’s steps', () => {
  it('files through the whole of ماده ۴ for every service that files something, as before', () => {
    const filing: ServiceCode[] = ['petition', 'complaint', 'criminalReport', 'request', 'objection', 'formalNotice', 'brief', 'expertOpinion', 'sanaRegistration', 'sanaEdit', 'powerOfAttorney', 'protest', 'criminalRecord', 'licenceRenewal'];
    for (const code of filing) expect(defaultServiceCatalogue[code].flow, code).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'], inquiry: null, printout: null });
  });

  it('ends the services that file nothing with what the applicant came for', () => {
    expect(defaultServiceCatalogue.notificationView.flow).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'], inquiry: 'notification', printout: 'inquiryAnswer' });
    expect(defaultServiceCatalogue.followUp.flow).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'], inquiry: 'caseStatus', printout: 'inquiryAnswer' });
    expect(defaultServiceCatalogue.statusNotice.flow).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'], inquiry: 'caseStatus', printout: 'inquiryAnswer' });
    expect(defaultServiceCatalogue.electronicPayment.flow).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'printout'], inquiry: null, printout: 'paymentReceipt' });
    expect(defaultServiceCatalogue.sanaPassword.flow).toEqual({ steps: ['identity', 'details', 'fees', 'payment', 'printout'], inquiry: null, printout: 'sanaSlip' });
  });

  it('validates every declaration of the catalogue with the schema', () => {
    for (const code of serviceCodes) expect(serviceFlow.safeParse(defaultServiceCatalogue[code].flow).success, code).toBe(true);
  });

  it.each([
    ['skips identity', { steps: ['details', 'fees', 'payment', 'inquiry', 'printout'], inquiry: 'notification', printout: 'inquiryAnswer' }],
    ['takes the fees after the payment', { steps: ['identity', 'details', 'payment', 'fees', 'printout'], inquiry: null, printout: 'paymentReceipt' }],
    ['sends without matching the originals', { steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'send'], inquiry: null, printout: null }],
    ['scans and then prints', { steps: ['identity', 'details', 'fees', 'payment', 'documents', 'printout'], inquiry: null, printout: 'paymentReceipt' }],
    ['asks without printing the answer', { steps: ['identity', 'details', 'fees', 'payment', 'inquiry'], inquiry: 'notification', printout: null }],
    ['names no inquiry for its inquiry step', { steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'], inquiry: null, printout: 'inquiryAnswer' }],
    ['prints an answer it never asked for', { steps: ['identity', 'details', 'fees', 'payment', 'printout'], inquiry: null, printout: 'inquiryAnswer' }],
    ['files and also asks', { steps: [...filingSteps], inquiry: 'caseStatus', printout: null }],
    ['has an unknown step', { steps: ['identity', 'details', 'fees', 'payment', 'fax'], inquiry: null, printout: null }],
    ['repeats a step', { steps: ['identity', 'identity', 'details', 'fees', 'payment', 'printout'], inquiry: null, printout: 'sanaSlip' }],
  ])('refuses a declaration that %s', (_why, flow) => {
    expect(serviceFlow.safeParse(flow).success).toBe(false);
  });

  it('gives a filing’s steps for a service code it does not know', () => {
    expect(flowOf('notAService').steps).toEqual(filingSteps);
  });
});

describe('the state machine follows the service’s steps', () => {
  it('takes «مشاهدهٔ ابلاغیه» from draft to delivered without a scan: identity → details → fees → payment → inquiry → printout', () => {
    const steps = flowOf('notificationView').steps;
    const paid = replay(PAID, initialRequestState(), steps);
    expect(allowedEvents('paid', steps)).toEqual(['paymentRefunded', 'inquiryAnswered', 'cancelled', 'refused']);
    const answered = transition(paid, { type: 'inquiryAnswered' }, steps);
    expect(answered.status).toBe('answered');
    // asked again (another tracking code, a retry) until it is printed
    expect(transition(answered, { type: 'inquiryAnswered' }, steps).status).toBe('answered');
    const delivered = transition(answered, { type: 'delivered' }, steps);
    expect(delivered).toMatchObject({ status: 'delivered', settlement: { kind: 'paid', amount: FEES } });
    expect(refusal(() => transition(delivered, { type: 'cancelled', reason: 'دیر شد' }, steps))).toBe('FINAL_STATE');
  });

  it('refuses the steps such a service does not have, with STEP_NOT_IN_SERVICE', () => {
    const steps = flowOf('notificationView').steps;
    const paid = replay(PAID, initialRequestState(), steps);
    for (const event of [{ type: 'documentsCaptured' }, { type: 'applicantConfirmed' }, { type: 'originalsMatched' }, { type: 'queuedForSending' }, { type: 'submitted', trackingCode: '1404091200000017' }] as RequestEvent[]) {
      expect(refusal(() => transition(paid, event, steps)), event.type).toBe('STEP_NOT_IN_SERVICE');
    }
    // and a filing has no inquiry or printout
    const filed = replay(PAID);
    expect(refusal(() => transition(filed, { type: 'inquiryAnswered' }))).toBe('STEP_NOT_IN_SERVICE');
    expect(refusal(() => transition(filed, { type: 'delivered' }, filingSteps))).toBe('STEP_NOT_IN_SERVICE');
  });

  it('prints an inquiry’s answer only once it is answered, and asks nothing before payment', () => {
    const steps = inquirySteps;
    expect(refusal(() => transition(replay(PAID, initialRequestState(), steps), { type: 'delivered' }, steps))).toBe('OUT_OF_ORDER');
    expect(refusal(() => transition(replay(PAID.slice(0, 3), initialRequestState(), steps), { type: 'inquiryAnswered' }, steps))).toBe('OUT_OF_ORDER');
  });

  it('hands a receipt or a Sana slip over straight after payment', () => {
    for (const service of ['electronicPayment', 'sanaPassword'] as const) {
      const steps = flowOf(service).steps;
      const paid = replay(PAID, initialRequestState(), steps);
      expect(allowedEvents('paid', steps), service).toEqual(['paymentRefunded', 'delivered', 'cancelled', 'refused']);
      expect(transition(paid, { type: 'delivered' }, steps).status).toBe('delivered');
      expect(refusal(() => transition(paid, { type: 'inquiryAnswered' }, steps))).toBe('STEP_NOT_IN_SERVICE');
    }
  });

  it('still refunds, cancels and refuses an answered request, and keeps the fees frozen in it', () => {
    const steps = inquirySteps;
    const answered = replay([...PAID, { type: 'inquiryAnswered' }], initialRequestState(), steps);
    expect(transition(answered, { type: 'paymentRefunded', reason: 'خدمت اشتباه' }, steps)).toMatchObject({ status: 'detailsComplete', settlement: null });
    expect(transition(answered, { type: 'cancelled', reason: 'متقاضی رفت' }, steps)).toMatchObject({ status: 'cancelled', closedFrom: 'answered' });
    expect(refusal(() => transition(answered, { type: 'feesFixed', payable: 1 }, steps))).toBe('REFUND_REQUIRED');
  });

  it('asks the Sana owner when only the last step is left: before sending a filing, before printing a slip', () => {
    expect(requestStatuses.filter((s) => awaitsLastStep(s))).toEqual(['originalsMatched']);
    expect(requestStatuses.filter((s) => awaitsLastStep(s, printoutSteps))).toEqual(['paid']);
    expect(requestStatuses.filter((s) => awaitsLastStep(s, inquirySteps))).toEqual(['answered']);
  });
});

describe('the stepper follows the service’s steps', () => {
  const at = (status: RequestStatus): RequestState => ({ ...initialRequestState(), status });

  it.each<[RequestStatus, string | null, string[] | null]>([
    ['draft', 'identity', ['identity', 'details', 'fees', 'payment', 'inquiry']],
    ['feesFixed', 'payment', ['payment', 'inquiry']],
    ['paid', 'inquiry', ['inquiry']],
    ['answered', 'printout', []],
    ['delivered', null, []],
    ['cancelled', null, null],
  ])('«مشاهدهٔ ابلاغیه» in %s: at %s, missing %j', (status, step, missing) => {
    const steps = flowOf('notificationView').steps;
    expect(currentStep(at(status), steps)).toBe(step);
    expect(missingFor(at(status), steps)).toEqual(missing);
  });

  it('puts a receipt’s printout right after the payment', () => {
    const steps = flowOf('electronicPayment').steps;
    expect(currentStep('paid', steps)).toBe('printout');
    expect(missingFor('feesFixed', steps)).toEqual(['payment']);
    expect(currentStep('delivered', steps)).toBeNull();
  });

  it('leaves a filing’s stepper as it was', () => {
    expect(currentStep('paid')).toBe('documents');
    expect(currentStep('paid', flowOf('petition').steps)).toBe('documents');
    expect(missingFor('paid', flowOf('petition').steps)).toEqual(['documents', 'applicantReview', 'originalsMatch']);
  });
});
