import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useDocumentPrinter } from '../app/useDocumentPrinter';
import { DocumentPrintButton } from '../components/DocumentPrintButton';
import { anyReportInput, reportKinds, type AnyReportInput, type CashReport, type DiscountsReport, type ExemptionsReport, type ReportKind, type ServicesReport } from '../../core/api/report';
import { formatTime } from '../../core/format/jalali';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { receiptGapsText, receiptNumberText } from '../../core/report/receiptGaps';
import { useEnv } from '../app/api';
import { errorText, fieldErrors } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { saveFile, savePdf } from '../app/download';
import { DataTable } from '../components/DataTable';
import { moneyReportCsv, moneyReportFileName, type MoneyReport } from './moneyReportCsv';
import { FormError } from '../components/FormFooter';
import { KpiCard } from '../components/KpiCard';

const t = fa.moneyReports;

/** «۴٬۲۲۰٬۰۰۰»: Persian digits, «٬» every three digits (as on the receipts). */
export function rials(n: number): string {
  return toPersianDigits(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u066C'));
}
const num = (n: number) => toPersianDigits(n);
/** `1405-09-07` → «۱۴۰۵/۰۹/۰۷» */
const dayShown = (d: string) => toPersianDigits(d.replaceAll('-', '/'));
const receiptNo = (year: number, n: number) => toPersianDigits(receiptNumberText(year, n));
const requestNo = (year: number, n: number) => toPersianDigits(`${year}/${n}`);

interface Inputs {
  day: string;
  from: string;
  to: string;
  month: string;
}

/** The inputs as typed → the hub's input, or the Persian error per field. */
function parseInputs(kind: ReportKind, v: Inputs): { ok: true; input: AnyReportInput } | { ok: false; errors: Record<string, string> } {
  const raw = kind === 'cash' ? { kind, day: v.day } : kind === 'exemptions' ? { kind, month: v.month } : { kind, from: v.from, to: v.to };
  const parsed = anyReportInput.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'day');
      errors[field] ??= field === 'month' ? t.invalidMonth : t.invalidDay;
    }
    return { ok: false, errors };
  }
  const input = parsed.data;
  if ((input.kind === 'services' || input.kind === 'discounts') && input.to < input.from) return { ok: false, errors: { to: t.beforeFrom } };
  return { ok: true, input };
}

async function fetchReport(client: ReturnType<typeof useEnv>['client'], input: AnyReportInput): Promise<MoneyReport> {
  switch (input.kind) {
    case 'cash':
      return { kind: 'cash', data: await client.call('report.cash', { day: input.day }) };
    case 'services':
      return { kind: 'services', data: await client.call('report.services', { from: input.from, to: input.to }) };
    case 'exemptions':
      return { kind: 'exemptions', data: await client.call('report.exemptions', { month: input.month }) };
    case 'discounts':
      return { kind: 'discounts', data: await client.call('report.discounts', { from: input.from, to: input.to }) };
  }
}

/**
 * The manager's money reports: pick one, type its day, range or month (Persian or Latin digits),
 * see it as a table with totals, and save it as CSV (for Excel) or PDF (printed by the hub).
 */
