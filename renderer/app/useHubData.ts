import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../core/api/contract';
import { useEnv } from './api';
import { errorText } from './errors';

export interface HubDataOptions {
  /** Only an event for which this says yes starts a reload (say, the changes of one counter). */
  when?: (event: EventName, payload: unknown) => boolean;
  /**
   * Forget what was loaded as soon as the link to the hub drops, so the screen shows nothing rather
   * than something that may no longer be true (the applicant's screen: the person may have left).
   */
  dropWhenDisconnected?: boolean;
}

/**
 * Load something from the hub and load it again whenever one of `events` arrives (debounced) and
 * whenever the link to the hub comes back (events sent while it was down never arrive), so a screen
 * stays current without polling. Only the latest load's answer is kept: an older one arriving late
 * never overwrites it. Errors become one Persian sentence. An error from the outage («سرور دفتر در دسترس نیست») does not outlive it.
 */
export function useHubData<T>(load: () => Promise<T>, events: readonly EventName[], deps: readonly unknown[] = [], options: HubDataOptions = {}) {
  const { client } = useEnv();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  /** the number of the latest load (or drop); an answer to an earlier one is stale */
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const value = await loadRef.current();
      if (mine !== latest.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (mine !== latest.current) return;
      setError(errorText(err));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    void reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 150);
    };
    const offs = events.map((e) =>
      client.subscribe(e, (payload) => {
        const when = optionsRef.current.when;
        if (!when || when(e, payload)) later();
      }),
    );
    let status = client.transport.status();
    const offStatus = client.transport.onStatus((now) => {
      const was = status;
      status = now;
      if (now !== 'open') {
        if (optionsRef.current.dropWhenDisconnected) {
          clearTimeout(timer);
          latest.current++; // a load still out answers for a link that is gone
          setData(null);
          setError(null);
        }
      } else if (was !== 'open') {
        clearTimeout(timer);
        void reload();
      }
    });
    return () => {
      clearTimeout(timer);
      offStatus();
      for (const off of offs) off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, reload, events.join(',')]);

  return { data, error, reload };
}
