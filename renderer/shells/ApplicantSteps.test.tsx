import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { out, renderWithHub } from '../../test/support/renderer/testHub';
import { ApplicantShell } from './ApplicantShell';

// The applicant's screen follows the steps of the service: «مشاهدهٔ ابلاغیه» promises no scan and no
// review — only its own steps — and shows its own applicant only.
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const device = { kind: 'device', role: 'applicant', counterId: 3 } as Principal;
type Request = NonNullable<ApplicantScreenView['request']>;

const notificationView = (over: Partial<Request> = {}): ApplicantScreenView => ({
  counterNumber: 3,
  ticketDisplay: 'ب-۰۱۲',
  request: {
    id: '11111111-1111-4111-8111-111111111111',
    year: 1405,
    number: 18,
    service: 'notificationView',
    status: 'paid',
    steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'],
    currentStep: 'inquiry',
    inquiry: null,
    legalDeadline: null,
    applicantName: 'مریم احمدی',
    fees: null,
    sanaConsent: null,
    documents: null,
    ...over,
  },
});

function renderScreen(view: ApplicantScreenView) {
  return renderWithHub(<ApplicantShell office={office} principal={device} onLogout={() => {}} />, { 'applicantScreen.view': () => out(view) });
}

beforeEach(() => window.localStorage.setItem('daftaryar.applicantScreen.counter', '3'));
afterEach(() => window.localStorage.clear());

describe('applicant screen: the service’s own steps', () => {
  it('shows «مشاهدهٔ ابلاغیه» with its six steps and no promise of a scan', async () => {
    renderScreen(notificationView());
    const list = await screen.findByRole('list', { name: fa.applicant.stepsTitle });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['✓احراز هویت', '✓جزئیات درخواست', '✓هزینه‌ها', '✓پرداخت', '۵استعلام', '۶چاپ و تحویل']);
    expect(document.body).not.toHaveTextContent('اسکن');
    expect(document.body).not.toHaveTextContent(fa.counter.steps[4]!); // «اسناد»
    expect(screen.getByText(fa.applicant.statusNoFiling.paid!)).toBeInTheDocument();
    expect(screen.getByText('مریم احمدی')).toBeInTheDocument();
  });

  it('says how many notifications were found, not what they say (that is printed for the applicant)', async () => {
    renderScreen(notificationView({ status: 'answered', currentStep: 'printout', inquiry: { kind: 'notification', found: 2 } }));
    expect(await screen.findByText(fa.applicant.inquiryFound('notification', 2))).toBeInTheDocument();
    expect(screen.getByText(fa.applicant.status.answered!)).toBeInTheDocument();
  });

  it('still shows a filing’s eight steps and its own sentence after payment', async () => {
    renderScreen(notificationView({ service: 'petition', steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'], currentStep: 'documents' }));
    const list = await screen.findByRole('list', { name: fa.applicant.stepsTitle });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(screen.getByText(fa.applicant.status.paid!)).toBeInTheDocument();
  });
});
