import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { DocumentInquiry } from './DocumentInquiry';

const t = fa.inquiry;
const requestId = '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f';
const answered = (document: unknown) =>
  out({ id: '2b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', kind: 'document', purpose: 'documentAuthenticity', subject: '140301089876543210', askedAt: '2026-11-29T06:00:00.000Z', askedBy: 'رضا', outcome: 'answered', answer: { kind: 'document', document }, answeredAt: '2026-11-29T06:00:01.000Z' });

describe('DocumentInquiry', () => {
  it('asks for this request with the code as typed in Persian digits, and says a revoked document is revoked', async () => {
    const run = vi.fn<Handler>(() => answered({ title: 'وکالت‌نامهٔ رسمی', issuer: 'دفترخانهٔ ۷ شیراز', issuedOn: '1403-01-08', valid: false }));
    renderWithHub(<DocumentInquiry requestId={requestId} />, { 'inquiry.run': run });
    fireEvent.change(screen.getByLabelText(t.documentCode), { target: { value: '۱۴۰۳۰۱۰۸۹۸۷۶۵۴۳۲۱۰' } });
    fireEvent.click(screen.getByRole('button', { name: t.document }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.documentRevoked);
    expect(screen.getByRole('status')).toHaveTextContent('۱۴۰۳/۰۱/۰۸');
    expect(run).toHaveBeenCalledWith({ requestId, kind: 'document', purpose: 'documentAuthenticity', documentCode: '140301089876543210' });
  });

  it('says when no document has that code', async () => {
    renderWithHub(<DocumentInquiry requestId={requestId} />, { 'inquiry.run': () => answered(null) });
    fireEvent.change(screen.getByLabelText(t.documentCode), { target: { value: 'AB-123456' } });
    fireEvent.click(screen.getByRole('button', { name: t.document }));
    expect(await screen.findByText(t.documentNotFound)).toBeInTheDocument();
  });
});
