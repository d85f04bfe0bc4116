import { useEffect, useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { TERMINAL_TIMEOUT_MAX_MS, TERMINAL_TIMEOUT_MIN_MS, terminalBaseUrl } from '../../core/api/terminal';
import { normalizeInput } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { PerCounterSection, withOfficeCounters } from './PerCounterSection';
import { badFormat, hubFieldErrors, readWholeNumber, typed, type FieldErrors } from './forms';
import { SaveButton } from './InlineForm';

type Setting = NonNullable<ProcedureOutput<'terminal.get'>['terminal']>;
type Counter = { id: number; number: number; active: boolean };

const DEFAULT_BASE_URL = 'http://127.0.0.1:8000';
const DEFAULT_TIMEOUT_S = 120;

interface Form {
  baseUrl: string;
  timeout: string;
  terminalId: string;
}

const formOf = (s: Setting | null): Form =>
  s
    ? { baseUrl: s.baseUrl, timeout: typed(Math.round(s.timeoutMs / 1000)), terminalId: s.terminalId ?? '' }
    : { baseUrl: DEFAULT_BASE_URL, timeout: typed(DEFAULT_TIMEOUT_S), terminalId: '' };

/** The input `terminal.set` gets from the form, or the field errors that keep it from being one. */
function inputOf(counterId: number, form: Form) {
  const errors: FieldErrors = {};
  const baseUrl = terminalBaseUrl.safeParse(form.baseUrl);
  if (!baseUrl.success) errors.baseUrl = badFormat();
  const seconds = readWholeNumber(form.timeout);
  if (seconds == null || seconds * 1000 < TERMINAL_TIMEOUT_MIN_MS || seconds * 1000 > TERMINAL_TIMEOUT_MAX_MS) errors.timeoutMs = badFormat();
  const terminalId = normalizeInput(form.terminalId).toUpperCase();
  if (terminalId !== '' && !/^[0-9A-Z]{1,16}$/.test(terminalId)) errors.terminalId = badFormat();
  if (!baseUrl.success || seconds == null || Object.keys(errors).length > 0) return { errors };
  return { input: { counterId, kind: 'sadad' as const, baseUrl: baseUrl.data, timeoutMs: seconds * 1000, ...(terminalId ? { terminalId } : {}) } };
}

type Message = { tone: 'ok' | 'error'; text: string };

/** «کارتخوان باجه‌ها»: per counter, where its bank card terminal's service listens and how long a sale may take. */
export function TerminalSettings({ counters }: { counters: readonly Counter[] }) {
  return (
    <PerCounterSection id="terminal" texts={fa.managerTerminal} counters={counters}>
      {(counterId) => <CounterTerminal counterId={counterId} />}
    </PerCounterSection>
  );
}

function CounterTerminal({ counterId }: { counterId: number }) {
  const t = fa.managerTerminal;
  const { client } = useEnv();
  const [loaded, setLoaded] = useState<{ setting: Setting | null } | null>(null);
  const [form, setForm] = useState<Form>(() => formOf(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client.call('terminal.get', { counterId }).then(
      ({ terminal }) => {
        if (!live) return;
        setLoaded({ setting: terminal });
        setForm(formOf(terminal));
      },
      (err: unknown) => live && setMessage({ tone: 'error', text: errorText(err) }),
    );
    return () => void (live = false);
  }, [client, counterId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const parsed = inputOf(counterId, form);
    if ('errors' in parsed) {
      setErrors(parsed.errors ?? {});
      setMessage({ tone: 'error', text: fa.errors.INVALID_INPUT });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const { terminal } = await client.call('terminal.set', parsed.input);
      setLoaded({ setting: terminal });
      setForm(formOf(terminal));
      setMessage({ tone: 'ok', text: t.saved });
    } catch (err) {
      setErrors(hubFieldErrors(err));
      setMessage({ tone: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  if (!loaded) return message ? <p className="form-error" role="alert">{message.text}</p> : <EmptyState>{fa.common.loading}</EmptyState>;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <form onSubmit={save} noValidate aria-labelledby="terminal-title">
      {loaded.setting === null && <p className="muted">{t.notSet}</p>}
      <p>
        {t.kind}: {t.kinds.sadad}
      </p>
      <Field label={t.baseUrl} hint={t.baseUrlHint} dir="ltr" spellCheck={false} autoCapitalize="none" required value={form.baseUrl} error={errors.baseUrl} onChange={(e) => set('baseUrl', e.target.value)} />
      <div className="field-row">
        <Field label={t.timeout} hint={t.timeoutHint} inputMode="numeric" required value={form.timeout} error={errors.timeoutMs} onChange={(e) => set('timeout', e.target.value)} />
        <Field label={t.terminalId} hint={t.terminalIdHint} dir="ltr" spellCheck={false} autoCapitalize="characters" value={form.terminalId} error={errors.terminalId} onChange={(e) => set('terminalId', e.target.value)} />
      </div>
      {message && (
        <p className={message.tone === 'error' ? 'form-error' : 'form-notice'} role={message.tone === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className="form-actions">
        <SaveButton busy={busy} />
      </div>
    </form>
  );
}

/** The card terminals on their own, for «تنظیمات», next to the ticket printer. */
export const CounterTerminalSettings = withOfficeCounters((counters) => <TerminalSettings counters={counters} />);
