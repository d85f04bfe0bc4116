import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { searchKinds, searchPurposes, type SearchKind, type SearchPurpose, type SearchResult } from '../../core/api/search';
import { paymentPartFa, serviceFa } from '../../core/fees/labels.fa';
import { applicantName } from '../../core/identity/applicant';
import { formatJalaliDateShort } from '../../core/format/jalali';
import { formatRials } from '../../core/format/money';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { savePdf } from '../app/download';
import { useAction } from '../app/useAction';
import { EmptyState } from '../components/EmptyState';
import { FormError } from '../components/FormFooter';
import { Modal } from '../components/Modal';
import { fa } from '../i18n/fa';

type Opened = ProcedureOutput<'search.open'>;

/** «۱۴۰۵/۱۲» */
const numberOf = (r: { year: number; number: number }) => toPersianDigits(`${r.year}/${r.number}`);
/** «۱۴۰۵-۰۹-۰۷» → «۱۴۰۵/۰۹/۰۷» */
const dayOf = (officeDay: string) => toPersianDigits(officeDay.replaceAll('-', '/'));

/**
 * «جستجوی درخواست» (docs/SEARCH.md): the search form, the results — masked unless the request is served
 * at this counter — then a found request opened with a purpose, and its detail: applicant, the central
 * system's tracking code and decision, its receipts to issue again («المثنی»), and the actions area
 * where the follow-up of a returned request starts. Keyboard first: the text field has focus, Enter
 * searches, Tab walks the results, Enter on «باز کردن» asks the purpose, Esc goes back a level.
 */
export function RequestSearch({ counterId, onClose }: { counterId: number | null; onClose?: () => void }) {
  const t = fa.requestSearch;
  const { client } = useEnv();
  const [kind, setKind] = useState<SearchKind>('trackingCode');
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [found, setFound] = useState<ProcedureOutput<'search.requests'> | null>(null);
  const [asking, setAsking] = useState<SearchResult | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const search = useAction();
  const textRef = useRef<HTMLInputElement>(null);
  const withCounter = counterId === null ? {} : { counterId };

  useEffect(() => textRef.current?.focus(), [kind]);
  // Esc: from the detail back to the results; from the results out (the counter's dialog)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || asking) return;
      if (opened) setOpened(null);
      else onClose?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [asking, opened, onClose]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const query = kind === 'dateRange' ? { kind, from, ...(to.trim() ? { to } : {}) } : { kind, text };
    const out = await search.run(() => client.call('search.requests', { query, ...withCounter }));
    if (out) {
      setFound(out);
      setOpened(null);
    }
  }

  if (opened) return <RequestDetail opened={opened} counterId={counterId} onBack={() => setOpened(null)} />;

  return (
    <section className="request-search" aria-labelledby="request-search-title">
      <h2 id="request-search-title">{t.title}</h2>
      <p className="muted">{t.privacy}</p>
      <form className="request-search-form" role="search" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="request-search-kind">{t.kind}</label>
          <select id="request-search-kind" value={kind} onChange={(e) => setKind(e.target.value as SearchKind)}>
            {searchKinds.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k]}
              </option>
            ))}
          </select>
        </div>
        {kind === 'dateRange' ? (
          <>
            <div className="field">
              <label htmlFor="request-search-from">{t.from}</label>
              <input id="request-search-from" ref={textRef} dir="ltr" inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="۱۴۰۵/۰۹/۰۱" />
            </div>
            <div className="field">
              <label htmlFor="request-search-to">{t.to}</label>
              <input id="request-search-to" dir="ltr" inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value)} placeholder="۱۴۰۵/۰۹/۰۷" />
              <small className="field-hint">{t.dayHint}</small>
            </div>
          </>
        ) : (
          <div className="field request-search-text">
            <label htmlFor="request-search-text">{t.text}</label>
            <input id="request-search-text" ref={textRef} type="search" dir={kind === 'name' ? 'rtl' : 'ltr'} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
            <small className="field-hint">{t.hints[kind]}</small>
          </div>
        )}
        <button type="submit" className="button button-primary" disabled={search.busy}>
          {t.submit} <kbd>Enter</kbd>
        </button>
      </form>
      <FormError error={search.error} />
      {found && <Results found={found} onOpen={setAsking} />}
      {asking && (
        <PurposeDialog
          result={asking}
          onClose={() => setAsking(null)}
          onOpen={async (purpose, note) => {
            const out = await client.call('search.open', { requestId: asking.id, purpose, note, ...withCounter });
            setAsking(null);
            setOpened(out);
          }}
        />
      )}
    </section>
  );
}

