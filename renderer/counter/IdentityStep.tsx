import { useRef, useState, type FormEvent } from 'react';
import type { ProcedureInput } from '../../core/api/contract';
import { identityDocuments, identityDocumentsFor, type RequestView } from '../../core/api/request';
import type { Applicant } from '../../core/identity/applicant';
import { sanaStatuses } from '../../core/identity/applicant';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { IdentityInquiry } from './IdentityInquiry';

type Kind = Applicant['kind'];
type Form = Record<string, string>;

const documentsFor: Record<Kind, ReadonlyArray<(typeof identityDocuments)[number]>> = identityDocumentsFor;

/** The form's flat fields from a stored applicant (a returning one found by id). */
function formOf(a: Applicant): Form {
  if (a.kind === 'natural') return { nationalId: a.nationalId, firstName: a.firstName, lastName: a.lastName, fatherName: a.fatherName, mobile: a.mobile, sanaStatus: a.sanaStatus };
  if (a.kind === 'legalEntity') {
    const r = a.representative;
    return { legalId: a.legalId, name: a.name, sanaStatus: a.sanaStatus, nationalId: r.nationalId, firstName: r.firstName, lastName: r.lastName, fatherName: r.fatherName, mobile: r.mobile, repSana: r.sanaStatus };
  }
  return { passportNumber: a.passportNumber ?? '', foreignId: a.foreignId ?? '', nationality: a.nationality, firstName: a.firstName, lastName: a.lastName, fatherName: a.fatherName ?? '', mobile: a.mobile ?? '', sanaStatus: a.sanaStatus };
}

/** What applicant.save receives: the fields of the kind, as typed (the hub normalises and checks). */
function applicantOf(kind: Kind, f: Form): ProcedureInput<'applicant.save'> {
  const person = { firstName: f.firstName ?? '', lastName: f.lastName ?? '', fatherName: f.fatherName ?? '', mobile: f.mobile ?? '' };
  if (kind === 'natural') return { kind, nationalId: f.nationalId ?? '', ...person, sanaStatus: (f.sanaStatus || 'unknown') as Applicant['sanaStatus'] };
  if (kind === 'legalEntity') {
    return {
      kind,
      legalId: f.legalId ?? '',
      name: f.name ?? '',
      sanaStatus: (f.sanaStatus || 'unknown') as Applicant['sanaStatus'],
      representative: { nationalId: f.nationalId ?? '', ...person, sanaStatus: (f.repSana || 'unknown') as Applicant['sanaStatus'] },
    };
  }
  return {
    kind,
    passportNumber: f.passportNumber ?? '',
    foreignId: f.foreignId ?? '',
    nationality: f.nationality ?? '',
    ...person,
    sanaStatus: (f.sanaStatus || 'unknown') as Applicant['sanaStatus'],
  };
}

/**
 * Step 1 (ماده ۴): who the applicant is, checked against a document the clerk has in hand. A
 * returning applicant is found by id and only checked; the hub records which document, who, when.
 */