export function Reports() {
  const { client } = useEnv();
  const [kind, setKind] = useState<ReportKind>('cash');
  const [inputs, setInputs] = useState<Inputs>(() => {
    const today = officeDay(new Date());
    return { day: dayShown(today), from: dayShown(`${today.slice(0, 8)}01`), to: dayShown(today), month: dayShown(today.slice(0, 7)) };
  });
  const [shown, setShown] = useState<{ report: MoneyReport; input: AnyReportInput } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);
  const latest = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => () => void latest.current++, []);
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);

  const choose = (k: ReportKind) => {
    if (k === kind) return;
    latest.current++;
    setKind(k);
    setShown(null);
    setErrors({});
    setError(null);
    setLoading(false);
  };

  const set = (field: keyof Inputs) => (e: { target: { value: string } }) => setInputs((v) => ({ ...v, [field]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseInputs(kind, inputs);
    setError(null);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    const ask = ++latest.current;
    setLoading(true);
    try {
      const report = await fetchReport(client, parsed.input);
      if (ask === latest.current) setShown({ report, input: parsed.input });
    } catch (err) {
      if (ask === latest.current) {
        setShown(null);
        setError(errorText(err));
        setErrors(fieldErrors(err));
      }
    } finally {
      if (ask === latest.current) setLoading(false);
    }
  }

  /** The export is recorded in the audit trail first; no record, no file. */
  async function downloadCsv() {
    if (!shown) return;
    setError(null);
    const fileName = moneyReportFileName(shown.report, 'csv');
    try {
      await client.call('report.exported', { report: shown.input, format: 'csv', fileName });
      saveFile(new Blob([moneyReportCsv(shown.report)], { type: 'text/csv;charset=utf-8' }), fileName);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function downloadPdf() {
    if (!shown || pdfBusy) return;
    setPdfBusy(true);
    setError(null);
    try {
      const { fileName, pdfBase64 } = await client.call('report.pdf', { report: shown.input });
      savePdf(pdfBase64, fileName);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setPdfBusy(false);
    }
  }

  return (
    <div className="day-report money-reports" aria-busy={loading}>
      <div className="day-picker" role="group" aria-label={t.pick}>
        {reportKinds.map((k) => (
          <button key={k} type="button" className={`button${k === kind ? ' button-primary' : ''}`} aria-pressed={k === kind} onClick={() => choose(k)}>
            {t.kinds[k]}
          </button>
        ))}
      </div>
      <p className="field-hint">{t.hints[kind]}</p>
      <form className="field-row report-period" onSubmit={(e) => void submit(e)} noValidate>
        {kind === 'cash' && <Field label={t.day} hint={t.dayHint} error={errors.day} value={inputs.day} onChange={set('day')} inputMode="numeric" autoComplete="off" />}
        {(kind === 'services' || kind === 'discounts') && (
          <>
            <Field label={t.from} hint={t.dayHint} error={errors.from} value={inputs.from} onChange={set('from')} inputMode="numeric" autoComplete="off" />
            <Field label={t.to} hint={t.dayHint} error={errors.to} value={inputs.to} onChange={set('to')} inputMode="numeric" autoComplete="off" />
          </>
        )}
        {kind === 'exemptions' && <Field label={t.month} hint={t.monthHint} error={errors.month} value={inputs.month} onChange={set('month')} inputMode="numeric" autoComplete="off" />}
        <div className="report-period-submit">
          <button type="submit" className="button button-primary" aria-disabled={loading || undefined}>
            {t.show}
          </button>
        </div>
      </form>
      <FormError error={error} />
      {loading && !shown && <EmptyState>{fa.common.loading}</EmptyState>}
      {!loading && !shown && !error && <EmptyState>{t.empty}</EmptyState>}
      {shown && (
        <>
          <div className="report-head">
            <h2 id="money-report-title" ref={heading} tabIndex={-1}>
              {titleOf(shown.report)}
            </h2>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => void downloadCsv()}>
                {t.csv}
              </button>
              <button type="button" className="button" aria-disabled={pdfBusy || undefined} onClick={() => void downloadPdf()}>
                {pdfBusy ? t.pdfBusy : t.pdf}
              </button>
              <PrintReport key={titleOf(shown.report)} input={shown.input} />
            </div>
          </div>
          <ReportBody report={shown.report} />
        </>
      )}
    </div>
  );
}

function titleOf(r: MoneyReport): string {
  switch (r.kind) {
    case 'cash':
      return t.titles.cash(dayShown(r.data.day));
    case 'services':
      return t.titles.services(dayShown(r.data.from), dayShown(r.data.to));
    case 'exemptions':
      return t.titles.exemptions(dayShown(r.data.month));
    case 'discounts':
      return t.titles.discounts(dayShown(r.data.from), dayShown(r.data.to));
  }
}

function ReportBody({ report }: { report: MoneyReport }) {
  switch (report.kind) {
    case 'cash':
      return <Cash r={report.data} />;
    case 'services':
      return <Services r={report.data} />;
    case 'exemptions':
      return <Exemptions r={report.data} />;
    case 'discounts':
      return <Discounts r={report.data} />;
  }
}

interface Column {
  label: string;
  number?: boolean;
}

/** A table with its caption as a heading, numbers in their own cells, and a totals row. */
function Table({ id, title, columns, rows, foot }: { id: string; title: string; columns: Column[]; rows: ReactNode[][]; foot?: ReactNode[] }) {
  const cls = (c: Column | undefined) => (c?.number ? 'number-cell' : undefined);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <DataTable
        labelledBy={`${id}-title`}
        columns={columns}
        foot={
          foot && (
            <tfoot>
              <tr className="total-row">
                {foot.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j} className={cls(columns[j])}>{cell}</td>))}
              </tr>
            </tfoot>
          )
        }
      >
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j} className={cls(columns[j])}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

const ltr = (s: string) => <bdi dir="ltr">{s}</bdi>;

