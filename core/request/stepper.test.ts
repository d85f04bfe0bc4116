import { describe, expect, it } from 'vitest';
import { initialRequestState, replay } from './stateMachine';
import type { RequestStatus } from './stateMachine';
import { currentStep, missingFor, requestSteps } from './stepper';

describe('request stepper', () => {
  it('follows the order of UX.md: identity, details, fees, payment, documents, applicant review, originals, send', () => {
    expect(requestSteps).toEqual(['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send']);
  });

  it.each<[RequestStatus, string[]]>([
    ['draft', ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch']],
    ['identityVerified', ['details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch']],
    ['detailsComplete', ['fees', 'payment', 'documents', 'applicantReview', 'originalsMatch']],
    ['feesFixed', ['payment', 'documents', 'applicantReview', 'originalsMatch']],
    ['paid', ['documents', 'applicantReview', 'originalsMatch']],
    ['documentsCaptured', ['applicantReview', 'originalsMatch']],
    ['applicantConfirmed', ['originalsMatch']],
    ['originalsMatched', []],
    ['readyToSend', []],
    ['submitted', []],
    ['accepted', []],
    ['returned', []],
  ])('in %s, still misses %j before it can be sent', (status, missing) => {
    expect(missingFor(status)).toEqual(missing);
  });

  it('says a cancelled or refused request will never be ready (null), not that nothing is missing', () => {
    expect(missingFor('cancelled')).toBeNull();
    expect(missingFor('refused')).toBeNull();
  });

  it('takes a state as well as a status, and counts the fees and payment as missing again after a refund', () => {
    expect(missingFor(initialRequestState())).toHaveLength(7);
    const refunded = replay([
      { type: 'identityVerified' },
      { type: 'detailsCompleted' },
      { type: 'feesFixed', payable: 100 },
      { type: 'paymentReceived', amount: 100 },
      { type: 'paymentRefunded', reason: 'page count changed' },
    ]);
    expect(missingFor(refunded)).toEqual(['fees', 'payment', 'documents', 'applicantReview', 'originalsMatch']);
  });

  it('highlights the first step not done, «send» while queued, and nothing once sent or closed', () => {
    expect(currentStep('draft')).toBe('identity');
    expect(currentStep('feesFixed')).toBe('payment');
    expect(currentStep('originalsMatched')).toBe('send');
    expect(currentStep('readyToSend')).toBe('send');
    expect(currentStep('submitted')).toBeNull();
    expect(currentStep('cancelled')).toBeNull();
  });
});