function Results({ found, onOpen }: { found: ProcedureOutput<'search.requests'>; onOpen: (r: SearchResult) => void }) {
  const t = fa.requestSearch;
  if (found.results.length === 0) return <EmptyState>{t.none}</EmptyState>;
  return (
    <>
      <p className="muted" role="status">
        {t.count(toPersianDigits(found.results.length))}
      </p>
      {found.more && <p className="dialog-warning">{t.more}</p>}
      <div className="table-scroll">
        <table className="table request-search-results">
          <thead>
            <tr>
              {Object.entries(t.columns).map(([k, label]) => (
                <th key={k} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {found.results.map((r) => (
              <tr key={r.id}>
                <td>{numberOf(r)}</td>
                <td>{serviceFa[r.service]}</td>
                <td>{t.statuses[r.status]}</td>
                <td>{dayOf(r.officeDay)}</td>
                <td>
                  {r.applicant?.name ?? '—'}
                  {r.servedHere && <span className="badge">{t.servedHere}</span>}
                </td>
                <td>
                  <span dir="ltr" className="mono">
                    {r.applicant ? toPersianDigits(r.applicant.idNumber) : '—'}
                  </span>
                </td>
                <td>
                  <span dir="ltr" className="mono">
                    {r.trackingCode ? formatTrackingCode(r.trackingCode) : '—'}
                  </span>
                </td>
                <td>
                  <button type="button" className="button" onClick={() => onOpen(r)} aria-label={`${t.open} ${numberOf(r)}`}>
                    {t.open}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Why this request is opened: one of the short list, and a note («سایر» needs one). Enter opens. */
function PurposeDialog({ result, onClose, onOpen }: { result: SearchResult; onClose: () => void; onOpen: (purpose: SearchPurpose, note: string) => Promise<void> }) {
  const t = fa.requestSearch;
  const [purpose, setPurpose] = useState<SearchPurpose>(result.servedHere ? 'applicantReturned' : 'statusQuestion');
  const [note, setNote] = useState('');
  const action = useAction();
  const ready = purpose !== 'other' || note.trim().length >= 3;
  return (
    <Modal title={t.purposeTitle(numberOf(result))} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void action.run(() => onOpen(purpose, note.trim()));
        }}
        noValidate
      >
        {!result.servedHere && <p className="dialog-warning">{t.purposeIntro}</p>}
        <fieldset className="search-purposes">
          <legend>{t.purpose}</legend>
          {searchPurposes.map((p) => (
            <label key={p}>
              <input type="radio" name="search-purpose" checked={purpose === p} onChange={() => setPurpose(p)} /> {t.purposes[p]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="search-purpose-note">{t.note}</label>
          <input id="search-purpose-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
          <small className="field-hint">{t.noteHint}</small>
        </div>
        <FormError error={action.error} />
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={!ready || action.busy}>
            {t.confirmOpen} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onClose}>
            {fa.common.close} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The opened request: who, what the central system says, its receipts again, and the actions area. */
function RequestDetail({ opened, counterId, onBack }: { opened: Opened; counterId: number | null; onBack: () => void }) {
  const t = fa.requestSearch;
  const { client } = useEnv();
  const r = opened.request;
  const reprint = useAction();
  const followUp = useAction();
  const [done, setDone] = useState<string | null>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  const a = r.applicant?.data;
  const id = a ? (a.kind === 'natural' ? a.nationalId : a.kind === 'legalEntity' ? a.legalId : (a.foreignId ?? a.passportNumber ?? '')) : null;
  const sub = r.submission;

  async function issue(receipt: { kind: 'payment'; paymentId: string } | { kind: 'filing' }, output: 'pdf' | 'print') {
    setDone(null);
    const out = await reprint.run(() => client.call('search.reprint', { requestId: r.id, receipt, output, ...(counterId === null ? {} : { counterId }) }));
    if (!out) return;
    if (out.pdfBase64 && out.fileName) {
      savePdf(out.pdfBase64, out.fileName);
      setDone(t.pdfSaved(out.fileName, out.duplicate));
    } else if (out.printer) setDone(t.printed(out.printer, out.duplicate));
  }

  return (
    <section className="request-search-detail" aria-labelledby="search-detail-title">
      <h2 id="search-detail-title">{t.detailTitle(numberOf(r), serviceFa[r.service])}</h2>
      <dl className="facts">
        <dt>{fa.requestSearch.columns.status}</dt>
        <dd>{t.statuses[r.status]}</dd>
        <dt>{t.day}</dt>
        <dd>
          {dayOf(r.officeDay)} — {t.counter(toPersianDigits(r.counterId))}
        </dd>
        <dt>{t.applicant}</dt>
        <dd>{a ? applicantName(a) : '—'}</dd>
        <dt>{t.idNumber}</dt>
        <dd>
          <span dir="ltr" className="mono">
            {id ? toPersianDigits(id) : '—'}
          </span>
        </dd>
      </dl>

      <h3>{t.submission}</h3>
      {sub ? (
        <dl className="facts">
          <dt>{fa.send.trackingCode}</dt>
          <dd>
            <span dir="ltr" className="mono">
              {sub.trackingCode ? formatTrackingCode(sub.trackingCode) : '—'}
            </span>
          </dd>
          <dt>{t.decision}</dt>
          <dd>
            {sub.authorityStatus ? fa.send.authority[sub.authorityStatus] : t.noDecision}
            {sub.authorityReason && <div className="muted">{t.returnedReason(sub.authorityReason)}</div>}
          </dd>
        </dl>
      ) : (
        <p className="muted">{t.notSent}</p>
      )}

      <h3>{t.receipts}</h3>
      <p className="muted">{t.receiptsHint}</p>
      {r.receipts.length === 0 && <p className="muted">{t.noReceipts}</p>}
      <ul className="search-receipts">
        {r.receipts.map((rc) => {
          const p = r.payments.find((x) => x.id === rc.paymentId);
          return (
            <li key={rc.paymentId}>
              <span>{t.receiptLine(toPersianDigits(`${rc.year}/${String(rc.number).padStart(6, '0')}`), p ? paymentPartFa[p.part] : '', p ? formatRials(p.amountRials) : '')}</span>
              {counterId !== null && (
                <button type="button" className="button" disabled={reprint.busy} onClick={() => void issue({ kind: 'payment', paymentId: rc.paymentId }, 'print')}>
                  {t.reprintPrint}
                </button>
              )}
              <button type="button" className="button" disabled={reprint.busy} onClick={() => void issue({ kind: 'payment', paymentId: rc.paymentId }, 'pdf')}>
                {t.reprintPdf}
              </button>
            </li>
          );
        })}
        {sub && (
          <li>
            <span>{t.filingReceipt}</span>
            {counterId !== null && (
              <button type="button" className="button" disabled={reprint.busy} onClick={() => void issue({ kind: 'filing' }, 'print')}>
                {t.reprintPrint}
              </button>
            )}
            <button type="button" className="button" disabled={reprint.busy} onClick={() => void issue({ kind: 'filing' }, 'pdf')}>
              {t.reprintPdf}
            </button>
          </li>
        )}
      </ul>
      <FormError error={reprint.error} />
      {done && (
        <p className="form-notice" role="status">
          {done}
        </p>
      )}

      {/* The actions area: «پیگیری رفع نقص» of a returned request opens the remedy on the ticket this counter serves (followUp.start). */}
      <section className="search-actions" aria-labelledby="search-actions-title" data-slot="follow-up">
        <h3 id="search-actions-title">{t.actions}</h3>
        {!opened.returned ? (
          <p className="muted">{t.noActions}</p>
        ) : counterId === null ? (
          <p className="dialog-warning">{t.followUpAtCounter}</p>
        ) : (
          <>
            <p className="dialog-warning">{t.followUpSlot}</p>
            <button
              type="button"
              className="button button-primary"
              disabled={followUp.busy}
              onClick={() => {
                setDone(null);
                void followUp.run(() => client.call('followUp.start', { requestId: r.id, counterId })).then((out) => out && setDone(t.followUpStarted));
              }}
            >
              {t.followUpStart}
            </button>
            <FormError error={followUp.error} />
          </>
        )}
      </section>

      <button ref={backRef} type="button" className="button" onClick={onBack}>
        {t.back} <kbd>Esc</kbd>
      </button>
    </section>
  );
}