function Cash({ r }: { r: CashReport }) {
  const c = t.cash;
  const rc = r.receipts;
  const sums = (name: string, rows: Array<{ key: string | number; name: string; count: number; amountRials: number }>): [Column[], ReactNode[][], ReactNode[]] => [
    [{ label: name }, { label: c.count, number: true }, { label: c.amount, number: true }],
    rows.map((x) => [x.name, num(x.count), rials(x.amountRials)]),
    [t.total, num(r.count), rials(r.totalRials)],
  ];
  const table = (id: string, title: string, [columns, rows, foot]: ReturnType<typeof sums>) => <Table id={id} title={title} columns={columns} rows={rows} foot={foot} />;
  if (r.count === 0) {
    return (
      <>
        <EmptyState>{c.noReceipts}</EmptyState>
        {!rc.contiguous && <p className="form-warning" role="status">{c.gaps(gapList(rc))}</p>}
      </>
    );
  }
  const cols = c.columns;
  return (
    <>
      <ul className="kpi-cards" aria-labelledby="money-report-title">
        <KpiCard label={c.grandTotal} value={t.rials(rials(r.totalRials))} />
        <KpiCard label={c.count} value={num(r.count)} />
      </ul>
      <p className={rc.contiguous ? 'field-hint' : 'form-warning'} role={rc.contiguous ? undefined : 'status'}>
        {rc.first !== null && rc.last !== null && `${c.receipts(receiptNo(rc.year, rc.first), receiptNo(rc.year, rc.last))} — `}
        {rc.contiguous ? c.contiguous : c.gaps(gapList(rc))}
      </p>
      {table('cash-method', c.byMethod, sums(c.method, r.byMethod.map((m) => ({ key: m.method, name: t.methods[m.method], count: m.count, amountRials: m.amountRials }))))}
      {table('cash-part', c.byPart, sums(c.part, r.byPart.map((p) => ({ key: p.part, name: t.parts[p.part], count: p.count, amountRials: p.amountRials }))))}
      {r.auditHead && (
        <p className="field-hint audit-anchor">
          {c.auditHead}: {num(r.auditHead.seq)} — <bdi dir="ltr">{r.auditHead.hash}</bdi>
        </p>
      )}
      {table('cash-clerk', c.byClerk, sums(c.clerk, r.byClerk.map((k) => ({ key: k.staffId, name: toPersianDigits(k.name), count: k.count, amountRials: k.amountRials }))))}
      <Table
        id="cash-payments"
        title={c.payments}
        columns={[
          { label: cols.receipt, number: true },
          { label: cols.time, number: true },
          { label: cols.request, number: true },
          { label: cols.service },
          { label: cols.part },
          { label: cols.method },
          { label: cols.rrn },
          { label: cols.clerk },
          { label: cols.amount, number: true },
        ]}
        rows={r.payments.map((p) => [
          receiptNo(p.receiptYear, p.receiptNumber),
          <time dateTime={p.at}>{formatTime(p.at, false)}</time>,
          requestNo(p.requestYear, p.requestNumber),
          t.serviceNames[p.service],
          t.parts[p.part],
          t.methods[p.method],
          ltr(p.rrn),
          toPersianDigits(p.clerk),
          rials(p.amountRials),
        ])}
        foot={[t.total, '', '', '', '', '', '', '', rials(r.totalRials)]}
      />
      {r.refunds.count > 0 && (
        <>
          <Table
            id="cash-refund-clerk"
            title={c.refundsByClerk}
            columns={[{ label: c.clerk }, { label: c.method }, { label: c.count, number: true }, { label: c.amount, number: true }]}
            rows={r.refunds.byClerk.map((k) => [toPersianDigits(k.name), t.methods[k.method], num(k.count), rials(k.amountRials)])}
            foot={[c.refundTotal, '', num(r.refunds.count), rials(r.refunds.totalRials)]}
          />
          <Table
            id="cash-refunds"
            title={c.refunds}
            columns={[
              { label: c.refundColumns.receipt, number: true },
              { label: c.refundColumns.request, number: true },
              { label: c.refundColumns.method },
              { label: c.refundColumns.reason },
              { label: c.refundColumns.clerk },
              { label: c.refundColumns.approvedBy },
              { label: c.refundColumns.amount, number: true },
            ]}
            rows={r.refunds.rows.map((f) => [
              receiptNo(f.receiptYear, f.receiptNumber),
              requestNo(f.requestYear, f.requestNumber),
              t.methods[f.method],
              toPersianDigits(f.reason),
              toPersianDigits(f.clerk),
              f.approvedBy ? toPersianDigits(f.approvedBy) : '—',
              rials(f.amountRials),
            ])}
            foot={[c.refundTotal, '', '', '', '', '', rials(r.refunds.totalRials)]}
          />
          <p className="field-hint">
            {c.net}: {t.rials(rials(r.netRials))}
          </p>
        </>
      )}
    </>
  );
}

