import { useState, type ReactNode } from 'react';
import { toPersianDigits } from '../../core/text/digits';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { useQueueConfig } from './useQueueConfig';

type Counter = { id: number; number: number; active: boolean };

export interface PerCounterTexts {
  title: string;
  intro: string;
  noCounters: string;
  counter: string;
  counterName: (n: string) => string;
}

/**
 * A device every counter has its own of (card terminal, receipt printer): a card with a counter
 * picker and the chosen counter's form, remounted per counter so one counter's edits never show
 * on another's.
 */
export function PerCounterSection({ id, texts: t, counters, children }: { id: string; texts: PerCounterTexts; counters: readonly Counter[]; children: (counterId: number) => ReactNode }) {
  const [counterId, setCounterId] = useState<number | null>(counters[0]?.id ?? null);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {counters.length === 0 || counterId === null ? (
        <EmptyState>{t.noCounters}</EmptyState>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-counter`}>{t.counter}</label>
            <select id={`${id}-counter`} value={counterId} onChange={(e) => setCounterId(Number(e.target.value))}>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {t.counterName(toPersianDigits(String(c.number)))}
                </option>
              ))}
            </select>
          </div>
          <div key={counterId}>{children(counterId)}</div>
        </>
      )}
    </section>
  );
}

/** The section fed with the office's counters (the manager's «تنظیمات»). */
export function withOfficeCounters(render: (counters: readonly Counter[]) => ReactNode) {
  return function OfficeCounters() {
    const { config, error } = useQueueConfig();
    if (!config) return error ? <p className="form-error" role="alert">{error}</p> : <EmptyState>{fa.common.loading}</EmptyState>;
    return <>{render(config.counters)}</>;
  };
}
