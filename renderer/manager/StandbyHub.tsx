import { useCallback, useEffect, useState } from 'react';
import type { DeviceView } from '../../core/api/device';
import { STANDBY_COPY_LATE_SECONDS, type StandbyView } from '../../core/api/standby';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { fa } from '../i18n/fa';

/** How old the copy is, in words: seconds under two minutes, then minutes. */
function age(seconds: number): string {
  const t = fa.managerStandby;
  return toPersianDigits(seconds < 120 ? t.seconds(seconds) : t.minutes(Math.floor(seconds / 60)));
}

/**
 * «هاب پشتیبان»: which paired counter PC keeps a copy of the office, the age of its last copy (red
 * once late), and naming one or none (docs/STANDBY.md). Reloaded every 15 s while shown.
 */
export function StandbyHub({ devices }: { devices: readonly DeviceView[] }) {
  const t = fa.managerStandby;
  const { client } = useEnv();
  const [view, setView] = useState<StandbyView | null>(null);
  const [choice, setChoice] = useState<string>('');
  const action = useAction();
  const load = useCallback(() => client.call('standby.status', {}).then(setView, () => {}), [client]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [load]);

  const counters = devices.filter((d) => d.kind === 'counter' && !d.revokedAt);
  const s = view?.standby ?? null;
  const late = s !== null && (s.copyAgeSeconds === null || s.copyAgeSeconds > STANDBY_COPY_LATE_SECONDS);

  async function name(deviceId: number | null) {
    const done = await action.run(() => client.call('standby.name', { deviceId }));
    if (done) {
      setView(done);
      setChoice('');
    }
  }

  return (
    <section className="card" aria-labelledby="standby-title">
      <h2 id="standby-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {view?.superseded && (
        <p className="form-error" role="alert">
          {t.superseded}
        </p>
      )}
      {view && (
        <p role="note" className={late ? 'form-error' : undefined}>
          {s === null
            ? t.none
            : s.lastCopyAt === null || s.copyAgeSeconds === null
              ? t.noCopyYet(toPersianDigits(s.name))
              : t.copy(toPersianDigits(s.name), age(s.copyAgeSeconds), toPersianDigits(formatJalaliDateTime(s.lastCopyAt, true)))}
          {late && s?.lastCopyAt && ` ${t.late}`}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (choice) void name(Number(choice));
        }}
      >
        <label>
          {t.choose}{' '}
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t.pick}</option>
            {counters.map((d) => (
              <option key={d.id} value={d.id}>
                {toPersianDigits(d.name)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit" className="button" disabled={action.busy || !choice}>
          {t.name}
        </button>{' '}
        {s && (
          <button type="button" className="button button-quiet" disabled={action.busy} onClick={() => void name(null)}>
            {t.clear}
          </button>
        )}
        {action.error && (
          <p className="form-error" role="alert">
            {action.error}
          </p>
        )}
      </form>
      <p className="muted device-note">{t.promoteHint}</p>
    </section>
  );
}
