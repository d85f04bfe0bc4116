import { useState, type FormEvent } from 'react';
import { normalizeInput } from '../../core/text/digits';
import { errorText } from '../app/errors';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { badFormat, hubFieldErrors, readWholeNumber, typed, type FieldErrors } from './forms';

/**
 * A thermal printer on the network — the kiosk's ticket printer and each counter's receipt printer
 * are set the same way: none, or host + port + paper width, saved, then a test print of what is saved.
 */
export type Paper = '80mm' | '58mm';
export const papers: readonly Paper[] = ['80mm', '58mm'];
export type NetworkPrinter = { host: string; port: number; paper: Paper } | null;

interface Form {
  kind: 'none' | 'network';
  host: string;
  port: string;
  paper: Paper;
}
type Message = { tone: 'ok' | 'warn' | 'error'; text: string };

export interface PrinterTexts {
  kind: string;
  none: string;
  network: string;
  host: string;
  hostHint: string;
  port: string;
  portHint: string;
  paper: string;
  paperWidth: Record<Paper, string>;
  test: string;
  saved: string;
  removed?: string;
  saveFirst: string;
  testing: string;
  testOk: string;
  nearEnd: string;
}

const formOf = (p: NetworkPrinter, defaultPort: number): Form =>
  p ? { kind: 'network', host: p.host, port: typed(p.port), paper: p.paper } : { kind: 'none', host: '', port: typed(defaultPort), paper: '80mm' };

/** The printer the form describes, or the field errors that keep it from being one. */
function printerOfForm(form: Form): { printer: NetworkPrinter } | { errors: FieldErrors } {
  if (form.kind === 'none') return { printer: null };
  const errors: FieldErrors = {};
  // typed on a Persian keyboard too: «۱۹۲.۱۶۸.۱.۵۰» is 192.168.1.50
  const host = normalizeInput(form.host);
  if (host === '') errors['printer.host'] = fa.fields.invalid_type ?? badFormat();
  else if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) errors['printer.host'] = badFormat();
  const port = readWholeNumber(form.port);
  if (port == null || port < 1 || port > 65535) errors['printer.port'] = badFormat();
  if (Object.keys(errors).length > 0 || port == null) return { errors };
  return { printer: { host, port, paper: form.paper } };
}

const same = (a: NetworkPrinter, b: NetworkPrinter) => (a === null || b === null ? a === b : a.host === b.host && a.port === b.port && a.paper === b.paper);

export function useNetworkPrinterForm(options: {
  initial: NetworkPrinter;
  defaultPort: number;
  texts: PrinterTexts;
  /** stores the printer; answers with what the hub stored */
  save: (printer: NetworkPrinter) => Promise<NetworkPrinter>;
  test: () => Promise<{ nearEnd: boolean }>;
  testErrorText?: (err: unknown) => string;
}) {
  const { texts: t } = options;
  const [saved, setSaved] = useState<NetworkPrinter>(options.initial);
  const [form, setForm] = useState<Form>(() => formOf(options.initial, options.defaultPort));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [messages, setMessages] = useState<Message[]>([]);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const current = printerOfForm(form);
  const dirty = !('printer' in current) || !same(current.printer, saved);

  /** Another printer to show (another counter's), as saved. */
  function load(printer: NetworkPrinter) {
    setSaved(printer);
    setForm(formOf(printer, options.defaultPort));
    setErrors({});
    setMessages([]);
  }

  async function onSubmit(e: FormEvent) {
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
      const stored = await options.save(current.printer);
      setSaved(stored);
      setForm(formOf(stored, options.defaultPort));
      setMessages([{ tone: 'ok', text: stored === null && t.removed ? t.removed : t.saved }]);
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
      const { nearEnd } = await options.test();
      setMessages([{ tone: 'ok', text: t.testOk }, ...(nearEnd ? [{ tone: 'warn' as const, text: t.nearEnd }] : [])]);
    } catch (err) {
      setMessages([{ tone: 'error', text: (options.testErrorText ?? errorText)(err) }]);
    } finally {
      setBusy(null);
    }
  }

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  return { form, set, errors, messages, setMessages, busy, onSubmit, testPrint, load };
}

export type NetworkPrinterState = ReturnType<typeof useNetworkPrinterForm>;

/** The kind, host, port and paper fields, then the messages and the save / test buttons. */
export function NetworkPrinterFields({ name, state, texts: t }: { name: string; state: NetworkPrinterState; texts: PrinterTexts }) {
  const { form, set, errors, messages, busy } = state;
  return (
    <>
      <fieldset className="check-group">
        <legend>{t.kind}</legend>
        <label className="check">
          <input type="radio" name={`${name}-kind`} value="none" checked={form.kind === 'none'} onChange={() => set('kind', 'none')} />
          <span>{t.none}</span>
        </label>
        <label className="check">
          <input type="radio" name={`${name}-kind`} value="network" checked={form.kind === 'network'} onChange={() => set('kind', 'network')} />
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
            {papers.map((p) => (
              <label key={p} className="check">
                <input type="radio" name={`${name}-paper`} value={p} checked={form.paper === p} onChange={() => set('paper', p)} />
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
          <button type="button" className="button" aria-disabled={busy !== null || undefined} onClick={() => void state.testPrint()}>
            {t.test}
          </button>
        )}
      </div>
    </>
  );
}
