import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProcedureInput, ProcedureOutput } from '../../core/api/contract';
import { isOfficeDay, versionInForce } from '../../core/fees/effectiveDay';
import { feeLineFa } from '../../core/fees/labels.fa';
import { MAX_TARIFF_ITEM_RIALS, tariffItemCodes, type TariffItemCode } from '../../core/fees/tariff';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { formatRialsDigits } from '../../core/format/money';
import { officeDay, readJalaliDay } from '../../core/format/jalaliDay';
import { normalizeInput, toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { errorText, fieldErrors } from '../app/errors';
import { useHubClock } from '../app/useHubClock';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { MoneyField } from '../components/MoneyField';
import { fa } from '../i18n/fa';
import { officeDayLabel } from './figures';
import type { FieldErrors } from './forms';
import { FormError, FormNotice } from '../components/FormFooter';
import { DataTable } from '../components/DataTable';
import { savePdf } from '../app/download';

type Table = ProcedureOutput<'tariff.tables'>['tables'][number];
/** What «جدول تازه» sends, normalised (the contract's input type is wider: its text fields take unknown). */
type NewTable = { id: string; title: string; effectiveFrom: string; source: string; items: Partial<Record<TariffItemCode, number>> } & ProcedureInput<'tariff.addTable'>;

const t = fa.managerTariffs;
const f = fa.managerTariffs.form;

// ---------- reading what the manager typed (pure; exported for the tests) ----------

/** «۱۴۰۶/۱/۱», «1406-01-01» → `1406-01-01`; `undefined` when it is not a real Jalali day. */
export function readEffectiveDay(text: string): string | undefined {
  const day = readJalaliDay(text);
  // years 1300–1499 only, as the tables keep them: a Gregorian date is refused, not sorted last
  return isOfficeDay(day) ? day : undefined;
}

/** «۷۷۰٬۰۰۰», «770,000», «770000» → 770000; `null` when left empty, `undefined` when it is no amount. */
export function readRials(text: string): number | null | undefined {
  const s = normalizeInput(text).replace(/[\s,٬،]/g, '');
  if (s === '') return null;
  if (!/^[0-9]{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= MAX_TARIFF_ITEM_RIALS ? n : undefined;
}

/** «۲۵», «12.5», «۱۲٫۵» → hundredths of a per cent (2500, 1250); `undefined` outside (0, 500] or beyond 2 decimals. */
export function readPercent(text: string): number | undefined {
  const m = /^([0-9]{1,3})(?:[.٫/]([0-9]{1,2}))?$/.exec(normalizeInput(text).replace(/[%٪]$/, '').trim());
  if (!m) return undefined;
  const hundredths = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 && hundredths <= 50_000 ? hundredths : undefined;
}

/**
 * `rials` raised by a percentage (in hundredths of a per cent), rounded DOWN to the nearest 1,000
 * rials: the tariff must never be charged above what was approved (ماده ۳۸ ذ), so a rounding may
 * only lower a figure. Integer arithmetic only (≤ 1e9 × 60,000 stays far below 2^53).
 */
export function raiseRials(rials: number, hundredthsOfPercent: number): number {
  const raised = Math.floor((rials * (10_000 + hundredthsOfPercent)) / 10_000);
  return Math.min(MAX_TARIFF_ITEM_RIALS, Math.floor(raised / 1000) * 1000);
}

/** What an amount input shows: Persian digits with thousands separators, empty for no figure. */
const amountShown = (rials: number | undefined): string => (rials === undefined ? '' : formatRialsDigits(rials));

/** 1 Farvardin of the year after `today` (`1405-09-07` → `1406-01-01`). */
function nextNewYear(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}-01-01`;
}

// ---------- the section ----------

/**
 * The manager's «تعرفه‌ها»: every tariff table on record, oldest first, the one in force today
 * marked; the items of the chosen one; and «جدول تازه», prefilled from the latest table, to add
 * next year's. A table once added is never edited or deleted (the hub has no way to).
 */
export function TariffTables() {
  const { client } = useEnv();
  const today = officeDay(useHubClock());
  const [tables, setTables] = useState<Table[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [staffNames, setStaffNames] = useState<ReadonlyMap<number, string>>(new Map());
  const addButton = useRef<HTMLButtonElement>(null);
  const [printing, setPrinting] = useState(false);
  const [posterError, setPosterError] = useState<string | null>(null);

  /** The A3 poster of the table in force today, for the waiting room's wall (ماده ۳۴ ت). */
  async function printPoster() {
    setPrinting(true);
    setPosterError(null);
    try {
      const { fileName, pdfBase64 } = await client.call('tariff.poster', {});
      savePdf(pdfBase64, fileName);
    } catch (err) {
      setPosterError(errorText(err));
    } finally {
      setPrinting(false);
    }
  }

  const load = useCallback(async (): Promise<Table[] | null> => {
    try {
      const { tables: list } = await client.call('tariff.tables', {});
      const sorted = [...list].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
      setTables(sorted);
      setLoadError(null);
      return sorted;
    } catch (err) {
      setLoadError(errorText(err));
      return null;
    }
  }, [client]);

  useEffect(() => {
    void load();
    // who added a table: the staff list is the manager's; without it the user's number is shown
    client.call('staff.list', {}).then(
      ({ staff }) => setStaffNames(new Map(staff.map((s) => [s.id, s.displayName]))),
      () => {},
    );
  }, [client, load]);

  if (loadError && !tables) {
    return (
      <p className="form-error" role="alert">
        {loadError}
      </p>
    );
  }
  if (!tables) return <EmptyState>{fa.common.loading}</EmptyState>;

  const inForce = versionInForce(tables, today);
  const shownTable = tables.find((x) => x.id === selected) ?? inForce ?? tables[tables.length - 1];
  const latest = tables[tables.length - 1];

  const closeForm = () => {
    setAdding(false);
    queueMicrotask(() => addButton.current?.focus());
  };

  return (
    <div className="tariff-tables">
      <section className="card" aria-labelledby="tariffs-title">
        <div className="card-head">
          <h2 id="tariffs-title">{t.title}</h2>
          <button type="button" className="button" disabled={printing} onClick={() => void printPoster()}>
            {printing ? t.posterPrinting : t.poster}
          </button>
          <button
            type="button"
            className="button button-primary"
            ref={addButton}
            aria-expanded={adding}
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {t.add}
          </button>
        </div>
        <p className="lead">{t.intro}</p>
        <p className="tariff-locked">{t.locked}</p>
        <FormNotice notice={notice} />
        <FormError error={loadError ?? posterError} />
        {tables.length === 0 ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <div className="table-scroll">
            <DataTable labelledBy="tariffs-title" className="tariff-list" scroll={false} columns={[t.columns.title, t.columns.effectiveFrom, t.columns.status, t.columns.id, { label: t.columns.actions, hidden: true }]}>
              {tables.map((table, i) => {
                const next = tables[i + 1];
                const isShown = table.id === shownTable?.id;
                return (
                  <tr key={table.id} className={`${table === inForce ? 'tariff-row-in-force' : ''}${isShown ? ' tariff-row-shown' : ''}`.trim() || undefined}>
                    <th scope="row">{toPersianDigits(table.title)}</th>
                    <td>{officeDayLabel(table.effectiveFrom)}</td>
                    <td>
                      {table === inForce ? (
                        <span className="tariff-badge tariff-badge-in-force">{t.inForce}</span>
                      ) : table.effectiveFrom > today ? (
                        <span className="tariff-badge tariff-badge-future">{t.future(officeDayLabel(table.effectiveFrom))}</span>
                      ) : (
                        <span className="muted">{t.past(officeDayLabel(next?.effectiveFrom ?? table.effectiveFrom))}</span>
                      )}
                    </td>
                    <td>
                      <bdi dir="ltr" className="tariff-id">
                        {table.id}
                      </bdi>
                    </td>
                    <td>
                      <button type="button" className="button button-quiet" aria-pressed={isShown} aria-label={t.showLabel(toPersianDigits(table.title))} onClick={() => setSelected(table.id)}>
                        {isShown ? t.showing : t.show}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
            {!inForce && <p className="form-error">{t.notInForceYet}</p>}
          </div>
        )}
      </section>

      {adding && (
        <NewTableForm
          tables={tables}
          latest={latest}
          today={today}
          onCancel={closeForm}
          onAdded={async (added) => {
            setNotice(t.saved(toPersianDigits(added.title), officeDayLabel(added.effectiveFrom)));
            setSelected(added.id);
            closeForm();
            await load();
          }}
          onOverlap={load}
        />
      )}

      {shownTable && <TableItems table={shownTable} staffNames={staffNames} />}
    </div>
  );
}

function TableItems({ table, staffNames }: { table: Table; staffNames: ReadonlyMap<number, string> }) {
  const d = t.details;
  const who = table.addedBy === null ? null : (staffNames.get(table.addedBy) ?? d.user(toPersianDigits(table.addedBy)));
  const when = formatJalaliDateTime(table.addedAt);
  return (
    <section className="card" aria-labelledby="tariff-items-title">
      <h2 id="tariff-items-title">{toPersianDigits(table.title)}</h2>
      <dl className="facts tariff-facts">
        <dt>{d.id}</dt>
        <dd>
          <bdi dir="ltr">{table.id}</bdi>
        </dd>
        <dt>{d.effectiveFrom}</dt>
        <dd>{officeDayLabel(table.effectiveFrom)}</dd>
        <dt>{d.source}</dt>
        <dd>{toPersianDigits(table.source)}</dd>
        <dt>{d.added}</dt>
        <dd>{who === null ? d.shipped : d.addedBy(who, when)}</dd>
      </dl>
      <DataTable labelledBy="tariff-items-title" className="tariff-items" scroll={false} columns={[t.items.item, { label: t.items.amount, className: 'num' }]}>
        {tariffItemCodes.map((code) => {
          const rials = table.items[code];
          return (
            <tr key={code} className={rials === undefined ? 'row-quiet' : undefined}>
              <th scope="row">{feeLineFa[code]}</th>
              <td className="num">{rials === undefined ? t.missing : formatRialsDigits(rials)}</td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}

// ---------- «جدول تازه» ----------

interface FormProps {
  tables: Table[];
  latest: Table | undefined;
  today: string;
  onCancel: () => void;
  onAdded: (added: NewTable) => void | Promise<void>;
  /** the hub said the id or day is taken: the list is reloaded, and the fresh one returned */
  onOverlap: () => Promise<Table[] | null>;
}

type Amounts = Record<TariffItemCode, string>;

const amountsOf = (table: Table | undefined): Amounts =>
  Object.fromEntries(tariffItemCodes.map((code) => [code, amountShown(table?.items[code])])) as Amounts;

function NewTableForm({ tables, latest, today, onCancel, onAdded, onOverlap }: FormProps) {
  const { client } = useEnv();
  // next Farvardin after today, or after the latest table when one is already waiting to take effect
  const firstDay = nextNewYear(latest && latest.effectiveFrom > today ? latest.effectiveFrom : today);
  const year = (day: string) => toPersianDigits(day.slice(0, 4));
  const [form, setForm] = useState({
    effectiveFrom: officeDayLabel(firstDay),
    title: f.titleFor(year(firstDay)),
    source: '',
    id: `office-${firstDay.slice(0, 4)}`,
  });
  // The title and id follow the effective year until the manager types one of their own.
  const [own, setOwn] = useState({ title: false, id: false });
  const [amounts, setAmounts] = useState<Amounts>(() => amountsOf(latest));
  const [percent, setPercent] = useState('');
  const [percentNote, setPercentNote] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [ready, setReady] = useState<NewTable | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const reviewButton = useRef<HTMLButtonElement>(null);
  /** From the confirmation back to the form, the keyboard at «بررسی و ثبت». */
  const back = () => {
    setReady(null);
    queueMicrotask(() => reviewButton.current?.focus());
  };

  useEffect(() => {
    if (ready) confirmButton.current?.focus();
  }, [ready]);

  const edited = () => {
    setReady(null);
    setMessage(null);
  };

  const setText = (key: 'effectiveFrom' | 'title' | 'source' | 'id') => (e: { target: { value: string } }) => {
    const value = e.target.value;
    edited();
    setForm((v) => {
      const next = { ...v, [key]: value };
      if (key === 'effectiveFrom') {
        const day = readEffectiveDay(value);
        if (day && !own.title) next.title = f.titleFor(year(day));
        if (day && !own.id) next.id = `office-${day.slice(0, 4)}`;
      }
      return next;
    });
    if (key === 'title' || key === 'id') setOwn((o) => ({ ...o, [key]: true }));
  };

  const applyPercent = () => {
    const p = readPercent(percent);
    if (p === undefined) {
      setErrors((e) => ({ ...e, percent: f.badPercent }));
      setPercentNote(null);
      return;
    }
    edited();
    setErrors((e) => {
      const rest = { ...e };
      delete rest.percent;
      return rest;
    });
    setAmounts(Object.fromEntries(tariffItemCodes.map((code) => {
      const base = latest?.items[code];
      return [code, base === undefined ? '' : amountShown(raiseRials(base, p))];
    })) as Amounts);
    setPercentNote(f.percentApplied(toPersianDigits(toLatinDigits(percent).replace('.', '٫').replace(/[%٪]$/, '').trim())));
  };

  /** The form as the hub's input, or the errors per field. */
  function read(): { ok: true; input: NewTable } | { ok: false; errors: FieldErrors } {
    const errs: FieldErrors = {};
    const effectiveFrom = readEffectiveDay(form.effectiveFrom);
    if (!effectiveFrom) errs.effectiveFrom = fa.fields.invalid_jalali_day!;
    else if (effectiveFrom <= today) errs.effectiveFrom = fa.fields.tariff_backdated!;
    else if (tables.some((x) => x.effectiveFrom === effectiveFrom)) errs.effectiveFrom = f.dayTaken;
    const id = toLatinDigits(form.id).trim().toLowerCase();
    if (!/^[a-z0-9-]{3,60}$/.test(id)) errs.id = f.badId;
    else if (tables.some((x) => x.id === id)) errs.id = f.idTaken;
    const title = normalizeInput(form.title);
    const source = normalizeInput(form.source);
    if (title.length < 2) errs.title = fa.fields.required!;
    if (source.length < 2) errs.source = fa.fields.required!;
    const items: NewTable['items'] = {};
    for (const code of tariffItemCodes) {
      const rials = readRials(amounts[code]);
      if (rials === undefined) errs[`items.${code}`] = f.badAmount;
      else if (rials !== null) items[code] = rials;
    }
    if (Object.keys(items).length === 0 && !tariffItemCodes.some((c) => errs[`items.${c}`])) errs[`items.${tariffItemCodes[0]}`] = f.noItems;
    if (Object.keys(errs).length > 0 || !effectiveFrom) return { ok: false, errors: errs };
    return { ok: true, input: { id, title, effectiveFrom, source, items } };
  }

  function review(e: FormEvent) {
    e.preventDefault();
    const r = read();
    if (!r.ok) {
      setErrors(r.errors);
      setMessage(fa.errors.INVALID_INPUT);
      setReady(null);
      return;
    }
    setErrors({});
    setMessage(null);
    setReady(r.input);
  }

  async function add() {
    if (!ready || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await client.call('tariff.addTable', ready);
      await onAdded(ready);
    } catch (err) {
      const errs = fieldErrors(err);
      if (err instanceof ApiError && err.code === 'TARIFF_OVERLAP') {
        // someone added a table meanwhile: say at the field which one is taken, from the fresh list
        const fresh = (await onOverlap()) ?? tables;
        const idTaken = fresh.some((x) => x.id === ready.id);
        const dayTaken = fresh.some((x) => x.effectiveFrom === ready.effectiveFrom);
        if (idTaken || !dayTaken) errs.id = f.idTaken;
        if (dayTaken || !idTaken) errs.effectiveFrom = f.dayTaken;
      }
      setErrors(errs);
      setMessage(errorText(err));
      setReady(null);
    } finally {
      setBusy(false);
    }
  }

  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    if (ready) back();
    else onCancel();
  };

  const filled = ready ? Object.keys(ready.items).length : 0;

  return (
    <section className="card" aria-labelledby="tariff-form-title">
      <form className="tariff-form" onSubmit={review} onKeyDown={escape} noValidate aria-labelledby="tariff-form-title">
        <h2 id="tariff-form-title">{f.title}</h2>
        {latest && <p className="lead">{f.prefilled(toPersianDigits(latest.title))}</p>}
        <div className="field-row">
          <Field label={f.effectiveFrom} hint={f.effectiveFromHint} inputMode="numeric" autoFocus required value={form.effectiveFrom} error={errors.effectiveFrom} onChange={setText('effectiveFrom')} />
          <Field label={f.tableTitle} required value={form.title} error={errors.title} onChange={setText('title')} />
        </div>
        <div className="field-row">
          <Field label={f.source} hint={f.sourceHint} required value={form.source} error={errors.source} onChange={setText('source')} />
          <Field label={f.id} hint={f.idHint} dir="ltr" required spellCheck={false} autoCapitalize="off" value={form.id} error={errors.id} onChange={setText('id')} />
        </div>

        {latest && (
          <fieldset className="tariff-percent">
            <legend>{f.percentLegend}</legend>
            <p className="field-hint">{f.percentRule}</p>
            <div className="field-row">
              <Field
                label={f.percent}
                hint={f.percentHint}
                inputMode="decimal"
                value={percent}
                error={errors.percent}
                onChange={(e) => setPercent(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    applyPercent();
                  }
                }}
              />
              <div className="tariff-percent-apply">
                <button type="button" className="button" onClick={applyPercent}>
                  {f.applyPercent}
                </button>
              </div>
            </div>
            <FormNotice notice={percentNote} />
          </fieldset>
        )}

        <fieldset>
          <legend>{f.itemsLegend}</legend>
          <p className="field-hint">{f.itemsHint}</p>
          <div className="tariff-item-fields">
            {tariffItemCodes.map((code) => {
              const before = latest?.items[code];
              return (
                <MoneyField
                  key={code}
                  label={feeLineFa[code]}
                  hint={latest ? (before === undefined ? f.previousMissing : f.previous(formatRialsDigits(before))) : undefined}
                  value={amounts[code]}
                  error={errors[`items.${code}`]}
                  onChange={(value) => {
                    edited();
                    setAmounts((a) => ({ ...a, [code]: value }));
                  }}
                />
              );
            })}
          </div>
        </fieldset>

        <FormError error={message} />

        {ready ? (
          <div className="tariff-confirm" role="group" aria-labelledby="tariff-confirm-title">
            <h3 id="tariff-confirm-title">{f.confirmTitle}</h3>
            <p className="tariff-confirm-sentence">{f.confirm(officeDayLabel(ready.effectiveFrom))}</p>
            <p>
              «{toPersianDigits(ready.title)}» — {f.confirmCount(toPersianDigits(filled), toPersianDigits(tariffItemCodes.length - filled))}
            </p>
            <p>{f.confirmLocked}</p>
            <div className="form-actions">
              <button type="button" className="button button-primary" ref={confirmButton} aria-disabled={busy || undefined} onClick={() => void add()}>
                {busy ? f.saving : f.confirmButton}
              </button>
              <button type="button" className="button" onClick={back}>
                {f.back}
              </button>
            </div>
          </div>
        ) : (
          <div className="form-actions">
            <button type="submit" className="button button-primary" ref={reviewButton}>
              {f.review}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {f.cancel}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
