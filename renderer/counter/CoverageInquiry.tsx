import { useState } from 'react';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { FormError, FormNotice } from '../components/FormFooter';
import { fa } from '../i18n/fa';

type Category = 'reliefCommittee' | 'welfarePensioner' | 'indigentPrisoner';

/**
 * «استعلام پوشش معافیت» (ماده ۱۴: coverage checked electronically): the applicant's coverage by the
 * relief committee, welfare or the prisoners' foundation, for this request; a valid one fills the
 * exemption's category and confirmation number.
 */
export function CoverageInquiry({ requestId, nationalId, onCovered }: { requestId: string; nationalId: string | null; onCovered: (category: Category, reference: string) => void }) {
  const t = fa.inquiry;
  const { client } = useEnv();
  const action = useAction();
  const [said, setSaid] = useState<string | null>(null);
  if (!nationalId) return <p className="muted device-note">{t.coverageNeedsApplicant}</p>;

  async function ask() {
    setSaid(null);
    const out = await action.run(() => client.call('inquiry.run', { requestId, kind: 'coverage', purpose: 'feeExemption', nationalId: nationalId! }));
    if (!out || out.answer?.kind !== 'coverage') return;
    const c = out.answer.coverage;
    if (!c) return setSaid(t.notCovered);
    onCovered(c.category, c.reference);
    setSaid(t.covered(fa.desk.fees.exemptionCategories[c.category] ?? c.category, toPersianDigits(c.validUntil.replace(/-/g, '/')), toPersianDigits(c.reference)));
  }

  return (
    <div className="identity-inquiry">
      <button type="button" className="button" onClick={() => void ask()} disabled={action.busy}>
        {action.busy ? t.asking : t.coverage}
      </button>
      <FormError error={action.error} />
      <FormNotice notice={said} />
    </div>
  );
}
