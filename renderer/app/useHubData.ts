import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../core/api/contract';
import { useEnv } from './api';
import { errorText } from './errors';

/**
 * Load something from the hub and load it again whenever one of `events` arrives (debounced),
 * so a screen stays current without polling. Errors become one Persian sentence. When the link to
 * the hub comes back it loads again: events missed while it was down are not replayed, and an error
 * from the outage («سرور دفتر در دسترس نیست») must not outlive it.
 */
export function useHubData<T>(load: () => Promise<T>, events: readonly EventName[], deps: readonly unknown[] = []) {
  const { client } = useEnv();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(null);
    } catch (err) {
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
    const offs = events.map((e) => client.subscribe(e, later));
    let wasDown = client.transport.status() !== 'open';
    const offStatus = client.transport.onStatus((status) => {
      if (status !== 'open') wasDown = true;
      else if (wasDown) {
        wasDown = false;
        void reload();
      }
    });
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
      offStatus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, reload, events.join(',')]);

  return { data, error, reload };
}
