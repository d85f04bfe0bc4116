import { useState, type FormEvent } from 'react';
import type { InquiryView } from '../../core/api/inquiry';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/**
 * «استعلام اصالت سند» beside the originals match (ماده ۳ تبصره): a document's unique code, asked of
 * the registry for this request; its title, issuer and date, and whether it still stands.
 */
export function DocumentInquiry({ requestId }: { requestId: string }) {
  const t = fa.inquiry;
  const { client } = useEnv();
  const action = useAction();
  const [code, setCode] = useState('');
  const [result, setResult] = useState<InquiryView | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const out = await action.run(() => client.call('inquiry.run', { requestId, kind: 'document', purpose: 'documentAuthenticity', documentCode: toLatinDigits(code).replace(/\s/g, '') }));
    if (out) setResult(out);
  }

  const doc = result?.answer?.kind === 'document' ? result.answer.document : null;
  return (
    <form className="document-inquiry" onSubmit={submit} noValidate>
      <Field label={t.documentCode} hint={t.documentHint} value={code} error={action.fields.documentCode} onChange={(e) => setCode(e.target.value)} dir="ltr" autoComplete="off" spellCheck={false} />
      <button type="submit" className="button" disabled={action.busy || code.trim().length < 6}>
        {action.busy ? t.asking : t.document}
      </button>
      <FormError error={action.error} />
      {result && (
        <p className={doc?.valid ? 'form-notice' : 'form-error'} role="status">
          {doc ? `${t.documentFound(doc.title, doc.issuer, toPersianDigits(doc.issuedOn.replace(/-/g, '/')))} ${doc.valid ? t.documentValid : t.documentRevoked}` : t.documentNotFound}
        </p>
      )}
    </form>
  );
}
