import { useEffect, useState, type FormEvent } from 'react';
import { RECEIPT_PRINTER_DEFAULT_PORT, receiptPapers, type ReceiptPaper, type ReceiptPrinterSetting } from '../../core/api/receiptPrinter';
import { normalizeInput, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { receiptPrintErrorText } from '../counter/ReceiptPrint';
import { fa } from '../i18n/fa';
import { badFormat, hubFieldErrors, readWholeNumber, typed, type FieldErrors } from './forms';
import { useQueueConfig } from './useQueueConfig';

type Counter = { id: number; number: number; active: boolean };
type Printer = { host: string; port: number; paper: ReceiptPaper } | null;

interface Form {
  kind: 'none' | 'network';
  host: string;
  port: string;
  paper: ReceiptPaper;
}

const formOf = (s: ReceiptPrinterSetting | null): Form =>
  s ? { kind: 'network', host: s.host, port: typed(s.port), paper: s.paper } : { kind: 'none', host: '', port: typed(RECEIPT_PRINTER_DEFAULT_PORT), paper: '80mm' };

const printerOf = (s: ReceiptPrinterSetting | null): Printer => (s ? { host: s.host, port: s.port, paper: s.paper } : null);

/** The printer the form describes, or the field errors that keep it from being one. */
function printerOfForm(form: Form): { printer: Printer } | { errors: FieldErrors } {
  if (form.kind === 'none') return { printer: null };
  const errors: FieldErrors = {};
  // typed on a Persian keyboard too: «۱۹۲.۱۶۸.۱.۶۰» is 192.168.1.60
  const host = normalizeInput(form.host);
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) errors['printer.host'] = badFormat();
  const port = readWholeNumber(form.port);
  if (port == null || port < 1 || port > 65535) errors['printer.port'] = badFormat();
  if (Object.keys(errors).length > 0 || port == null) return { errors };
  return { printer: { host, port, paper: form.paper } };
}

const same = (a: Printer, b: Printer) => (a === null || b === null ? a === b : a.host === b.host && a.port === b.port && a.paper === b.paper);

type Message = { tone: 'ok' | 'warn' | 'error'; text: string };

/** «چاپگر رسید باجه‌ها»: per counter, its thermal receipt printer on the network, and a test print. */
export function ReceiptPrinterSettings({ counters }: { counters: readonly Counter[] }) {
  const t = fa.managerReceiptPrinter;
  const [counterId, setCounterId] = useState<number | null>(counters[0]?.id ?? null);

  return (
    <section className="card" aria-labelledby="receipt-printer-title">
      <h2 id="receipt-printer-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {counters.length === 0 || counterId === null ? (
        <EmptyState>{t.noCounters}</EmptyState>
      ) : (
        <>
          <div className="field">
            <label htmlFor="receipt-printer-counter">{t.counter}</label>
            <select id="receipt-printer-counter" value={counterId} onChange={(e) => setCounterId(Number(e.target.value))}>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {t.counterName(toPersianDigits(String(c.number)))}
                </option>
              ))}
            </select>
          </div>
          <CounterReceiptPrinter key={counterId} counterId={counterId} />
        </>
      )}
    </section>
  );
}