function gapList(rc: CashReport['receipts']): string {
  return toPersianDigits(receiptGapsText(rc));
}

function Services({ r }: { r: ServicesReport }) {
  const c = t.services.columns;
  if (r.rows.length === 0) return <EmptyState>{t.services.empty}</EmptyState>;
  const figures = (x: ServicesReport['total']) => [num(x.opened), num(x.settled), num(x.cancelled), num(x.clerkError), num(x.refused), rials(x.officeTariffRials), rials(x.judicialCostRials), rials(x.amountRials)];
  return (
    <Table
      id="services"
      title={t.kinds.services}
      columns={[{ label: c.service }, ...[c.opened, c.settled, c.cancelled, c.clerkError, c.refused, c.officeTariff, c.judicialCost, c.amount].map((label) => ({ label, number: true }))]}
      rows={r.rows.map((x) => [t.serviceNames[x.service], ...figures(x)])}
      foot={[t.total, ...figures(r.total)]}
    />
  );
}

function Exemptions({ r }: { r: ExemptionsReport }) {
  const c = t.exemptions.columns;
  if (r.rows.length === 0) return <EmptyState>{t.exemptions.empty}</EmptyState>;
  return (
    <>
      <ul className="kpi-cards" aria-labelledby="money-report-title">
        <KpiCard label={t.exemptions.claim} value={t.rials(rials(r.total.exemptRials))} />
        <KpiCard label={c.count} value={num(r.total.count)} />
      </ul>
      <Table
        id="exemptions"
        title={t.kinds.exemptions}
        columns={[
          { label: c.day, number: true },
          { label: c.request, number: true },
          { label: c.service },
          { label: c.applicant },
          { label: c.applicantId },
          { label: c.category },
          { label: c.card },
          { label: c.ref },
          { label: c.exempt, number: true },
          { label: c.judicialExempt, number: true },
        ]}
        rows={r.rows.map((x) => [
          dayShown(x.day),
          requestNo(x.requestYear, x.requestNumber),
          t.serviceNames[x.service],
          x.applicantName,
          ltr(x.applicantId),
          t.categories[x.category],
          x.cardNumber === null ? fa.managerQueue.nothing : ltr(x.cardNumber),
          ltr(x.confirmationRef),
          rials(x.exemptRials),
          rials(x.judicialExemptRials),
        ])}
        foot={[t.total, '', '', '', '', '', '', '', rials(r.total.exemptRials), rials(r.total.judicialExemptRials)]}
      />
      <Table
        id="exemptions-category"
        title={t.exemptions.byCategory}
        columns={[{ label: c.category }, { label: c.count, number: true }, { label: c.exempt, number: true }]}
        rows={r.byCategory.map((x) => [t.categories[x.category], num(x.count), rials(x.exemptRials)])}
        foot={[t.total, num(r.total.count), rials(r.total.exemptRials)]}
      />
    </>
  );
}

function Discounts({ r }: { r: DiscountsReport }) {
  const c = t.discounts.columns;
  if (r.rows.length === 0) return <EmptyState>{t.discounts.empty}</EmptyState>;
  return (
    <Table
      id="discounts"
      title={t.kinds.discounts}
      columns={[
        { label: c.day, number: true },
        { label: c.request, number: true },
        { label: c.receipt, number: true },
        { label: c.service },
        { label: c.tariff, number: true },
        { label: c.discount, number: true },
        { label: c.reason },
        { label: c.clerk },
      ]}
      rows={r.rows.map((x) => [
        dayShown(x.day),
        requestNo(x.requestYear, x.requestNumber),
        receiptNo(x.receiptYear, x.receiptNumber),
        t.serviceNames[x.service],
        rials(x.officeTariffRials),
        rials(x.discountRials),
        toPersianDigits(x.reason),
        toPersianDigits(x.clerk),
      ])}
      foot={[t.total, '', '', '', rials(r.total.officeTariffRials), rials(r.total.discountRials), '', '']}
    />
  );
}

/** «چاپ A4» of the report on screen, where this PC is a workstation with a document printer (asked only once a report is shown). */
function PrintReport({ input }: { input: AnyReportInput }) {
  const { client } = useEnv();
  const documentPrinter = useDocumentPrinter();
  if (!documentPrinter) return null;
  return <DocumentPrintButton label={fa.documentPrint.printA4} print={() => client.call('report.pdf', { report: input, print: true })} />;
}
