import { useState, type FormEvent } from 'react';
import type { ProcedureInput } from '../../core/api/contract';
import { instances, partyRoles, type RequestView } from '../../core/api/request';
import { applicantName } from '../../core/identity/applicant';
import { defaultServiceCatalogue } from '../../core/fees/services';
import { formatRialsDigits } from '../../core/format/money';
import { normalizeInput, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { MoneyField } from '../components/MoneyField';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';

type Details = ProcedureInput<'request.setDetails'>['details'];
type Party = { role: (typeof partyRoles)[number]; name: string; nationalId: string };
type Claims = NonNullable<NonNullable<Details['judicialCosts']>['claims']>;
type JudicialExemption = NonNullable<NonNullable<Details['judicialCosts']>['exemption']>;

const percentage = new Set(['monetaryFirstInstance', 'appeal', 'defaultJudgmentObjection', 'cassation', 'retrial', 'thirdPartyObjection']);

/** A count or amount as typed, in any digits and with separators; NaN for anything else. */
function whole(text: string): number {
  const t = normalizeInput(text).replace(/[,٬،\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : t === '' ? 0 : Number.NaN;
}

/**
 * Step 2: who is on the request and what it claims — everything the fees depend on. The hub prices
 * it on the spot and refuses what cannot be priced (a claim the service does not take, a value out
 * of range), so a mistake shows here, not at the fees step.
 */
export function DetailsStep({ request, onDone }: { request: RequestView; onDone: (r: RequestView) => void }) {
  const t = fa.desk.details;
  const { client } = useEnv();
  const d = request.details;
  const claimKinds = defaultServiceCatalogue[request.service].claimKinds;
  const sheetsApply = defaultServiceCatalogue[request.service].judicialCostsApply;
  const firstClaim = d?.judicialCosts?.claims?.[0];
  const [parties, setParties] = useState<Party[]>(
    d?.parties.map((p) => ({ role: p.role, name: p.name, nationalId: p.nationalId ?? '' })) ??
      // a service that files nothing is the applicant's own business: one person, no other side
      (request.steps.includes('send')
        ? [
            { role: 'plaintiff', name: request.applicant ? applicantName(request.applicant.data) : '', nationalId: '' },
            { role: 'defendant', name: '', nationalId: '' },
          ]
        : [{ role: 'other', name: request.applicant ? applicantName(request.applicant.data) : '', nationalId: '' }]),
  );
  const [instance, setInstance] = useState<(typeof instances)[number]>(d?.instance ?? 'first');
  const [pages, setPages] = useState(toPersianDigits(d?.pages ?? 0));
  const [persons, setPersons] = useState(d?.persons === undefined ? '' : toPersianDigits(d.persons));
  const [claimKind, setClaimKind] = useState<string>(firstClaim?.kind ?? 'none');
  const [claimValue, setClaimValue] = useState(firstClaim && 'valueRials' in firstClaim ? formatRialsDigits(firstClaim.valueRials) : firstClaim && 'amountRials' in firstClaim ? formatRialsDigits(firstClaim.amountRials) : '');
  const [sheets, setSheets] = useState(toPersianDigits(d?.judicialCosts?.formSheets ?? 0));
  const [copies, setCopies] = useState(toPersianDigits(d?.judicialCosts?.certifiedCopies ?? 0));
  const storedExemption = d?.judicialCosts?.exemption;
  const [exempt, setExempt] = useState<JudicialExemption['category'] | ''>(storedExemption?.category ?? '');
  const [exemptCard, setExemptCard] = useState(storedExemption?.evidence.cardNumber ?? '');
  const [exemptRef, setExemptRef] = useState(storedExemption?.evidence.confirmationRef ?? '');
  const action = useAction();
  const err = (path: string) => action.fields[`details.${path}`];

  const setParty = (i: number, patch: Partial<Party>) => setParties((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    let claims: Claims | undefined;
    if (claimKind !== 'none') {
      const value = whole(claimValue);
      claims = [
        percentage.has(claimKind) ? ({ kind: claimKind, valueRials: value } as Claims[number])
        : claimKind === 'nonMonetary' ? { kind: 'nonMonetary', amountRials: value }
        : ({ kind: claimKind } as Claims[number]),
      ];
    }
    const formSheets = whole(sheets);
    const certifiedCopies = whole(copies);
    const exemption: JudicialExemption | undefined = exempt ? { category: exempt, evidence: { ...(normalizeInput(exemptCard) ? { cardNumber: exemptCard } : {}), confirmationRef: exemptRef } } : undefined;
    const judicialCosts =
      claims || formSheets > 0 || certifiedCopies > 0 || exemption ? { ...(claims ? { claims } : {}), formSheets, certifiedCopies, ...(exemption ? { exemption } : {}) } : undefined;
    const details: Details = {
      parties: parties.map((p) => ({ role: p.role, name: p.name, ...(normalizeInput(p.nationalId) ? { nationalId: p.nationalId } : {}) })),
      instance,
      pages: whole(pages),
      ...(normalizeInput(persons) ? { persons: whole(persons) } : {}),
      ...(judicialCosts ? { judicialCosts } : {}),
    };
    const done = await action.run(() => client.call('request.setDetails', { requestId: request.id, details }));
    if (done) onDone(done);
  }

  return (
    <form className="step-form" onSubmit={submit} aria-labelledby="details-title" noValidate>
      <h3 id="details-title">{t.title}</h3>
      <fieldset className="parties">
        <legend>{t.parties}</legend>
        {parties.map((p, i) => (
          <div className="field-row party-row" key={i}>
            <div className="field party-role">
              <label htmlFor={`party-role-${i}`}>{t.role}</label>
              <select id={`party-role-${i}`} value={p.role} onChange={(e) => setParty(i, { role: e.target.value as Party['role'] })}>
                {partyRoles.map((r) => (
                  <option key={r} value={r}>
                    {t.roles[r]}
                  </option>
                ))}
              </select>
            </div>
            <Field label={t.name} value={p.name} onChange={(e) => setParty(i, { name: e.target.value })} error={err(`parties.${i}.name`)} autoFocus={i === parties.findIndex((x) => !x.name)} />
            <Field label={t.nationalId} value={p.nationalId} onChange={(e) => setParty(i, { nationalId: e.target.value })} error={err(`parties.${i}.nationalId`)} inputMode="numeric" dir="ltr" />
            <button type="button" className="button button-quiet party-remove" disabled={parties.length === 1} onClick={() => setParties((ps) => ps.filter((_, j) => j !== i))}>
              {t.removeParty}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setParties((ps) => [...ps, { role: 'other', name: '', nationalId: '' }])}>
          {t.addParty}
        </button>
      </fieldset>

      <div className="field-row">
        <div className="field">
          <label htmlFor="instance">{t.instance}</label>
          <select id="instance" value={instance} onChange={(e) => setInstance(e.target.value as typeof instance)}>
            {instances.map((x) => (
              <option key={x} value={x}>
                {t.instances[x]}
              </option>
            ))}
          </select>
        </div>
        <Field label={t.pages} value={pages} onChange={(e) => setPages(e.target.value)} error={err('pages')} inputMode="numeric" />
        <Field label={t.persons} hint={t.personsHint} value={persons} onChange={(e) => setPersons(e.target.value)} error={err('persons')} inputMode="numeric" />
      </div>

      {sheetsApply && (
        <fieldset className="claim">
          <legend>{t.claim}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="claim-kind">{t.claim}</label>
              <select id="claim-kind" value={claimKind} onChange={(e) => setClaimKind(e.target.value)}>
                <option value="none">{t.claimKinds.none}</option>
                {claimKinds.map((k) => (
                  <option key={k} value={k}>
                    {t.claimKinds[k] ?? k}
                  </option>
                ))}
              </select>
            </div>
            {(percentage.has(claimKind) || claimKind === 'nonMonetary') && (
              <MoneyField
                label={claimKind === 'nonMonetary' ? t.nonMonetaryAmount : t.claimValue}
                value={claimValue}
                onChange={setClaimValue}
                error={err('judicialCosts.claims.0.valueRials') ?? err('judicialCosts.claims.0.amountRials') ?? err('judicialCosts.claims.0')}
              />
            )}
            <Field label={t.formSheets} value={sheets} onChange={(e) => setSheets(e.target.value)} error={err('judicialCosts.formSheets')} inputMode="numeric" />
            <Field label={t.certifiedCopies} value={copies} onChange={(e) => setCopies(e.target.value)} error={err('judicialCosts.certifiedCopies')} inputMode="numeric" />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="judicial-exemption">{t.judicialExemption}</label>
              <select id="judicial-exemption" value={exempt} onChange={(e) => setExempt(e.target.value as typeof exempt)}>
                <option value="">{t.judicialExemptions.none}</option>
                {(['reliefCommittee', 'welfarePensioner', 'indigentByCourtDecision'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t.judicialExemptions[c]}
                  </option>
                ))}
              </select>
            </div>
            {exempt && (
              <>
                <Field label={fa.desk.fees.cardNumber} value={exemptCard} onChange={(e) => setExemptCard(e.target.value)} error={err('judicialCosts.exemption.evidence.cardNumber')} dir="ltr" />
                <Field label={fa.desk.fees.confirmationRef} value={exemptRef} onChange={(e) => setExemptRef(e.target.value)} error={err('judicialCosts.exemption.evidence.confirmationRef')} dir="ltr" />
              </>
            )}
          </div>
        </fieldset>
      )}
      <FormFooter error={action.error} busy={action.busy} label={t.submit} />
    </form>
  );
}
