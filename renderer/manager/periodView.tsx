import { useState, type FormEvent } from 'react';
import { statisticsPeriod } from '../../core/api/statistics';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText, fieldErrors } from '../app/errors';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';

const t = fa.statisticsScreen;

/** `1405-09-07` → «۱۴۰۵/۰۹/۰۷» */
export const dayShown = (d: string) => toPersianDigits(d.replaceAll('-', '/'));

/** The period as typed (Persian or Latin digits) → the hub's input, or the Persian error per field. */
export function parsePeriod(from: string, to: string): { ok: true; input: { from: string; to: string } } | { ok: false; errors: Record<string, string> } {
  const parsed = statisticsPeriod.safeParse({ from, to });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'from')] ??= t.invalidDay;
    return { ok: false, errors };
  }
  if (parsed.data.to < parsed.data.from) return { ok: false, errors: { to: t.beforeFrom } };
  return { ok: true, input: parsed.data };
}

/** The first of this month to today, as the fields show them. */
export function defaultPeriod(): { from: string; to: string } {
  const today = officeDay(new Date());
  return { from: dayShown(`${today.slice(0, 8)}01`), to: dayShown(today) };
}

export interface PeriodView<T> {
  inputs: { from: string; to: string };
  setInputs: (update: (v: { from: string; to: string }) => { from: string; to: string }) => void;
  /** what the hub answered for the period last shown; null before, or after a refusal */
  shown: T | null;
  errors: Record<string, string>;
  error: string | null;
  setError: (error: string | null) => void;
  loading: boolean;
  submit: (e: FormEvent) => Promise<void>;
}

/**
 * A manager's screen of one period (the statistics package, the compliance view): the two days as
 * typed, checked here, then `load` asks the hub; a refusal is said per field and under the form.
 */
export function usePeriodView<T>(load: (client: ReturnType<typeof useEnv>['client'], period: { from: string; to: string }) => Promise<T>): PeriodView<T> {
  const { client } = useEnv();
  const [inputs, setInputs] = useState(defaultPeriod);
  const [shown, setShown] = useState<T | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parsePeriod(inputs.from, inputs.to);
    setError(null);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setLoading(true);
    try {
      setShown(await load(client, parsed.input));
    } catch (err) {
      setShown(null);
      setError(errorText(err));
      setErrors(fieldErrors(err));
    } finally {
      setLoading(false);
    }
  }

  return { inputs, setInputs, shown, errors, error, setError, loading, submit };
}

/** The period's two fields and the button that shows it. */
export function PeriodForm({ view, show }: { view: PeriodView<unknown>; show: string }) {
  const { inputs, setInputs, errors, loading } = view;
  return (
    <form className="field-row report-period" onSubmit={(e) => void view.submit(e)} noValidate>
      <Field label={t.from} hint={t.dayHint} error={errors.from} value={inputs.from} onChange={(e) => setInputs((v) => ({ ...v, from: e.target.value }))} inputMode="numeric" autoComplete="off" />
      <Field label={t.to} hint={t.dayHint} error={errors.to} value={inputs.to} onChange={(e) => setInputs((v) => ({ ...v, to: e.target.value }))} inputMode="numeric" autoComplete="off" />
      <div className="report-period-submit">
        <button type="submit" className="button button-primary" aria-disabled={loading || undefined}>
          {show}
        </button>
      </div>
    </form>
  );
}
