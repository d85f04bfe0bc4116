import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { IdentityInquiry } from './IdentityInquiry';
import { CoverageInquiry } from './CoverageInquiry';

const t = fa.inquiry;
const requestId = '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f';
const view = (person: unknown) => ({
  id: '2b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
  kind: 'identity',
  purpose: 'identityVerification',
  subject: '0013542419',
  askedAt: '2026-11-29T06:00:00.000Z',
  askedBy: 'رضا',
  outcome: 'answered',
  answer: { kind: 'identity', person },
  answeredAt: '2026-11-29T06:00:01.000Z',
});

describe('IdentityInquiry', () => {
  it('asks for this request with the typed id (Persian digits), marks each name that differs, and fills the form from the answer', async () => {
    const run = vi.fn<Handler>(() => out(view({ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمدعلی', birthDate: '1362-04-11', alive: true })));
    const onFill = vi.fn();
    const onSettled = vi.fn();
    renderWithHub(<IdentityInquiry requestId={requestId} nationalId="۰۰۱۳۵۴۲۴۱۹" typed={{ firstName: 'علي', lastName: 'رضایی', fatherName: 'محمد' }} onFill={onFill} onSettled={onSettled} />, { 'inquiry.run': run });
    fireEvent.click(screen.getByRole('button', { name: t.identity }));
    await screen.findByText(t.title('۰۰۱۳۵۴۲۴۱۹'));
    expect(run).toHaveBeenCalledWith({ requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' });
    // «علي» with an Arabic yeh is the same name; the father's name is not
    expect(screen.getAllByLabelText(t.matches)).toHaveLength(2);
    expect(screen.getAllByLabelText(t.differs)).toHaveLength(1);
    expect(screen.getByText('۱۳۶۲/۰۴/۱۱')).toBeInTheDocument();
    // keyboard first: the answer puts the focus on the copy button, and copying moves the form on
    expect(screen.getByRole('button', { name: t.fill })).toHaveFocus();
    expect(onSettled).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: t.fill }));
    expect(onFill).toHaveBeenCalledWith({ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمدعلی' });
    expect(onSettled).toHaveBeenCalledOnce();
  });

  it('moves the form on at once when the registry’s names agree with those typed', async () => {
    const onSettled = vi.fn();
    renderWithHub(<IdentityInquiry requestId={requestId} nationalId="0013542419" typed={{ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد' }} onFill={() => {}} onSettled={onSettled} />, {
      'inquiry.run': () => out(view({ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد', birthDate: '1362-04-11', alive: true })),
    });
    fireEvent.click(screen.getByRole('button', { name: t.identity }));
    await waitFor(() => expect(onSettled).toHaveBeenCalledOnce());
    expect(screen.queryByRole('button', { name: t.fill })).toBeNull();
  });

  it('says when the registry knows nobody by that id, and shows a refusal in Persian', async () => {
    let refuse = false;
    renderWithHub(<IdentityInquiry requestId={requestId} nationalId="0013542419" typed={{ firstName: '', lastName: '', fatherName: '' }} onFill={() => {}} />, {
      'inquiry.run': () => (refuse ? fail('INQUIRY_NO_BASIS') : out(view(null))),
    });
    fireEvent.click(screen.getByRole('button', { name: t.identity }));
    expect(await screen.findByText(t.notFound)).toBeInTheDocument();
    refuse = true;
    fireEvent.click(screen.getByRole('button', { name: t.identity }));
    await waitFor(() => expect(screen.getByText(fa.errors.INQUIRY_NO_BASIS)).toBeInTheDocument());
  });

  it('shows a name not typed yet neutrally, not as a mismatch, and still offers to fill it', async () => {
    const onFill = vi.fn();
    renderWithHub(<IdentityInquiry requestId={requestId} nationalId="0013542419" typed={{ firstName: 'علی', lastName: '  ', fatherName: '' }} onFill={onFill} />, {
      'inquiry.run': () => out(view({ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمدعلی', birthDate: '1362-04-11', alive: true })),
    });
    fireEvent.click(screen.getByRole('button', { name: t.identity }));
    await screen.findByText(t.title('۰۰۱۳۵۴۲۴۱۹'));
    expect(screen.queryAllByLabelText(t.differs)).toHaveLength(0);
    expect(screen.getAllByLabelText(t.notTyped)).toHaveLength(2);
    expect(screen.getAllByLabelText(t.matches)).toHaveLength(1);
    expect(screen.getAllByText(t.notTypedShort)).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: t.fill }));
    expect(onFill).toHaveBeenCalledWith({ firstName: 'علی', lastName: 'رضایی', fatherName: 'محمدعلی' });
  });

  it('waits for a whole national id', () => {
    renderWithHub(<IdentityInquiry requestId={requestId} nationalId="00135" typed={{ firstName: '', lastName: '', fatherName: '' }} onFill={() => {}} />, {});
    expect(screen.getByRole('button', { name: t.identity })).toBeDisabled();
  });
});

describe('CoverageInquiry', () => {
  it('asks about the applicant for the exemption and fills the category and the confirmation number', async () => {
    const onCovered = vi.fn();
    const run = vi.fn<Handler>(() => out({ ...view(null), kind: 'coverage', purpose: 'feeExemption', answer: { kind: 'coverage', coverage: { category: 'welfarePensioner', reference: 'BH-4412', validUntil: '1406-01-01' } } }));
    renderWithHub(<CoverageInquiry requestId={requestId} nationalId="0013542419" onCovered={onCovered} />, { 'inquiry.run': run });
    fireEvent.click(screen.getByRole('button', { name: t.coverage }));
    await waitFor(() => expect(onCovered).toHaveBeenCalledWith('welfarePensioner', 'BH-4412'));
    expect(run).toHaveBeenCalledWith({ requestId, kind: 'coverage', purpose: 'feeExemption', nationalId: '0013542419' });
    expect(screen.getByRole('status')).toHaveTextContent('۱۴۰۶/۰۱/۰۱');
  });

  it('says plainly when there is no coverage, and offers nothing without a natural applicant', async () => {
    const first = renderWithHub(<CoverageInquiry requestId={requestId} nationalId="0013542419" onCovered={() => {}} />, { 'inquiry.run': () => out({ ...view(null), answer: { kind: 'coverage', coverage: null } }) });
    fireEvent.click(screen.getByRole('button', { name: t.coverage }));
    expect(await screen.findByText(t.notCovered)).toBeInTheDocument();
    first.view.unmount();
    renderWithHub(<CoverageInquiry requestId={requestId} nationalId={null} onCovered={() => {}} />, {});
    expect(screen.queryByRole('button', { name: t.coverage })).toBeNull();
    expect(screen.getByText(t.coverageNeedsApplicant)).toBeInTheDocument();
  });
});
