import { useState, type FormEvent } from 'react';
import type { PrinterConfig } from '../../core/api/queue';
import { normalizeInput } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { badFormat, hubFieldErrors, readWholeNumber, typed, type FieldErrors } from './forms';

type Paper = Extract<PrinterConfig, { kind: 'network' }>['paper'];
const papers: readonly Paper[] = ['80mm', '58mm'];
const DEFAULT_PORT = 9100;

interface Form {
  kind: PrinterConfig['kind'];
  host: string;
  port: string;
  paper: Paper;
}

const formOf = (p: PrinterConfig): Form =>
  p.kind === 'network' ? { kind: 'network', host: p.host, port: typed(p.port), paper: p.paper } : { kind: 'none', host: '', port: typed(DEFAULT_PORT), paper: '80mm' };

/** The printer the form describes, or the field errors that keep it from being one. */
function configOf(form: Form): { config: PrinterConfig } | { errors: FieldErrors } {
  if (form.kind === 'none') return { config: { kind: 'none' } };
  const errors: FieldErrors = {};
  // People type addresses on a Persian keyboard too: «۱۹۲.۱۶۸.۱.۵۰» is 192.168.1.50.
  const host = normalizeInput(form.host);
  if (host === '') errors['printer.host'] = fa.fields.invalid_type ?? badFormat();
  const port = readWholeNumber(form.port);
  if (port == null || port < 1 || port > 65535) errors['printer.port'] = badFormat();
  if (Object.keys(errors).length > 0 || port == null) return { errors };
  return { config: { kind: 'network', host, port, paper: form.paper } };
}

function same(a: PrinterConfig, b: PrinterConfig): boolean {
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  return a.host === b.host && a.port === b.port && a.paper === b.paper;
}

type Message = { tone: 'ok' | 'warn' | 'error'; text: string };

/** The ticket printer: none, or a thermal printer on the network; and a test print of what is saved. */
export function PrinterSettings({ printer, onSaved }: { printer: PrinterConfig; onSaved?: () => void }) {
  const { client } = useEnv();
  const [saved, setSaved] = useState(printer);
  const [form, setForm] = useState(() => formOf(printer));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [messages, setMessages] = useState<Message[]>([]);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const t = fa.managerQueue.printer;

  const current = configOf(form);
  const dirty = !('config' in current) || !same(current.config, saved);

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
      await client.call('queue.setPrinter', { printer: current.config });
      setSaved(current.config);
      setMessages([{ tone: 'ok', text: t.saved }]);
      onSaved?.();
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
      const { nearEnd } = await client.call('queue.testPrinter', {});
      setMessages([{ tone: 'ok', text: t.testOk }, ...(nearEnd ? [{ tone: 'warn' as const, text: t.nearEnd }] : [])]);
    } catch (err) {
      setMessages([{ tone: 'error', text: errorText(err) }]);
    } finally {
      setBusy(null);
    }
  }

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <section className="card" aria-labelledby="printer-title">
      <h2 id="printer-title">{t.title}</h2>
      <form onSubmit={save} noValidate aria-labelledby="printer-title">
        <fieldset className="check-group">
          <legend>{t.kind}</legend>
          <label className="check">
            <input type="radio" name="printer-kind" value="none" checked={form.kind === 'none'} onChange={() => set('kind', 'none')} />
            <span>{t.none}</span>
          </label>
          <label className="check">
            <input type="radio" name="printer-kind" value="network" checked={form.kind === 'network'} onChange={() => set('kind', 'network')} />
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
                  <input type="radio" name="printer-paper" value={p} checked={form.paper === p} onChange={() => set('paper', p)} />
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
    </section>
  );
}