function CounterReceiptPrinter({ counterId }: { counterId: number }) {
  const t = fa.managerReceiptPrinter;
  const { client } = useEnv();
  const [saved, setSaved] = useState<{ printer: Printer } | null>(null);
  const [form, setForm] = useState<Form>(() => formOf(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [messages, setMessages] = useState<Message[]>([]);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);

  useEffect(() => {
    let live = true;
    client.call('receiptPrinter.get', { counterId }).then(
      ({ printer }) => {
        if (!live) return;
        setSaved({ printer: printerOf(printer) });
        setForm(formOf(printer));
      },
      (err: unknown) => live && setMessages([{ tone: 'error', text: errorText(err) }]),
    );
    return () => void (live = false);
  }, [client, counterId]);

  const current = printerOfForm(form);
  const dirty = !saved || !('printer' in current) || !same(current.printer, saved.printer);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if ('errors' in current) {
      setErrors(current.errors);
      setMessages([{ tone: 'error', text: fa.errors.INVALID_INPUT }]);
      return;
    }
    setBusy('save');
    setErrors({});
    setMessages([]);
    try {
      const { printer } = await client.call('receiptPrinter.set', { counterId, printer: current.printer });
      setSaved({ printer: printerOf(printer) });
      setForm(formOf(printer));
      setMessages([{ tone: 'ok', text: printer ? t.saved : t.removed }]);
    } catch (err) {
      setErrors(hubFieldErrors(err));
      setMessages([{ tone: 'error', text: errorText(err) }]);
    } finally {
      setBusy(null);
    }
  }

  async function testPrint() {
    if (busy) return;
    // The hub prints with what is saved; testing unsaved changes would test the old printer.
    if (dirty) return setMessages([{ tone: 'warn', text: t.saveFirst }]);
    setBusy('test');
    setMessages([{ tone: 'ok', text: t.testing }]);
    try {
      const { nearEnd } = await client.call('receiptPrinter.test', { counterId });
      setMessages([{ tone: 'ok', text: t.testOk }, ...(nearEnd ? [{ tone: 'warn' as const, text: t.nearEnd }] : [])]);
    } catch (err) {
      setMessages([{ tone: 'error', text: receiptPrintErrorText(err) }]);
    } finally {
      setBusy(null);
    }
  }

  if (!saved) return messages.length > 0 ? <p className="form-error" role="alert">{messages[0]!.text}</p> : <EmptyState>{fa.common.loading}</EmptyState>;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <form onSubmit={save} noValidate aria-labelledby="receipt-printer-title">
      {saved.printer === null && <p className="muted">{t.notSet}</p>}
      <fieldset className="check-group">
        <legend>{t.has}</legend>
        <label className="check">
          <input type="radio" name="receipt-printer-kind" value="none" checked={form.kind === 'none'} onChange={() => set('kind', 'none')} />
          <span>{t.none}</span>
        </label>
        <label className="check">
          <input type="radio" name="receipt-printer-kind" value="network" checked={form.kind === 'network'} onChange={() => set('kind', 'network')} />
          <span>{t.network}</span>
        </label>
      </fieldset>
      {form.kind === 'network' && (
        <>
          <div className="field-row">
            <Field label={t.host} hint={t.hostHint} dir="ltr" spellCheck={false} autoCapitalize="none" required value={form.host} error={errors['printer.host']} onChange={(e) => set('host', e.target.value)} />
            <Field label={t.port} hint={t.portHint} inputMode="numeric" required value={form.port} error={errors['printer.port']} onChange={(e) => set('port', e.target.value)} />
          </div>
          <fieldset className="check-group">
            <legend>{t.paper}</legend>
            {receiptPapers.map((p) => (
              <label key={p} className="check">
                <input type="radio" name="receipt-printer-paper" value={p} checked={form.paper === p} onChange={() => set('paper', p)} />
                <span>{t.paperWidth[p]}</span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      {messages.map((m) => (
        <p key={m.text} className={m.tone === 'error' ? 'form-error' : m.tone === 'warn' ? 'form-warning' : 'form-notice'} role={m.tone === 'ok' ? 'status' : 'alert'}>
          {m.text}
        </p>
      ))}
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={busy !== null || undefined}>
          {busy === 'save' ? fa.managerQueue.saving : fa.common.save}
        </button>
        {form.kind === 'network' && (
          <button type="button" className="button" aria-disabled={busy !== null || undefined} onClick={() => void testPrint()}>
            {t.test}
          </button>
        )}
      </div>
    </form>
  );
}

/** The receipt printers on their own, for «تنظیمات», next to the card terminals. */
export function CounterReceiptPrinterSettings() {
  const { config, error } = useQueueConfig();
  if (!config) return error ? <p className="form-error" role="alert">{error}</p> : <EmptyState>{fa.common.loading}</EmptyState>;
  return <ReceiptPrinterSettings counters={config.counters} />;
}