export function IdentityStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.desk.identity;
  const { client } = useEnv();
  const [kind, setKind] = useState<Kind>(request.applicant?.data.kind ?? 'natural');
  const [form, setForm] = useState<Form>(request.applicant ? formOf(request.applicant.data) : { sanaStatus: 'unknown', repSana: 'unknown' });
  const [document, setDocument] = useState<string>(documentsFor[kind][0]!);
  const [notice, setNotice] = useState<string | null>(null);
  const mobile = useRef<HTMLInputElement>(null);
  const action = useAction();
  const set = (key: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const err = (path: string) => action.fields[path];

  function changeKind(next: Kind) {
    setKind(next);
    setDocument(documentsFor[next][0]!);
    setNotice(null);
    action.clear();
  }

  async function find() {
    const lookup: ProcedureInput<'applicant.find'> =
      kind === 'natural' ? { kind: 'natural', id: form.nationalId ?? '' }
      : kind === 'legalEntity' ? { kind: 'legal', id: form.legalId ?? '' }
      : form.foreignId ? { kind: 'foreignId', id: form.foreignId }
      : { kind: 'passport', id: form.passportNumber ?? '' };
    const res = await action.run(() => client.call('applicant.find', lookup));
    if (!res) return;
    if (res.applicant && res.applicant.data.kind === kind) {
      setForm(formOf(res.applicant.data));
      setNotice(t.found);
    } else {
      setNotice(t.notFound);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await action.run(async () => {
      const { applicantId } = await client.call('applicant.save', applicantOf(kind, form));
      return client.call('request.verifyIdentity', { requestId: request.id, applicantId, document: document as (typeof identityDocuments)[number] });
    });
    if (done) onDone(done);
  }

  const rep = kind === 'legalEntity' ? 'representative.' : '';
  return (
    <form className="step-form" onSubmit={submit} aria-labelledby="identity-title" noValidate>
      <h3 id="identity-title">{t.title}</h3>
      <fieldset className="radio-row" aria-label={t.kind}>
        {(['natural', 'legalEntity', 'foreign'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="applicant-kind" checked={kind === k} onChange={() => changeKind(k)} /> {t.kinds[k]}
          </label>
        ))}
      </fieldset>

      <div className="field-row">
        {kind === 'natural' && <Field label={t.nationalId} value={form.nationalId ?? ''} onChange={set('nationalId')} error={err('nationalId')} inputMode="numeric" autoComplete="off" autoFocus dir="ltr" />}
        {kind === 'legalEntity' && (
          <>
            <Field label={t.legalId} value={form.legalId ?? ''} onChange={set('legalId')} error={err('legalId')} inputMode="numeric" autoComplete="off" autoFocus dir="ltr" />
            <Field label={t.entityName} value={form.name ?? ''} onChange={set('name')} error={err('name')} />
          </>
        )}
        {kind === 'foreign' && (
          <>
            <Field label={t.passportNumber} value={form.passportNumber ?? ''} onChange={set('passportNumber')} error={err('passportNumber')} autoComplete="off" autoFocus dir="ltr" />
            <Field label={t.foreignId} value={form.foreignId ?? ''} onChange={set('foreignId')} error={err('foreignId')} inputMode="numeric" autoComplete="off" dir="ltr" />
            <div className={`field${err('nationality') ? ' field-invalid' : ''}`}>
              <label htmlFor="nationality">{t.nationality}</label>
              <select id="nationality" value={form.nationality ?? ''} onChange={set('nationality')}>
                <option value="">—</option>
                {Object.entries(t.nationalities).map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
              {err('nationality') && <small className="field-error">{err('nationality')}</small>}
            </div>
          </>
        )}
        <button type="button" className="button step-find" onClick={() => void find()} disabled={action.busy}>
          {t.find}
        </button>
      </div>
      {notice && <p className="form-notice">{notice}</p>}
      {kind === 'natural' && (
        <IdentityInquiry
          requestId={request.id}
          nationalId={form.nationalId ?? ''}
          typed={{ firstName: form.firstName ?? '', lastName: form.lastName ?? '', fatherName: form.fatherName ?? '' }}
          onFill={(names) => setForm((f) => ({ ...f, ...names }))}
          onSettled={() => mobile.current?.focus()}
        />
      )}

      {kind === 'legalEntity' && <h4 className="step-subtitle">{t.representative}</h4>}
      <div className="field-row">
        {kind === 'legalEntity' && <Field label={t.nationalId} value={form.nationalId ?? ''} onChange={set('nationalId')} error={err(`${rep}nationalId`)} inputMode="numeric" dir="ltr" />}
        {kind === 'legalEntity' && (
          <IdentityInquiry
            requestId={request.id}
            nationalId={form.nationalId ?? ''}
            typed={{ firstName: form.firstName ?? '', lastName: form.lastName ?? '', fatherName: form.fatherName ?? '' }}
            onFill={(names) => setForm((f) => ({ ...f, ...names }))}
          />
        )}
        <Field label={t.firstName} value={form.firstName ?? ''} onChange={set('firstName')} error={err(`${rep}firstName`)} />
        <Field label={t.lastName} value={form.lastName ?? ''} onChange={set('lastName')} error={err(`${rep}lastName`)} />
        <Field label={t.fatherName} value={form.fatherName ?? ''} onChange={set('fatherName')} error={err(`${rep}fatherName`)} />
      </div>
      <div className="field-row">
        <Field ref={mobile} label={t.mobile} value={form.mobile ?? ''} onChange={set('mobile')} error={err(`${rep}mobile`)} inputMode="tel" dir="ltr" />
        <div className="field">
          <label htmlFor="sana">{t.sana}</label>
          <select id="sana" value={(kind === 'legalEntity' ? form.repSana : form.sanaStatus) ?? 'unknown'} onChange={set(kind === 'legalEntity' ? 'repSana' : 'sanaStatus')}>
            {sanaStatuses.map((s) => (
              <option key={s} value={s}>
                {t.sanaStatuses[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="id-document">{t.document}</label>
          <select id="id-document" value={document} onChange={(e) => setDocument(e.target.value)}>
            {documentsFor[kind].map((d) => (
              <option key={d} value={d}>
                {t.documents[d]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">{t.recordedBy}</p>
      <FormFooter error={action.error} busy={action.busy} label={t.submit} />
    </form>
  );
}
